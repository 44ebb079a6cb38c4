// A bot's reply is queued in the transaction of the message it answers and sent by a job moments (or, after
// retries, minutes) later. Before that send the state is checked again: the bot only speaks while it holds the
// conversation, so a reply overtaken by an agent or a pause is not sent.
import { and, eq } from 'drizzle-orm';
import { contactsTable } from '../contacts';
import type { Deps } from '../../platform/deps';
import { conversations, messages } from './tables';

type MessageRow = typeof messages.$inferSelect;

export const NOT_SENT_AGENT = 'Not sent: an agent took over';
export const NOT_SENT_CLOSED = 'Not sent: the conversation was closed';
export const NOT_SENT_PAUSED = 'Not sent: the bot was paused';

/**
 * Why this bot message must not go out now, or null. The bot still holds a conversation in `bot`, and in
 * `waiting` (its handoff notice goes with the handoff; no person has it yet) and after it closed the
 * conversation itself; a conversation closed by someone else is over. An `assigned` conversation is an agent's:
 * only the bot's messages queued with or after its last handoff (the notice "passing you to our team", which
 * an instant assignment must not swallow) still go; a reply the agent overtook does not.
 */
export async function botMessageBlocked(deps: Deps, m: MessageRow): Promise<string | null> {
  const [conv] = await deps.db
    .select({ state: conversations.state, closedBy: conversations.closedBy, waitingSince: conversations.waitingSince })
    .from(conversations)
    .where(and(eq(conversations.workspaceId, m.workspaceId), eq(conversations.id, m.conversationId)));
  if (!conv) return null;
  if (conv.state === 'assigned' && !(conv.waitingSince && m.createdAt >= conv.waitingSince)) return NOT_SENT_AGENT;
  if (conv.state === 'closed' && conv.closedBy !== 'bot') return NOT_SENT_CLOSED;
  const [contact] = await deps.db
    .select({ botPausedUntil: contactsTable.botPausedUntil })
    .from(contactsTable)
    .where(and(eq(contactsTable.workspaceId, m.workspaceId), eq(contactsTable.id, m.contactId)));
  if (contact?.botPausedUntil && contact.botPausedUntil > deps.clock.now()) return NOT_SENT_PAUSED;
  return null;
}

/** Mark a queued message failed without calling the provider, and tell the inbox. */
export async function failUnsent(deps: Deps, m: MessageRow, title: string): Promise<void> {
  const [row] = await deps.db
    .update(messages)
    .set({ status: 'failed', failedAt: deps.clock.now(), errorTitle: title })
    .where(and(eq(messages.workspaceId, m.workspaceId), eq(messages.id, m.id), eq(messages.status, 'queued')))
    .returning({ id: messages.id });
  if (!row) return;
  await deps.realtime.publish(deps.db, `workspace:${m.workspaceId}`, {
    name: 'message.status',
    data: { conversationId: m.conversationId, messageId: m.id, status: 'failed' },
  });
  deps.log.info({ messageId: m.id, reason: title }, 'bot message not sent');
}
