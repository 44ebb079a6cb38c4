import { and, eq, isNull } from 'drizzle-orm';
import { ChannelSendError, getChannel, sendOutbound, sendMessageJob } from '../channels';
import { addIdentityKey, identityKeys } from '../contacts';
import type { Deps } from '../../platform/deps';
import type { JobContext } from '../../platform/queue';
import type { OutboundContent } from './send-message';
import { messages } from './tables';

const WINDOW_CLOSED_HINT = 'Outside the 24-hour window: send a template instead.';

/**
 * The send job: hand one queued message to its channel. Runs at least once, so it first checks that the
 * message has not been handed over already (a status webhook echoing our id may have reconciled a send
 * whose answer was lost); retryable provider errors are retried with backoff, definitive ones fail at once.
 */
export async function deliverMessage(deps: Deps, data: { workspaceId: string; messageId: string }, job: JobContext): Promise<void> {
  const [m] = await deps.db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, data.workspaceId), eq(messages.id, data.messageId)));
  if (!m || m.status !== 'queued' || m.providerMessageId) return;
  const channel = await getChannel(deps.db, m.workspaceId, m.channelId);
  const keys = await identityKeys(deps.db, m.workspaceId, m.channelId, m.contactId);
  try {
    const result = await sendOutbound(deps, channel, { recipientKeys: keys, content: m.content as OutboundContent, correlationId: m.id });
    await deps.db
      .update(messages)
      .set({ providerMessageId: result.providerMessageId })
      .where(and(eq(messages.workspaceId, m.workspaceId), eq(messages.id, m.id), isNull(messages.providerMessageId)));
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
