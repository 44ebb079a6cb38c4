// Info (seed 004): the whole conversation and its overview — contact, channel, state, agent, queue, times, counts.
import type { AdminConversationInfo } from '@parley/contracts';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { listChannels } from '../channels';
import { contactDisplayName, contactsTable, windowClosesAt } from '../contacts';
import { getConversation, messagesTable as m } from '../conversations';
import { usersTable } from '../identity';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { skillsetNames } from './names';

/** The newest this many messages are shown (a transcript longer than that is cut at its start, and says so). */
export const INFO_MAX_MESSAGES = 5000;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function conversationInfo(deps: Pick<Deps, 'db' | 'config'>, workspaceId: string, id: string): Promise<AdminConversationInfo> {
  const db = deps.db;
  const conv = await getConversation(db, workspaceId, id); // 404 for an unknown or other workspace's conversation
  const [[contact], channels, window, rows, counts, skillsets] = await Promise.all([
    db
      .select({ name: contactDisplayName, phone: contactsTable.phone })
      .from(contactsTable)
      .where(and(eq(contactsTable.workspaceId, workspaceId), eq(contactsTable.id, conv.contactId))),
    listChannels(db, workspaceId),
    windowClosesAt(db, workspaceId, conv.channelId, conv.contactId),
    db
      .select()
      .from(m)
      .where(and(eq(m.workspaceId, workspaceId), eq(m.conversationId, id)))
      .orderBy(desc(m.createdAt), desc(m.seq))
      .limit(INFO_MAX_MESSAGES + 1),
    messageCounts(db, workspaceId, id),
    skillsetNames(db, workspaceId),
  ]);
  const truncated = rows.length > INFO_MAX_MESSAGES;
  const messages = rows.slice(0, INFO_MAX_MESSAGES).reverse();
  const people = await userNames(db, workspaceId, [
    ...(conv.assigneeId ? [conv.assigneeId] : []),
    ...messages.flatMap((x) => (x.senderUserId ? [x.senderUserId] : [])),
  ]);
  const channel = channels.find((c) => c.id === conv.channelId);
  const waiting = conv.state === 'waiting';
  const agentId = conv.state === 'assigned' || conv.state === 'closed' ? conv.assigneeId : null;
  return {
    overview: {
      id: conv.id,
      state: conv.state,
      contactId: conv.contactId,
      contactName: contact?.name ?? null,
      contactPhone: contact?.phone ?? null,
      channelId: conv.channelId,
      channelName: channel?.name ?? null,
      channelKind: channel?.kind ?? null,
      openedAt: conv.openedAt.toISOString(),
      closedAt: iso(conv.closedAt),
      closedReason: conv.closedReason,
      closedBy: conv.closedBy === 'system' ? 'system' : conv.closedBy ? (people.get(conv.closedBy) ?? conv.closedBy) : null,
      hadAgent: conv.hadAgent,
      agentId,
      agentName: agentId ? (people.get(agentId) ?? null) : null,
      assignedAt: agentId ? iso(conv.assignedAt) : null,
      skillsetId: waiting ? conv.waitingSkillsetId : null,
      skillsetName: waiting && conv.waitingSkillsetId ? (skillsets.get(conv.waitingSkillsetId) ?? 'Deleted skillset') : null,
      waitingSince: waiting ? iso(conv.waitingSince) : null,
      lastMessageAt: conv.lastMessageAt.toISOString(),
      lastCustomerMessageAt: iso(conv.lastCustomerMessageAt),
      lastCustomerText: conv.lastCustomerText,
      pricingCategory: conv.pricingCategory,
      windowClosesAt: iso(window),
      counts,
    },
    messages: messages.map((x) => ({
      id: x.id,
      direction: x.direction,
      senderType: x.senderType,
      senderName: x.senderUserId ? (people.get(x.senderUserId) ?? null) : null,
      type: x.type,
      text: x.text,
      content: withoutRaw(x.content),
      status: x.status,
      isTemplate: x.isTemplate,
      sentiment: x.sentiment,
      createdAt: x.createdAt.toISOString(),
      sentAt: iso(x.sentAt),
      deliveredAt: iso(x.deliveredAt),
      readAt: iso(x.readAt),
      failedAt: iso(x.failedAt),
      error: x.status === 'failed' ? { code: x.errorCode, title: x.errorTitle, details: x.errorDetails } : null,
    })),
    truncated,
    emailConfigured: Boolean(deps.config.smtp.url),
  };
}

// The provider's raw object is kept in the database for audit, not sent to browsers.
function withoutRaw(content: Record<string, unknown>) {
  const { raw: _raw, ...rest } = content;
  return rest;
}

async function messageCounts(db: Db, workspaceId: string, id: string) {
  const count = (cond: ReturnType<typeof sql>) => sql<number>`(count(*) filter (where ${cond}))::int`.mapWith(Number);
  const [row] = await db
    .select({
      messages: sql<number>`count(*)::int`.mapWith(Number),
      fromCustomer: count(sql`${m.senderType} = 'customer'`),
      fromAgents: count(sql`${m.senderType} = 'agent'`),
      fromBot: count(sql`${m.senderType} = 'bot'`),
      templates: count(sql`${m.isTemplate}`),
    })
    .from(m)
    .where(and(eq(m.workspaceId, workspaceId), eq(m.conversationId, id)));
  return row!;
}

export async function userNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .select({ id: usersTable.id, name: usersTable.name })
    .from(usersTable)
    .where(and(eq(usersTable.workspaceId, workspaceId), inArray(usersTable.id, unique)));
  return new Map(rows.map((r) => [r.id, r.name]));
}
