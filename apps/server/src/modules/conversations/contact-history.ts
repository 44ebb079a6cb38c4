// Read-only views of one contact's history for their profile (modules/contacts asks through the composition root:
// contacts cannot import this module, which imports it).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { contactSessions, conversations, messages, type ConversationState } from './tables';

export interface ContactSessionRecord {
  id: string;
  channelId: string;
  startedAt: Date;
  endedAt: Date;
  messageCount: number;
  hadAgent: boolean;
  /** The bot wrote during the session. */
  botReplied: boolean;
}

/** A contact's sessions by end time (then id), optionally on some channels only, after a keyset position. */
export async function contactSessionsOf(
  db: Db,
  workspaceId: string,
  contactId: string,
  q: { order: 'asc' | 'desc'; channelIds?: string[]; limit: number; after?: { endedAt: string; id: string } },
): Promise<ContactSessionRecord[]> {
  const s = contactSessions;
  if (q.channelIds?.length === 0) return [];
  const cmp = q.order === 'desc' ? sql`<` : sql`>`;
  // The bot's messages of the session: its conversations on that channel, messages within its time span.
  // Qualified by hand: drizzle leaves a one-table select's columns bare, which the subquery would misread.
  const botReplied = sql<boolean>`exists (
    select 1 from ${conversations} c join ${messages} m
      on m.workspace_id = c.workspace_id and m.conversation_id = c.id
    where c.workspace_id = contact_sessions.workspace_id and c.contact_id = contact_sessions.contact_id
      and c.channel_id = contact_sessions.channel_id and m.sender_type = 'bot'
      and m.created_at between contact_sessions.started_at and contact_sessions.ended_at)`;
  const rows = await db
    .select({
      id: s.id,
      channelId: s.channelId,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      messageCount: s.messageCount,
      hadAgent: s.hadAgent,
      botReplied,
    })
    .from(s)
    .where(
      and(
        eq(s.workspaceId, workspaceId),
        eq(s.contactId, contactId),
        q.channelIds ? inArray(s.channelId, q.channelIds) : undefined,
        q.after ? sql`(${s.endedAt}, ${s.id}) ${cmp} (${q.after.endedAt}::timestamptz, ${q.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(...(q.order === 'desc' ? [desc(s.endedAt), desc(s.id)] : [asc(s.endedAt), asc(s.id)]))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, botReplied: Boolean(r.botReplied) }));
}

export interface ContactConversationRecord {
  id: string;
  channelId: string;
  state: ConversationState;
  openedAt: Date;
  closedAt: Date | null;
  closedReason: string | null;
  lastMessageAt: Date;
  lastCustomerText: string | null;
  hadAgent: boolean;
  messageCount: number;
}

/** A contact's conversations on every channel, most recent message first, after a keyset position. */
export async function contactConversationsOf(
  db: Db,
  workspaceId: string,
  contactId: string,
  q: { limit: number; after?: { lastMessageAt: string; id: string } },
): Promise<ContactConversationRecord[]> {
  const c = conversations;
  const rows = await db
    .select({
      id: c.id,
      channelId: c.channelId,
      state: c.state,
      openedAt: c.openedAt,
      closedAt: c.closedAt,
      closedReason: c.closedReason,
      lastMessageAt: c.lastMessageAt,
      lastCustomerText: c.lastCustomerText,
      hadAgent: c.hadAgent,
      messageCount: sql<number>`(select count(*)::int from ${messages} m where m.workspace_id = conversations.workspace_id and m.conversation_id = conversations.id)`,
    })
    .from(c)
    .where(
      and(
        eq(c.workspaceId, workspaceId),
        eq(c.contactId, contactId),
        q.after ? sql`(${c.lastMessageAt}, ${c.id}) < (${q.after.lastMessageAt}::timestamptz, ${q.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(c.lastMessageAt), desc(c.id))
    .limit(q.limit);
  return rows.map((r) => ({ ...r, messageCount: Number(r.messageCount) }));
}

/** The text of the contact's first message to us (first-message tag rules apply to it), if it was text. */
export async function firstCustomerTextOf(db: Db, workspaceId: string, contactId: string): Promise<string | null> {
  const [row] = await db
    .select({ text: messages.text })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.direction, 'in'),
        // The contact's first conversation; its messages are read through their conversation index.
        sql`${messages.conversationId} = (select c.id from ${conversations} c
          where c.workspace_id = ${workspaceId} and c.contact_id = ${contactId} order by c.opened_at, c.id limit 1)`,
      ),
    )
    .orderBy(asc(messages.createdAt), asc(messages.seq))
    .limit(1);
  return row?.text ?? null;
}
