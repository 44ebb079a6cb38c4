import { sql } from 'drizzle-orm';
import {
  loadInboundEvent,
  loadInboundEvents,
  markEventsProcessed,
  pendingEventsOfKeys,
  recordEventError,
  type NormalizedEvent,
  type StoredInboundEvent,
} from '../channels';
import { loadTagRules, type TagRule } from '../contacts';
import { rowsOf, withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { applyStatus } from './apply-status';
import type { InboundHooks } from './customer-message';
import { receiveInbound } from './receive-inbound';

type EventRef = { workspaceId: string; eventId: string };
/** What a batch reads once for all its events, per workspace. */
type BatchReads = { tagRules?: TagRule[] };

/**
 * The job behind every stored inbound event. Idempotent: a processed event is skipped, and messages are
 * unique per provider id, so a job that runs twice has one effect.
 *
 * A customer's messages must be applied in the order they arrived ("first message", sessions, counters), but
 * jobs may run in any order and on several workers. So an event with an order key (a customer's message, or a
 * status of a message to them) takes a lock on its customer and first applies that customer's older pending events,
 * oldest first; their own jobs then find nothing to do. Workers run this for one event when its batch failed, or
 * when its customer was busy (processInboundEvents).
 */
export async function processInboundEvent(deps: Deps, data: { workspaceId: string; eventId: string }, hooks: InboundHooks): Promise<void> {
  const event = await loadInboundEvent(deps, data.workspaceId, data.eventId);
  if (!event || event.processedAt) return;
  try {
    await withTx(deps.db, async (tx) => {
      if (!event.orderKey) return applyAndMark(deps, tx, event, hooks);
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${event.orderKey}, 0))`);
      for (const e of await pendingEventsOfKeys(tx, event.workspaceId, new Map([[event.orderKey, event.seq]]))) {
        try {
          await tx.transaction((sp) => applyAndMark(deps, sp as unknown as Db, e, hooks));
        } catch (err) {
          if (e.id === event.id) throw err;
          // An older event that fails is left to its own job (retries, then the dead-letter queue).
          deps.log.warn({ err, eventId: e.id }, 'older inbound event failed; its own job will retry it');
        }
      }
    });
  } catch (err) {
    // Keep the reason beside the raw event; the job retries, then dead-letters without holding up others.
    await recordEventError(deps.db, event.workspaceId, event.id, String((err as Error).message ?? err));
    deps.log.error({ err, eventId: event.id, kind: event.kind }, 'inbound event failed');
    throw err;
  }
}

/**
 * A worker's batch of events, applied together: per workspace, one transaction that takes the batch's customers
 * it can lock at once, drains each one's pending events up to the batch's last one, applies them in arrival order
 * and marks them processed in one statement. Same effects as processInboundEvent for each, in a fraction of the
 * statements. A customer another worker holds is not waited for inside the batch (that would hold every other
 * customer's locks meanwhile, and batches would queue behind each other): those events run alone afterwards.
 * If anything fails, the error goes to the caller, which runs each event alone (the queue does: BatchHandler);
 * what was already committed is then found processed and skipped.
 */
export async function processInboundEvents(deps: Deps, refs: EventRef[], hooks: InboundHooks): Promise<void> {
  const byWorkspace = new Map<string, string[]>();
  for (const r of refs) byWorkspace.set(r.workspaceId, [...(byWorkspace.get(r.workspaceId) ?? []), r.eventId]);
  const busy: StoredInboundEvent[] = [];
  for (const [workspaceId, ids] of byWorkspace) {
    const loaded = (await loadInboundEvents(deps.db, workspaceId, ids)).filter((e) => !e.processedAt);
    if (loaded.length > 0) busy.push(...(await applyBatch(deps, workspaceId, loaded, hooks)));
  }
  for (const e of busy) await processInboundEvent(deps, { workspaceId: e.workspaceId, eventId: e.id }, hooks);
}

/** One workspace's share of a batch, in one transaction; returns the events whose customer was busy. */
async function applyBatch(deps: Deps, workspaceId: string, loaded: StoredInboundEvent[], hooks: InboundHooks) {
  return withTx(deps.db, async (tx) => {
    const upTo = new Map<string, number>();
    for (const e of loaded) if (e.orderKey) upTo.set(e.orderKey, Math.max(e.seq, upTo.get(e.orderKey) ?? 0));
    const locked = await tryLockKeys(tx, [...upTo.keys()]);
    for (const key of upTo.keys()) if (!locked.has(key)) upTo.delete(key);
    // After the locks: a customer's events another worker applied meanwhile are no longer pending.
    const pending = await pendingEventsOfKeys(tx, workspaceId, upTo);
    const unordered = loaded.filter((e) => !e.orderKey);
    const events = [...pending, ...unordered].sort((a, b) => a.seq - b.seq);
    const reads: BatchReads = {};
    for (const e of events) await applyOne(deps, tx, e, hooks, reads);
    if (events.length > 0)
      await markEventsProcessed(
        tx,
        workspaceId,
        events.map((e) => e.id),
        deps.clock.now(),
      );
    return loaded.filter((e) => e.orderKey && !locked.has(e.orderKey));
  });
}

/** The transaction-level locks of these customers that are free now (never waits, so never deadlocks). */
async function tryLockKeys(tx: Db, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = rowsOf<{ k: string; locked: boolean }>(
    await tx.execute(
      sql`select k, pg_try_advisory_xact_lock(hashtextextended(k, 0)) as locked from unnest(${sql.param(keys)}::text[]) as t(k)`,
    ),
  );
  return new Set(rows.filter((r) => r.locked).map((r) => r.k));
}

/** One event's effects; the caller marks it processed (one event at a time, or a batch at once). */
async function applyOne(deps: Deps, tx: Db, e: StoredInboundEvent, hooks: InboundHooks, reads?: BatchReads): Promise<void> {
  const payload = e.payload as NormalizedEvent;
  if (payload.kind === 'message') {
    if (reads) reads.tagRules ??= await loadTagRules(tx, e.workspaceId);
    await receiveInbound(deps, tx, e.workspaceId, e.channelId, payload, e.receivedAt, hooks, reads?.tagRules);
  } else if (payload.kind === 'status') await applyStatus(deps, tx, e.workspaceId, e.channelId, payload, hooks.messageStatus);
  else if (hooks.providerChange?.length) {
    const change = {
      workspaceId: e.workspaceId,
      channelId: e.channelId,
      field: payload.field,
      value: payload.value,
      receivedAt: e.receivedAt,
    };
    for (const listener of hooks.providerChange) await listener(deps, tx, change);
  } else deps.log.info({ field: payload.field, channelId: e.channelId }, 'webhook change kept, not handled yet');
}

async function applyAndMark(deps: Deps, tx: Db, e: StoredInboundEvent, hooks: InboundHooks): Promise<void> {
  await applyOne(deps, tx, e, hooks);
  await markEventsProcessed(tx, e.workspaceId, [e.id], deps.clock.now());
}
