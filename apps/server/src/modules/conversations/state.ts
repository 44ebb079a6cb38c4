import { and, eq, sql, type SQL } from 'drizzle-orm';
import { HOT_STATEMENT, SelectTemplate, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors';
import { announceQueueChange } from './queue-events';
import { conversations, type ConversationState } from './tables';

export type ConversationRow = typeof conversations.$inferSelect;

// The guarded transitions of PRODUCT §3. Closed is final for a conversation: the next customer message
// opens a new one in `bot`.
const allowed: Record<ConversationState, ConversationState[]> = {
  bot: ['waiting', 'assigned', 'closed'],
  waiting: ['assigned', 'bot', 'closed'],
  assigned: ['waiting', 'bot', 'closed'],
  closed: [],
};

export function assertTransition(from: ConversationState, to: ConversationState): void {
  if (!allowed[from].includes(to)) {
    throw new AppError('conflict', `A conversation in state "${from}" cannot move to "${to}"`);
  }
}

/** The contact's open conversation on the channel, or a new one in `bot` (race-safe: one open per pair). */
export async function openConversation(
  tx: Db,
  c: { workspaceId: string; contactId: string; channelId: string; at: Date },
): Promise<{ conversation: ConversationRow; opened: boolean }> {
  const existing = await findOpen(tx, c);
  if (existing) return { conversation: existing, opened: false };
  const [created] = await tx
    .insert(conversations)
    .values({ ...c, state: 'bot', openedAt: c.at, lastMessageAt: c.at, updatedAt: c.at })
    .onConflictDoNothing()
    .returning();
  if (created) return { conversation: created, opened: true };
  return { conversation: (await findOpen(tx, c))!, opened: false };
}

type ContactOnChannel = { workspaceId: string; contactId: string; channelId: string };

const openConversationLock = new SelectTemplate(HOT_STATEMENT.openConversation, (db, v: ContactOnChannel) =>
  db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, v.workspaceId),
        eq(conversations.contactId, v.contactId),
        eq(conversations.channelId, v.channelId),
        // A literal, not a parameter: the prepared statement's generic plan can then use the open-conversation index.
        sql`${conversations.state} <> 'closed'`,
      ),
    )
    .for('update'),
);

async function findOpen(tx: Db, c: ContactOnChannel) {
  const { workspaceId, contactId, channelId } = c;
  const [row] = await openConversationLock.execute(tx, { workspaceId, contactId, channelId });
  return row as ConversationRow | undefined;
}

export async function getConversation(db: Db, workspaceId: string, conversationId: string, forUpdate = false): Promise<ConversationRow> {
  const q = db
    .select()
    .from(conversations)
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Conversation');
  return row;
}

const LAST_CUSTOMER_TEXT_CHARS = 500;
/** The conversation's last customer text, as `conversationTouchedByCustomer` takes it. */
export const lastCustomerText = (text: string) => text.slice(0, LAST_CUSTOMER_TEXT_CHARS);

/**
 * A customer message touches the conversation (returned unexecuted: folded into the statement storing its effects).
 * `lastText` is `lastCustomerText(text)`.
 */
export function conversationTouchedByCustomer(tx: Db, workspaceId: string, conversationId: string | SQL, at: Date, lastText: string) {
  const newer = sql`(${conversations.lastCustomerMessageAt} is null or ${conversations.lastCustomerMessageAt} <= ${at})`;
  return tx
    .update(conversations)
    .set({
      lastCustomerMessageAt: sql`case when ${newer} then ${at} else ${conversations.lastCustomerMessageAt} end`,
      lastCustomerText: sql`case when ${newer} then ${lastText} else ${conversations.lastCustomerText} end`,
      lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at})`,
      updatedAt: at,
    })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
}

/** A message of ours touches the conversation (returned unexecuted: folded into the statement storing it). */
export function conversationTouchedByUs(tx: Db, workspaceId: string, conversationId: string, at: Date) {
  return tx
    .update(conversations)
    .set({ lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${at})`, updatedAt: at })
    .where(and(eq(conversations.workspaceId, workspaceId), eq(conversations.id, conversationId)));
}

/** Close a conversation (agent with a reason, or the system), refusing an already closed one. */
export async function closeConversation(
  deps: Deps,
  tx: Db,
  c: { workspaceId: string; conversationId: string; reason: string; by: string },
): Promise<ConversationRow> {
  const conv = await getConversation(tx, c.workspaceId, c.conversationId, true);
  assertTransition(conv.state, 'closed');
  const now = deps.clock.now();
  const [row] = await tx
    .update(conversations)
    .set({ state: 'closed', closedAt: now, closedReason: c.reason, closedBy: c.by, updatedAt: now })
    .where(and(eq(conversations.workspaceId, c.workspaceId), eq(conversations.id, c.conversationId)))
    .returning();
  await deps.realtime.publish(tx, `workspace:${c.workspaceId}`, {
    name: 'conversation.updated',
    data: { conversationId: c.conversationId, state: 'closed' },
  });
  // Its agent has room again: routing hands them the next waiting conversation.
  if (conv.state === 'assigned')
    await announceQueueChange(deps, tx, { workspaceId: c.workspaceId, change: 'released', conversationId: conv.id });
  return row!;
}
