import { sql } from 'drizzle-orm';
import { loadInboundEvent, markEventsProcessed, pendingEventsOf, recordEventError, type NormalizedEvent } from '../channels';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { applyStatus } from './apply-status';
import type { InboundHooks } from './customer-message';
import { receiveInbound } from './receive-inbound';

type StoredEvent = NonNullable<Awaited<ReturnType<typeof loadInboundEvent>>>;

/**
 * The job behind every stored inbound event. Idempotent: a processed event is skipped, and messages are
 * unique per provider id, so a job that runs twice has one effect.
 *
 * A customer's messages must be applied in the order they arrived ("first message", sessions, counters), but
 * jobs may run in any order and on several workers. So a message event takes a lock on its customer and first
 * applies that customer's older pending events, oldest first; their own jobs then find nothing to do.
 */
export async function processInboundEvent(deps: Deps, data: { workspaceId: string; eventId: string }, hooks: InboundHooks): Promise<void> {
  const event = await loadInboundEvent(deps, data.workspaceId, data.eventId);
  if (!event || event.processedAt) return;
  try {
    await withTx(deps.db, async (tx) => {
      if (!event.orderKey) return applyOne(deps, tx, event, hooks);
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${event.orderKey}, 0))`);
      for (const e of await pendingEventsOf(tx, event.workspaceId, event.orderKey, event.seq)) {
        try {
          await tx.transaction((sp) => applyOne(deps, sp as unknown as Db, e, hooks));
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

async function applyOne(deps: Deps, tx: Db, e: StoredEvent, hooks: InboundHooks): Promise<void> {
  const payload = e.payload as NormalizedEvent;
  if (payload.kind === 'message') await receiveInbound(deps, tx, e.workspaceId, e.channelId, payload, e.receivedAt, hooks);
  else if (payload.kind === 'status') await applyStatus(deps, tx, e.workspaceId, e.channelId, payload, hooks.messageStatus);
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
  await markEventsProcessed(tx, e.workspaceId, [e.id], deps.clock.now());
}
