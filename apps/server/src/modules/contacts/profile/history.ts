// The profile's lists: sessions (search by bot, sort by end time, goals starred), conversations, campaigns.
import type { ContactCampaignItem, ContactConversationItem, ContactSessionItem, ContactSessionsQuery } from '@parley/contracts';
import { and, asc, between, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { notFound } from '../../../platform/errors';
import { contacts, goalCompletions } from '../tables';
import { channelLabels, channelsNamed } from './channel-names';
import { decodeInstantCursor, encodeInstantCursor } from './cursor';
import type { ProfileSources } from './sources';

export async function assertContact(db: Db, workspaceId: string, contactId: string): Promise<void> {
  const [row] = await db
    .select({ id: contacts.id })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
  if (!row) throw notFound('Contact');
}

export async function listContactSessions(
  db: Db,
  sources: ProfileSources,
  workspaceId: string,
  contactId: string,
  q: ContactSessionsQuery,
): Promise<{ items: ContactSessionItem[]; nextCursor: string | null }> {
  await assertContact(db, workspaceId, contactId);
  const after = q.cursor ? decodeInstantCursor(q.cursor) : undefined;
  const channelIds = q.bot ? await channelsNamed(sources, db, workspaceId, q.bot) : undefined;
  const rows = await sources.sessions(db, workspaceId, contactId, {
    order: q.order,
    channelIds,
    limit: q.limit + 1,
    after: after && { endedAt: after.at, id: after.id },
  });
  const page = rows.slice(0, q.limit);
  const label = await channelLabels(sources, db, workspaceId);
  const goals = await goalsWithin(db, workspaceId, contactId, page);
  const last = page.at(-1);
  return {
    items: page.map((s) => {
      const channel = label(s.channelId);
      return {
        id: s.id,
        startedAt: s.startedAt.toISOString(),
        endedAt: s.endedAt.toISOString(),
        durationSeconds: Math.max(0, Math.round((s.endedAt.getTime() - s.startedAt.getTime()) / 1000)),
        messageCount: s.messageCount,
        channel: { id: s.channelId, ...channel },
        bot: s.botReplied ? channel.name : null,
        agentInvolved: s.hadAgent,
        goals: goals.filter((g) => g.completedAt >= s.startedAt && g.completedAt <= s.endedAt).map((g) => g.name),
      };
    }),
    nextCursor: rows.length > q.limit && last ? encodeInstantCursor(last.endedAt, last.id) : null,
  };
}

/** Goals completed while these sessions ran (sessions of one contact never overlap: one current session each). */
async function goalsWithin(db: Db, workspaceId: string, contactId: string, sessions: Array<{ startedAt: Date; endedAt: Date }>) {
  if (sessions.length === 0) return [];
  const from = new Date(Math.min(...sessions.map((s) => s.startedAt.getTime())));
  const to = new Date(Math.max(...sessions.map((s) => s.endedAt.getTime())));
  return db
    .select({ name: goalCompletions.name, completedAt: goalCompletions.completedAt })
    .from(goalCompletions)
    .where(
      and(
        eq(goalCompletions.workspaceId, workspaceId),
        eq(goalCompletions.contactId, contactId),
        between(goalCompletions.completedAt, from, to),
      ),
    )
    .orderBy(asc(goalCompletions.completedAt));
}

export async function listContactConversations(
  db: Db,
  sources: ProfileSources,
  workspaceId: string,
  contactId: string,
  q: { limit: number; cursor?: string },
): Promise<{ items: ContactConversationItem[]; nextCursor: string | null }> {
  await assertContact(db, workspaceId, contactId);
  const after = q.cursor ? decodeInstantCursor(q.cursor) : undefined;
  const rows = await sources.conversations(db, workspaceId, contactId, {
    limit: q.limit + 1,
    after: after && { lastMessageAt: after.at, id: after.id },
  });
  const page = rows.slice(0, q.limit);
  const label = await channelLabels(sources, db, workspaceId);
  const last = page.at(-1);
  return {
    items: page.map((c) => {
      const channel = label(c.channelId);
      return {
        id: c.id,
        channelId: c.channelId,
        channelName: channel.name,
        channelKind: channel.kind,
        state: c.state,
        openedAt: c.openedAt.toISOString(),
        closedAt: c.closedAt?.toISOString() ?? null,
        closedReason: c.closedReason,
        lastMessageAt: c.lastMessageAt.toISOString(),
        lastCustomerText: c.lastCustomerText,
        hadAgent: c.hadAgent,
        messageCount: c.messageCount,
      };
    }),
    nextCursor: rows.length > q.limit && last ? encodeInstantCursor(last.lastMessageAt, last.id) : null,
  };
}

export async function listContactCampaigns(
  db: Db,
  sources: ProfileSources,
  workspaceId: string,
  contactId: string,
  limit: number,
): Promise<{ items: ContactCampaignItem[] }> {
  await assertContact(db, workspaceId, contactId);
  return { items: await sources.campaigns(db, workspaceId, contactId, limit) };
}
