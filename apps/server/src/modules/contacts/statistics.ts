import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { contacts } from './tables';

const PREVIEW_CHARS = 200;
/** The contact's "last message" as lists show it. */
export const lastMessagePreview = (text: string) => (text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text);

/**
 * Statistics for a customer's message: atomic increments, in the message's own transaction. Returned unexecuted:
 * the conversation core folds it into one statement with the message's session (which says whether the message
 * started a session and how many seconds it added).
 */
export function inboundStatsUpdate(
  tx: Db,
  workspaceId: string,
  /** Or an expression of the statement it is folded into (no row when it yields null). */
  contactId: string | SQL,
  m: { at: Date; preview: string; sentiment: number | null; sessionStarted: SQL; addedSeconds: SQL },
) {
  // Only placed into SQL, never computed with in JavaScript: the inbound path builds this once from placeholders.
  const sentiment = sql`${m.sentiment}::double precision`;
  return tx
    .update(contacts)
    .set({
      lastActiveAt: sql`greatest(${contacts.lastActiveAt}, ${m.at})`,
      ...latest(m.at, m.preview),
      messagesFromCustomer: sql`${contacts.messagesFromCustomer} + 1`,
      sessionMessages: sql`${contacts.sessionMessages} + 1`,
      sessionsCount: sql`${contacts.sessionsCount} + ${m.sessionStarted}`,
      timeSpentSeconds: sql`${contacts.timeSpentSeconds} + ${m.addedSeconds}`,
      sentimentSum: sql`${contacts.sentimentSum} + coalesce(${sentiment}, 0)`,
      sentimentCount: sql`${contacts.sentimentCount} + (${sentiment} is not null)::int`,
      updatedAt: m.at,
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
}

/**
 * Statistics for messages we sent to the contact (bot, agent, template), counted in one statement however many
 * were queued together: `text` is the last one's (the preview), the session's added time counts once. Returned
 * unexecuted: the conversation core folds it into the statement that stores the messages.
 */
export function outboundStatsUpdate(
  tx: Db,
  workspaceId: string,
  contactId: string,
  m: { at: Date; text: string; templates: number; sessionMessages: number; byAgent: boolean; addedSeconds: SQL | number },
) {
  return tx
    .update(contacts)
    .set({
      ...latest(m.at, lastMessagePreview(m.text)),
      templateMessages: sql`${contacts.templateMessages} + ${m.templates}`,
      sessionMessages: sql`${contacts.sessionMessages} + ${m.sessionMessages}`,
      timeSpentSeconds: sql`${contacts.timeSpentSeconds} + ${m.addedSeconds}`,
      liveChatTakeover: m.byAgent ? true : contacts.liveChatTakeover,
      updatedAt: m.at,
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
}

export async function recordClick(tx: Db, workspaceId: string, contactId: string) {
  await tx
    .update(contacts)
    .set({ clicks: sql`${contacts.clicks} + 1` })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
}

// Out-of-order deliveries must not replace a newer "last message" with an older one.
function latest(at: Date, preview: string) {
  const newer = sql`(${contacts.lastMessageAt} is null or ${contacts.lastMessageAt} <= ${at})`;
  return {
    lastMessageAt: sql`case when ${newer} then ${at} else ${contacts.lastMessageAt} end`,
    lastMessagePreview: sql`case when ${newer} then ${preview} else ${contacts.lastMessagePreview} end`,
  };
}
