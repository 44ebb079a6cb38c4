import { sendMessageJob, validateOutboundContent, type OutboundRequestContent } from '../channels';
import { recordOutboundStats, windowClosesAt } from '../contacts';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { trackLinks } from './links';
import { getConversationSettings } from './settings';
import { touchSession } from './sessions';
import { conversationTouchedByUs } from './state';
import { messages } from './tables';

export type OutboundContent = OutboundRequestContent;

export interface QueueOutboundInput {
  workspaceId: string;
  conversationId: string;
  contactId: string;
  channelId: string;
  senderType: 'bot' | 'agent' | 'system' | 'api';
  senderUserId?: string;
  content: OutboundContent;
}

/**
 * Queue a message to the customer in the caller's transaction: free-form only inside the 24-hour window
 * (templates always), links made trackable, statistics and session updated, and a send job enqueued that
 * exists only if the transaction commits.
 */
export async function queueOutbound(deps: Deps, tx: Db, input: QueueOutboundInput) {
  const now = deps.clock.now();
  validateOutboundContent(input.content);
  const isTemplate = input.content.type === 'template';
  if (!isTemplate) {
    const closes = await windowClosesAt(tx, input.workspaceId, input.channelId, input.contactId);
    if (!closes || closes <= now) {
      throw new AppError('window_closed', 'The 24-hour window is closed: only a template can be sent to this customer now', {
        windowClosedAt: closes?.toISOString() ?? null,
      });
    }
  }
  const [row] = await tx
    .insert(messages)
    .values({
      workspaceId: input.workspaceId,
      conversationId: input.conversationId,
      contactId: input.contactId,
      channelId: input.channelId,
      direction: 'out',
      senderType: input.senderType,
      senderUserId: input.senderUserId ?? null,
      type: input.content.type,
      text: input.content.text,
      content: input.content as unknown as Record<string, unknown>,
      isTemplate,
      status: 'queued',
      createdAt: now,
      arrivedAt: now,
    })
    .returning({ id: messages.id });
  const messageId = row!.id;
  if (input.content.type === 'text') {
    await trackLinks(deps, tx, { workspaceId: input.workspaceId, messageId, contactId: input.contactId, text: input.content.text });
  }
  const byAgent = input.senderType === 'agent';
  const settings = await getConversationSettings(tx, input.workspaceId);
  const session = isTemplate
    ? null
    : await touchSession(tx, { ...input, at: now, sessionMinutes: settings.sessionMinutes, infinite: false, byAgent });
  await recordOutboundStats(tx, input.workspaceId, input.contactId, {
    at: now,
    text: input.content.text,
    template: isTemplate,
    byAgent,
    session,
  });
  await conversationTouchedByUs(tx, input.workspaceId, input.conversationId, now);
  await deps.queue.enqueue(tx, sendMessageJob, { workspaceId: input.workspaceId, messageId });
  await deps.realtime.publish(tx, `workspace:${input.workspaceId}`, {
    name: 'message.created',
    data: { conversationId: input.conversationId, messageId, contactId: input.contactId },
  });
  return messageId;
}
