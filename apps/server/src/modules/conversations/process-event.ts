import { loadInboundEvent, markEventsProcessed, recordEventError, type NormalizedEvent } from '../channels';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { applyStatus } from './apply-status';
import { receiveInbound } from './receive-inbound';

/**
 * The job behind every stored inbound event. Idempotent: a processed event is skipped, and the message
 * insert is keyed by its provider id, so a job that runs twice has one effect.
 */
export async function processInboundEvent(deps: Deps, data: { workspaceId: string; eventId: string }): Promise<void> {
  const event = await loadInboundEvent(deps, data.workspaceId, data.eventId);
  if (!event || event.processedAt) return;
  const payload = event.payload as NormalizedEvent;
  try {
    await withTx(deps.db, async (tx) => {
      if (payload.kind === 'message') await receiveInbound(deps, tx, event.workspaceId, event.channelId, payload);
      else if (payload.kind === 'status') await applyStatus(deps, tx, event.workspaceId, event.channelId, payload);
      else deps.log.info({ field: payload.field, channelId: event.channelId }, 'webhook change kept, not handled yet');
      await markEventsProcessed(tx, event.workspaceId, [event.id], deps.clock.now());
    });
  } catch (err) {
    // Keep the reason beside the raw event; the job retries, then dead-letters without holding up others.
    await recordEventError(deps.db, event.workspaceId, event.id, String((err as Error).message ?? err));
    deps.log.error({ err, eventId: event.id, kind: payload.kind }, 'inbound event failed');
    throw err;
  }
}
