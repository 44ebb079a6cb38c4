// The job behind `POST /messages/template`: one slot on the number's limiter, the call, the answer recorded. The
// same rules as a campaign's recipient: 130429 waits for the number's pause, 131056 and transient refusals come back
// later with backoff, definitive ones fail the message. A lost answer is never resent at once: a check run after
// CAMPAIGN_RECONCILE_SECONDS looks for the status webhook first, and only a message still without any status is
// sent again (at-least-once, with T as its duplicate window — the same T as campaigns).
import { and, eq } from 'drizzle-orm';
import { getChannel, sendOutbound } from '../../channels';
import { identityKeys } from '../../contacts';
import { messagesTable, recordHandedOver, recordNotSent } from '../../conversations';
import type { Deps } from '../../../platform/deps';
import { ensureSender, pauseSender, reserveSlots } from './limiter';
import { sendTemplateJob } from './job-definitions';
import { verdictOf } from './outcomes';

const THROTTLE_PAUSE_MS = 1000;

export async function deliverTemplate(
  deps: Deps,
  data: { workspaceId: string; messageId: string; attempt: number; check?: boolean },
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Promise<void> {
  const m = messagesTable;
  const [msg] = await deps.db
    .select()
    .from(m)
    .where(and(eq(m.workspaceId, data.workspaceId), eq(m.id, data.messageId)));
  // Already answered, or reconciled by a status webhook: nothing to send.
  if (!msg || msg.status !== 'queued' || msg.providerMessageId) return;
  const again = (attempt: number, startAfter: Date, check?: boolean) =>
    deps.queue.enqueue(
      undefined,
      sendTemplateJob,
      { workspaceId: data.workspaceId, messageId: data.messageId, attempt, ...(check ? { check } : {}) },
      { startAfter },
    );

  const channel = await getChannel(deps.db, msg.workspaceId, msg.channelId);
  await ensureSender(deps.db, msg.workspaceId, channel.id, deps.clock.now());
  const slot = await reserveSlots(deps.db, channel.id, 1, deps.clock.now());
  if (!slot.ok) return void (await again(data.attempt, new Date(slot.pausedUntil)));
  const wait = slot.slots[0]! - deps.clock.now().getTime();
  if (wait > 0) await sleep(wait);

  const keys = await identityKeys(deps.db, msg.workspaceId, msg.channelId, msg.contactId);
  try {
    const res = await sendOutbound(deps, channel, { recipientKeys: keys, content: msg.content as never, correlationId: msg.id });
    await recordHandedOver(deps.db, msg.workspaceId, [{ messageId: msg.id, providerMessageId: res.providerMessageId }]);
  } catch (err) {
    const now = deps.clock.now();
    const v = verdictOf(err, { id: msg.id, messageId: msg.id, attempts: data.attempt }, now);
    if (v.throttled) {
      await pauseSender(deps.db, channel.id, now, THROTTLE_PAUSE_MS);
      return void (await again(data.attempt, new Date(now.getTime() + THROTTLE_PAUSE_MS)));
    }
    if (v.kind === 'retry') return void (await again(data.attempt + 1, v.notBefore));
    if (v.kind === 'uncertain') {
      return void (await again(data.attempt + 1, new Date(now.getTime() + deps.config.campaigns.reconcileSeconds * 1000), true));
    }
    const reason = 'reason' in v && v.reason ? v.reason : 'WhatsApp refused the message';
    const code = v.kind === 'failed' ? v.code : null;
    await recordNotSent(deps, deps.db, msg.workspaceId, [{ messageId: msg.id, code, title: reason }]);
  }
}
