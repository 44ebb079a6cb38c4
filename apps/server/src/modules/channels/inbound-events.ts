// The stored inbound events as the conversation core processes them: loaded, drained in each customer's order,
// marked processed (or kept with their error for the retry); and how far behind a channel's processing is.
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { inboundEvents } from './tables';

export type StoredInboundEvent = typeof inboundEvents.$inferSelect;

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
 * Unprocessed events of these customers, each up to (and including) its own last `seq`, in arrival order: one
 * statement for a batch (a range scan of the pending-by-key partial index per customer), or for one customer.
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

/**
 * When the oldest webhook event of a channel that is stored but not yet applied arrived (null: none waits). Campaign
 * reconciliation asks before resending a call whose answer was lost: a status for it may be among these. Events that
 * already failed (retrying, or dead-lettered) are left out, so one poison event cannot hold reconciliation forever.
 */
export async function oldestUnprocessedEvent(db: Db, workspaceId: string, channelId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<Date | null>`min(${inboundEvents.receivedAt})`.mapWith(inboundEvents.receivedAt) })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.workspaceId, workspaceId),
        eq(inboundEvents.channelId, channelId),
        isNull(inboundEvents.processedAt),
        isNull(inboundEvents.error),
      ),
    );
  return row?.at ?? null;
}
