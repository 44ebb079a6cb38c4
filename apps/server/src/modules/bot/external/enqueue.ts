import type { ChannelKind } from '../../channels';
import type { CustomerMessageEvent } from '../../conversations';
import type { Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { botInput } from '../bot-input';
import { externalBotJob } from './job';

/**
 * The bot step in external mode: queue the message for the integrator's bot, in the message's transaction. The
 * HTTP call happens in the job, outside any transaction (a slow bot must not hold the customer's lock).
 */
export async function enqueueExternalBot(deps: Deps, tx: Db, event: CustomerMessageEvent): Promise<void> {
  const input = botInput(event.message, event.channelKind as ChannelKind, event.conversation.opened);
  await deps.queue.enqueue(tx, externalBotJob, {
    workspaceId: event.workspaceId,
    conversationId: event.conversation.id,
    contactId: event.contact.id,
    channelId: event.conversation.channelId,
    channelKind: event.channelKind,
    message: {
      id: event.message.id,
      type: event.message.type,
      text: input.text.slice(0, 8192),
      ...(input.interactiveId ? { interactiveId: input.interactiveId.slice(0, 512) } : {}),
    },
    sentAt: event.message.at.toISOString(),
  });
}
