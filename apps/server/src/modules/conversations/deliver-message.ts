import { and, eq, isNull, sql } from 'drizzle-orm';
import { ChannelSendError, getChannel, sendOutbound, sendMessageJob } from '../channels';
import { addIdentityKey, identityKeys } from '../contacts';
import type { Deps } from '../../platform/deps';
import type { JobContext } from '../../platform/queue';
import { botMessageBlocked, failUnsent } from './bot-recheck';
import type { OutboundContent } from './send-message';
import { messages } from './tables';

const WINDOW_CLOSED_HINT = 'Outside the 24-hour window: send a template instead.';

/**
 * The send job: hand queued messages to their channel, one after the other (those queued together travel in one
 * job, so they arrive in order). Runs at least once, so each message is first checked not to have been handed over
 * already (a status webhook echoing our id may have reconciled a send whose answer was lost); a retryable provider
 * error retries the job with backoff (the messages already sent are skipped then), a definitive one fails that
 * message at once and the next one goes on.
 */
export async function deliverMessage(
  deps: Deps,
  data: { workspaceId: string; messageId: string; then?: string[] },
  job: JobContext,
): Promise<void> {
  for (const messageId of [data.messageId, ...(data.then ?? [])]) await deliverOne(deps, data.workspaceId, messageId, job);
}

async function deliverOne(deps: Deps, workspaceId: string, messageId: string, job: JobContext): Promise<void> {
  const [m] = await deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  if (!m || m.status !== 'queued' || m.providerMessageId) return;
  if (m.senderType === 'bot') {
    const blocked = await botMessageBlocked(deps, m);
    if (blocked) return failUnsent(deps, m, blocked);
  }
  const channel = await getChannel(deps.db, m.workspaceId, m.channelId);
  const keys = await identityKeys(deps.db, m.workspaceId, m.channelId, m.contactId);
  try {
    const result = await sendOutbound(deps, channel, { recipientKeys: keys, content: m.content as OutboundContent, correlationId: m.id });
    // Providers without delivery receipts (Telegram, the widget) say `sent` now: no status webhook will. A status
    // already moved further (a fast "delivered") is kept: statuses only move forward.
    const sentNow = result.status === 'sent' ? deps.clock.now() : undefined;
    const [updated] = await deps.db
      .update(messages)
      .set({
        providerMessageId: result.providerMessageId,
        ...(sentNow
          ? {
              status: sql`case when ${messages.status} = 'queued' then 'sent' else ${messages.status} end`,
              sentAt: sql`coalesce(${messages.sentAt}, ${sentNow})`,
            }
          : {}),
      })
      .where(and(eq(messages.workspaceId, m.workspaceId), eq(messages.id, m.id), isNull(messages.providerMessageId)))
      .returning({ status: messages.status });
    if (sentNow && updated) {
      await deps.realtime.publish(deps.db, `workspace:${m.workspaceId}`, {
        name: 'message.status',
        data: { conversationId: m.conversationId, messageId: m.id, status: updated.status },
      });
    }
    // WhatsApp may answer with another id for the same person (Brazil's mobile 9): remember it.
    if (result.recipientKey && !keys.includes(result.recipientKey)) {
      await addIdentityKey(deps.db, m.workspaceId, m.channelId, m.contactId, result.recipientKey, deps.clock.now());
    }
  } catch (err) {
    if (!(err instanceof ChannelSendError)) throw err;
    const lastAttempt = job.retryCount >= (sendMessageJob.retryLimit ?? 0);
    if (err.retryable && !lastAttempt) {
      deps.log.warn(
        { messageId: m.id, code: err.code, classification: err.classification, retry: job.retryCount },
        'send failed; will retry',
      );
      throw err;
    }
    await deps.db
      .update(messages)
      .set({
        status: 'failed',
        failedAt: deps.clock.now(),
        errorCode: err.code ?? null,
        errorTitle: err.classification === 'window_closed' ? WINDOW_CLOSED_HINT : (err.title ?? err.classification),
        errorDetails: err.details ?? null,
      })
      .where(and(eq(messages.workspaceId, m.workspaceId), eq(messages.id, m.id), eq(messages.status, 'queued')));
    await deps.realtime.publish(deps.db, `workspace:${m.workspaceId}`, {
      name: 'message.status',
      data: { conversationId: m.conversationId, messageId: m.id, status: 'failed' },
    });
    deps.log.warn({ messageId: m.id, code: err.code, classification: err.classification }, 'message failed');
  }
}
