// What this module keeps about a contact (conversations, messages, sessions, tracked links), for the contacts
// module's merge, GDPR export and erasure, and message retention. Handed to it at the composition root.
import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import { getChannel } from '../channels';
import { addAll, inUuids, type ContactDataHolder, type ExportContext, type ExportSection, type MergeMove } from '../contacts';
import { type Db, rowsOf } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { contactSessions, conversations, messages, trackedLinks } from './tables';

const PAGE = 1000;

export const conversationsContactData: ContactDataHolder = {
  name: 'conversations',

  async moveContact(tx, m) {
    await refuseTwoOpenOnOneChannel(tx, m);
    const ws = m.workspaceId;
    await tx
      .update(conversations)
      .set({ contactId: m.toId })
      .where(and(eq(conversations.workspaceId, ws), eq(conversations.contactId, m.fromId)));
    await tx
      .update(messages)
      .set({ contactId: m.toId })
      .where(and(eq(messages.workspaceId, ws), eq(messages.contactId, m.fromId)));
    await tx
      .update(contactSessions)
      .set({ contactId: m.toId })
      .where(and(eq(contactSessions.workspaceId, ws), eq(contactSessions.contactId, m.fromId)));
    await tx
      .update(trackedLinks)
      .set({ contactId: m.toId })
      .where(and(eq(trackedLinks.workspaceId, ws), eq(trackedLinks.contactId, m.fromId)));
  },

  async collect(tx, scope) {
    const ws = scope.workspaceId;
    const convs = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.workspaceId, ws), inUuids(conversations.contactId, scope.contactIds)));
    addAll(
      scope.conversationIds,
      convs.map((c) => c.id),
    );
    const msgs = await tx
      .select({
        id: messages.id,
        providerId: messages.providerMessageId,
        channelId: messages.channelId,
        mediaId: sql<string | null>`${messages.content}->>'mediaId'`,
      })
      .from(messages)
      .where(and(eq(messages.workspaceId, ws), inUuids(messages.contactId, scope.contactIds)));
    addAll(
      scope.messageIds,
      msgs.map((m) => m.id),
    );
    addAll(
      scope.providerMessageIds,
      msgs.map((m) => m.providerId),
    );
    for (const m of msgs) if (m.mediaId) scope.media.push({ channelId: m.channelId, mediaId: m.mediaId });
  },

  async erase(tx, scope) {
    const ws = scope.workspaceId;
    const ids = scope.contactIds;
    const deleted = async (q: Promise<unknown[]>) => (await q).length;
    return {
      messages: await deleted(
        tx
          .delete(messages)
          .where(and(eq(messages.workspaceId, ws), inUuids(messages.contactId, ids)))
          .returning({ id: messages.id }),
      ),
      conversations: await deleted(
        tx
          .delete(conversations)
          .where(and(eq(conversations.workspaceId, ws), inUuids(conversations.contactId, ids)))
          .returning({ id: conversations.id }),
      ),
      sessions: await deleted(
        tx
          .delete(contactSessions)
          .where(and(eq(contactSessions.workspaceId, ws), inUuids(contactSessions.contactId, ids)))
          .returning({ id: contactSessions.id }),
      ),
      trackedLinks: await deleted(
        tx
          .delete(trackedLinks)
          .where(and(eq(trackedLinks.workspaceId, ws), inUuids(trackedLinks.contactId, ids)))
          .returning({ t: trackedLinks.token }),
      ),
    };
  },

  async pruneMessages(tx, { workspaceId, cutoff, limit }) {
    const before = cutoff.toISOString();
    // Old rows sit first in the table (insert order), so each batch's scan stops early: no extra index on the
    // hottest insert path for a daily job.
    const gone = await tx.execute(sql`
      delete from ${messages} where workspace_id = ${workspaceId} and id in (
        select id from ${messages} where workspace_id = ${workspaceId} and created_at < ${before}::timestamptz limit ${limit})
      returning id`);
    const links = await tx.execute(sql`
      delete from ${trackedLinks} where workspace_id = ${workspaceId} and token in (
        select token from ${trackedLinks} where workspace_id = ${workspaceId} and created_at < ${before}::timestamptz limit ${limit})
      returning token`);
    // A conversation keeps its record (who, when, which agent: the lists' and reports' counts), not the words.
    const previews = await tx.execute(sql`
      update ${conversations} set last_customer_text = null where workspace_id = ${workspaceId} and id in (
        select id from ${conversations} where workspace_id = ${workspaceId} and last_customer_text is not null
          and coalesce(last_customer_message_at, last_message_at) < ${before}::timestamptz limit ${limit})
      returning id`);
    return { messages: rowsOf(gone).length, trackedLinks: rowsOf(links).length, conversationPreviews: rowsOf(previews).length };
  },

  async exportSections(db, x) {
    const ws = x.workspaceId;
    const id = x.contactId;
    const media = await db
      .select({
        id: messages.id,
        channelId: messages.channelId,
        type: messages.type,
        mediaId: sql<string>`${messages.content}->>'mediaId'`,
      })
      .from(messages)
      .where(and(eq(messages.workspaceId, ws), eq(messages.contactId, id), sql`${messages.content} ? 'mediaId'`));
    for (const m of media) x.media.push({ channelId: m.channelId, mediaId: m.mediaId, messageId: m.id, type: m.type });
    return [conversationSection(db, x), messageSection(db, x), sessionSection(db, x), linkSection(db, x)];
  },
};

