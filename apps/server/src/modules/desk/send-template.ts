// A template from the desk's composer: the only thing an agent may send once the 24-hour window has closed, and
// allowed at any time. It goes the way of the API's template send (approved, of the number's account, values
// checked, paced by the number's limiter, reconciled if an answer is lost), in the contact's open conversation.
import type { SendConversationTemplateRequest } from '@parley/contracts';
import { sendTemplateToContact } from '../campaigns';
import { getChannel } from '../channels';
import { getConversation } from '../conversations';
import type { Principal } from '../identity';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';

export async function sendTemplateInConversation(deps: Deps, p: Principal, conversationId: string, req: SendConversationTemplateRequest) {
  const c = await getConversation(deps.db, p.workspaceId, conversationId);
  const channel = await getChannel(deps.db, p.workspaceId, c.channelId);
  if (channel.kind !== 'whatsapp') {
    throw new AppError('conflict', `Templates are WhatsApp's; this conversation is on ${channel.kind}, where any message may be sent`);
  }
  const sent = await sendTemplateToContact(
    deps,
    { workspaceId: p.workspaceId, senderType: p.kind === 'user' ? 'agent' : 'api', ...(p.kind === 'user' ? { userId: p.userId } : {}) },
    { channelId: c.channelId, contactId: c.contactId, ...req },
  );
  return { ...sent, status: 'queued' as const };
}
