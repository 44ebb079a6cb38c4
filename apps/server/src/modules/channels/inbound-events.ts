// The stored inbound events as the conversation core processes them: loaded, drained in each customer's order,
// marked processed (or kept with their error for the retry).
import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Deps } from '../../platform/deps';
import { inboundEvents } from './tables';

export type StoredInboundEvent = typeof inboundEvents.$inferSelect;

/** Unprocessed events of one customer up to (and including) `upToSeq`, oldest first. */
export async function pendingEventsOf(db: Deps['db'], workspaceId: string, orderKey: string, upToSeq: number) {
  return db
    .select()
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.workspaceId, workspaceId),
        eq(inboundEvents.orderKey, orderKey),
        isNull(inboundEvents.processedAt),
        lte(inboundEvents.seq, upToSeq),
      ),
    )
    .orderBy(asc(inboundEvents.seq));
}

/** Load a stored event for processing; null once processed (jobs run at least once). */
export async function loadInboundEvent(deps: Deps, workspaceId: string, eventId: string) {
  const [row] = await deps.db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.workspaceId, workspaceId), eq(inboundEvents.id, eventId)));
  return row ?? null;
}

export async function markEventsProcessed(db: Deps['db'], workspaceId: string, ids: string[], at: Date, error?: string) {
  await db
    .update(inboundEvents)
    .set({ processedAt: at, error: error ?? null })
    .where(and(eq(inboundEvents.workspaceId, workspaceId), inArray(inboundEvents.id, ids)));
}

/** Keep why an event failed beside it (it stays unprocessed, and its job retries). */
export async function recordEventError(db: Deps['db'], workspaceId: string, eventId: string, error: string) {
  await db
    .update(inboundEvents)
    .set({ error: error.slice(0, 2000) })
    .where(and(eq(inboundEvents.workspaceId, workspaceId), eq(inboundEvents.id, eventId)));
}

/** Load stored events of one workspace by id (a worker's batch), in arrival order; processed ones included. */
export async function loadInboundEvents(db: Deps['db'], workspaceId: string, ids: string[]): Promise<StoredInboundEvent[]> {
  return db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.workspaceId, workspaceId), inArray(inboundEvents.id, ids)))
    .orderBy(asc(inboundEvents.seq));
}

/**
 * Unprocessed events of several customers, each up to (and including) its own `upToSeq`, in arrival order:
 * one statement for a batch, a range scan of the same partial index as `pendingEventsOf` per customer.
 */
export async function pendingEventsOfKeys(
  db: Deps['db'],
  workspaceId: string,
  upTo: ReadonlyMap<string, number>,
): Promise<StoredInboundEvent[]> {
  if (upTo.size === 0) return [];
  const e = inboundEvents;
  const rows = await db
    .select()
    .from(e)
    .where(
      and(
        eq(e.workspaceId, workspaceId),
        inArray(e.orderKey, [...upTo.keys()]),
        isNull(e.processedAt),
        lte(e.seq, Math.max(...upTo.values())),
      ),
    )
    .orderBy(asc(e.seq));
  return rows.filter((r) => r.seq <= upTo.get(r.orderKey!)!);
}
