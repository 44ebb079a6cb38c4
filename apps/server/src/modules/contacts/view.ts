import type { ContactView } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { contacts } from './tables';

type Row = typeof contacts.$inferSelect;
const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toContactView(c: Row): ContactView {
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    channelName: c.channelName,
    phone: c.phone,
    email: c.email,
    status: c.status,
    source: c.source,
    referral: (c.referral as Record<string, unknown> | null) ?? null,
    tags: c.tags,
    botPausedUntil: iso(c.botPausedUntil),
    infiniteSession: c.infiniteSession,
    createdAt: c.createdAt.toISOString(),
    stats: {
      lastActiveAt: iso(c.lastActiveAt),
      lastMessageAt: iso(c.lastMessageAt),
      lastMessagePreview: c.lastMessagePreview,
      messagesFromCustomer: c.messagesFromCustomer,
      templateMessages: c.templateMessages,
      sessionMessages: c.sessionMessages,
      unresolvedQueries: c.unresolvedQueries,
      sessions: c.sessionsCount,
      clicks: c.clicks,
      timeSpentSeconds: c.timeSpentSeconds,
      averageSentiment: c.sentimentCount ? c.sentimentSum / c.sentimentCount : null,
      liveChatTakeover: c.liveChatTakeover,
    },
  };
}

export async function getContactView(db: Db, workspaceId: string, contactId: string): Promise<ContactView> {
  const [row] = await db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!row) throw notFound('Contact');
  return toContactView(row);
}
