import type { ConversationSummary, MessageView } from '@parley/contracts';
import { and, asc, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { channelKindOf } from '../channels';
import { contactsTable, windowClosesAt } from '../contacts';
import type { Db } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { getConversation, type ConversationRow } from './state';
import { messages, type ConversationState, conversations } from './tables';

const iso = (d: Date | null) => d?.toISOString() ?? null;

type MessageRow = typeof messages.$inferSelect;

export const toMessageView = (m: MessageRow): MessageView => ({
  id: m.id,
  direction: m.direction,
  senderType: m.senderType,
  type: m.type,
  text: m.text,
  content: withoutRaw(m.content),
  status: m.status,
  isTemplate: m.isTemplate,
  sentiment: m.sentiment,
  createdAt: m.createdAt.toISOString(),
  sentAt: iso(m.sentAt),
  deliveredAt: iso(m.deliveredAt),
  readAt: iso(m.readAt),
  failedAt: iso(m.failedAt),
  error: m.status === 'failed' ? { code: m.errorCode, title: m.errorTitle, details: m.errorDetails } : null,
});

// The provider's raw object is kept in the database for audit, not sent to every browser.
function withoutRaw(content: Record<string, unknown>) {
  const { raw: _raw, ...rest } = content;
  return rest;
}

async function summarize(db: Db, c: ConversationRow, contact: { name: string | null; phone: string | null }): Promise<ConversationSummary> {
  const closes = await windowClosesAt(db, c.workspaceId, c.channelId, c.contactId);
  return {
    id: c.id,
    contactId: c.contactId,
    contactName: contact.name,
    contactPhone: contact.phone,
    channelId: c.channelId,
    state: c.state,
    openedAt: c.openedAt.toISOString(),
    closedAt: iso(c.closedAt),
    closedReason: c.closedReason,
    lastMessageAt: c.lastMessageAt.toISOString(),
    lastCustomerText: c.lastCustomerText,
    pricingCategory: c.pricingCategory,
    windowClosesAt: iso(closes),
    channelKind: await channelKindOf(db, c.workspaceId, c.channelId),
    assigneeId: c.assigneeId,
    waitingSkillsetId: c.state === 'waiting' ? c.waitingSkillsetId : null,
    waitingSince: c.state === 'waiting' ? iso(c.waitingSince) : null,
    reservedForUserId: c.state === 'waiting' ? c.reservedForUserId : null,
  };
}

const contactName = sql<
  string | null
>`coalesce(nullif(trim(concat_ws(' ', ${contactsTable.firstName}, ${contactsTable.lastName})), ''), ${contactsTable.channelName})`;

/**
 * Newest first, keyset-paginated on (last_message_at, id). `where`: the caller's own condition on the conversations
 * table (the desk's Mine and Queue).
 */
export async function listConversations(
  db: Db,
  workspaceId: string,
  q: { state?: ConversationState; limit: number; cursor?: string; where?: SQL },
) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await db
    .select({ c: conversations, name: contactName, phone: contactsTable.phone })
    .from(conversations)
    .innerJoin(contactsTable, and(eq(contactsTable.workspaceId, conversations.workspaceId), eq(contactsTable.id, conversations.contactId)))
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        q.state ? eq(conversations.state, q.state) : undefined,
        q.where,
        after
          ? or(lt(conversations.lastMessageAt, after.at), and(eq(conversations.lastMessageAt, after.at), lt(conversations.id, after.id)))
          : undefined,
      ),
    )
    .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
    .limit(q.limit + 1);
  const page = rows.slice(0, q.limit);
  const items = await Promise.all(page.map((r) => summarize(db, r.c, { name: r.name, phone: r.phone })));
  const last = page.at(-1)?.c;
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor(last.lastMessageAt, last.id) : null };
}

// WhatsApp stamps messages to the second: within one second, the order they reached us (and our replies) wins.
export async function conversationDetail(db: Db, workspaceId: string, conversationId: string) {
  const c = await getConversation(db, workspaceId, conversationId);
  const [contact] = await db
    .select({ name: contactName, phone: contactsTable.phone })
    .from(contactsTable)
    .where(and(eq(contactsTable.workspaceId, workspaceId), eq(contactsTable.id, c.contactId)));
  const rows = await db
    .select()
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.conversationId, conversationId)))
    .orderBy(sql`date_trunc('second', ${messages.createdAt})`, asc(messages.arrivedAt), asc(messages.seq))
    .limit(1000);
  return { ...(await summarize(db, c, contact ?? { name: null, phone: null })), messages: rows.map(toMessageView) };
}

function encodeCursor(at: Date, id: string) {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { at: d, id };
  } catch {
    throw new AppError('validation_failed', 'query.cursor: is not a cursor from a previous page', {
      issues: [{ field: 'query.cursor', message: 'is not a cursor from a previous page' }],
    });
  }
}