async function refuseTwoOpenOnOneChannel(tx: Db, m: MergeMove): Promise<void> {
  const clash = rowsOf<{ channel_id: string }>(
    await tx.execute(sql`
      select a.channel_id from ${conversations} a
      join ${conversations} b on b.workspace_id = a.workspace_id and b.channel_id = a.channel_id
        and b.contact_id = ${m.toId} and b.state <> 'closed'
      where a.workspace_id = ${m.workspaceId} and a.contact_id = ${m.fromId} and a.state <> 'closed'
      limit 1`),
  )[0];
  if (!clash) return;
  const channel = await getChannel(tx, m.workspaceId, clash.channel_id).catch(() => null);
  throw new AppError(
    'conflict',
    `Both contacts have an open conversation on ${channel ? `"${channel.name}"` : 'the same channel'}: close one of them, then merge`,
    { channelId: clash.channel_id },
  );
}

function conversationSection(db: Db, x: ExportContext): ExportSection {
  return {
    kind: 'table',
    name: 'conversations',
    columns: [
      { key: 'id', header: 'Conversation', type: 'text' },
      { key: 'channelId', header: 'Channel', type: 'text' },
      { key: 'state', header: 'State', type: 'text' },
      { key: 'openedAt', header: 'Opened at', type: 'date' },
      { key: 'closedAt', header: 'Closed at', type: 'date' },
      { key: 'closedReason', header: 'Close reason', type: 'text' },
      { key: 'hadAgent', header: 'Handled by an agent', type: 'boolean' },
    ],
    rows: async function* () {
      yield* await db
        .select({
          id: conversations.id,
          channelId: conversations.channelId,
          state: conversations.state,
          openedAt: conversations.openedAt,
          closedAt: conversations.closedAt,
          closedReason: conversations.closedReason,
          hadAgent: conversations.hadAgent,
        })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, x.workspaceId), eq(conversations.contactId, x.contactId)))
        .orderBy(asc(conversations.openedAt));
    },
  };
}

/** Every message, oldest first, read a page at a time (a contact may have tens of thousands). */
function messageSection(db: Db, x: ExportContext): ExportSection {
  return {
    kind: 'table',
    name: 'messages',
    columns: [
      { key: 'createdAt', header: 'Time', type: 'date' },
      { key: 'conversationId', header: 'Conversation', type: 'text' },
      { key: 'channelId', header: 'Channel', type: 'text' },
      { key: 'direction', header: 'Direction', type: 'text' },
      { key: 'sender', header: 'Sender', type: 'text' },
      { key: 'type', header: 'Type', type: 'text' },
      { key: 'text', header: 'Text', type: 'text' },
      { key: 'status', header: 'Status', type: 'text' },
      { key: 'isTemplate', header: 'Template', type: 'boolean' },
      { key: 'sentiment', header: 'Sentiment', type: 'number' },
      { key: 'content', header: 'Content', type: 'text' },
    ],
    rows: async function* () {
      let after: { createdAt: Date; seq: number } | null = null;
      for (;;) {
        const page: Array<Record<string, unknown> & { createdAt: Date; seq: number }> = await db
          .select({
            createdAt: messages.createdAt,
            seq: messages.seq,
            id: messages.id,
            conversationId: messages.conversationId,
            channelId: messages.channelId,
            direction: messages.direction,
            sender: messages.senderType,
            type: messages.type,
            text: messages.text,
            status: messages.status,
            isTemplate: messages.isTemplate,
            sentiment: messages.sentiment,
            content: messages.content,
          })
          .from(messages)
          .where(
            and(
              eq(messages.workspaceId, x.workspaceId),
              eq(messages.contactId, x.contactId),
              after
                ? or(gt(messages.createdAt, after.createdAt), and(eq(messages.createdAt, after.createdAt), gt(messages.seq, after.seq)))
                : undefined,
            ),
          )
          .orderBy(asc(messages.createdAt), asc(messages.seq))
          .limit(PAGE);
        for (const { seq: _seq, ...row } of page) yield { ...row, content: JSON.stringify(row.content) };
        if (page.length < PAGE) return;
        const last = page[page.length - 1]!;
        after = { createdAt: last.createdAt, seq: last.seq };
      }
    },
  };
}

function sessionSection(db: Db, x: ExportContext): ExportSection {
  return {
    kind: 'table',
    name: 'sessions',
    columns: [
      { key: 'startedAt', header: 'Started at', type: 'date' },
      { key: 'endedAt', header: 'Ended at', type: 'date' },
      { key: 'channelId', header: 'Channel', type: 'text' },
      { key: 'messageCount', header: 'Messages', type: 'number' },
      { key: 'hadAgent', header: 'Agent took part', type: 'boolean' },
    ],
    rows: async function* () {
      yield* await db
        .select({
          startedAt: contactSessions.startedAt,
          endedAt: contactSessions.endedAt,
          channelId: contactSessions.channelId,
          messageCount: contactSessions.messageCount,
          hadAgent: contactSessions.hadAgent,
        })
        .from(contactSessions)
        .where(and(eq(contactSessions.workspaceId, x.workspaceId), eq(contactSessions.contactId, x.contactId)))
        .orderBy(asc(contactSessions.startedAt));
    },
  };
}

function linkSection(db: Db, x: ExportContext): ExportSection {
  return {
    kind: 'table',
    name: 'link-clicks',
    columns: [
      { key: 'url', header: 'Link', type: 'text' },
      { key: 'clicks', header: 'Clicks', type: 'number' },
      { key: 'createdAt', header: 'Sent at', type: 'date' },
    ],
    rows: async function* () {
      yield* await db
        .select({ url: trackedLinks.url, clicks: trackedLinks.clicks, createdAt: trackedLinks.createdAt })
        .from(trackedLinks)
        .where(and(eq(trackedLinks.workspaceId, x.workspaceId), eq(trackedLinks.contactId, x.contactId)))
        .orderBy(asc(trackedLinks.createdAt));
    },
  };
}
