import { randomUUID } from 'node:crypto';
import { channelKindOf, downloadMediaJob, type NormalizedMessage } from '../channels';
import {
  inboundStatsUpdate,
  lastInboundUpdate,
  loadTagRules,
  matchFirstMessageTags,
  resolveInboundContact,
  scoreSentiment,
  type TagRule,
} from '../contacts';
import { sql } from 'drizzle-orm';
import { executeTogether, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import type { InboundHooks } from './customer-message';
import { sessionSecondsAdded, sessionStarted, sessionTouchCtes } from './sessions';
import { conversationTouchedByCustomer, openConversation } from './state';
import { messages } from './tables';

// Sentiment speaks of what the customer typed; other types (media, reactions…) carry none.
const SCORED_TYPES = new Set(['text', 'interactive', 'button']);
const MEDIA_TYPES = new Set(['image', 'audio', 'video', 'document', 'sticker']);

/**
 * A customer's message, in one transaction: contact (created on first contact, with source and first-message
 * tags), conversation (a closed one reopens as a new `bot` conversation), the message (once, whatever the
 * redeliveries), statistics, session, sentiment and window — then the customer-message listeners (the bot).
 * Returns null for a duplicate, which no listener hears.
 */
export async function receiveInbound(
  deps: Deps,
  tx: Db,
  workspaceId: string,
  channelId: string,
  m: NormalizedMessage,
  arrivedAt: Date,
  hooks: InboundHooks,
  /** The workspace's first-message tag rules, when the caller read them already (a batch reads them once). */
  tagRules?: TagRule[],
) {
  const at = new Date(m.at);
  const firstMessageTags = matchFirstMessageTags(tagRules ?? (await loadTagRules(tx, workspaceId)), m.text);
  const { contact, created: contactCreated } = await resolveInboundContact(tx, {
    workspaceId,
    channelId,
    keys: m.from.keys,
    at,
    profileName: m.from.profileName,
    phoneE164: m.from.phoneE164,
    referral: m.referral,
    firstMessageTags,
  });

  const { conversation, opened } = await openConversation(tx, { workspaceId, contactId: contact.id, channelId, at });
  const sentiment = SCORED_TYPES.has(m.type) && m.text ? scoreSentiment(m.text).score : null;
  // The message and its effects in one round trip: the message (once, whatever the redeliveries), its session, the
  // contact's statistics, the window, the conversation — and what the listeners read before they act (the bot: its
  // settings' version and its memory). Every write names the contact or conversation through the stored row, so a
  // message that was already stored (the insert yields no row) changes nothing.
  const messageId = randomUUID();
  const insert = tx
    .insert(messages)
    .values({
      workspaceId,
      id: messageId,
      conversationId: conversation.id,
      contactId: contact.id,
      channelId,
      direction: 'in',
      senderType: 'customer',
      providerMessageId: m.providerMessageId,
      type: m.type,
      text: m.text,
      content: m.content,
      replyToProviderId: m.replyToProviderId ?? null,
      status: 'received',
      sentiment,
      createdAt: at,
      arrivedAt,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id, contactId: messages.contactId, conversationId: messages.conversationId });
  const storedContact = sql`(select contact_id from stored)`;
  const storedConversation = sql`(select conversation_id from stored)`;
  const keys = { workspaceId, conversationId: conversation.id, contactId: contact.id };
  const reads = hooks.customerMessage.flatMap((listener, i) =>
    listener.read ? [sql`${listener.read(keys)} as ${sql.identifier(`read_${i}`)}`] : [],
  );
  const stats = inboundStatsUpdate(tx, workspaceId, storedContact, {
    at,
    text: m.text,
    sentiment,
    sessionStarted,
    addedSeconds: sessionSecondsAdded(at),
  });
  const announce = deps.realtime.publishManySql(`workspace:${workspaceId}`, [
    { name: 'message.created', data: { conversationId: conversation.id, messageId, contactId: contact.id } },
  ]);
  const effects = await executeTogether(
    tx,
    [
      sql`stored as (${insert.getSQL()})`,
      sessionTouchCtes({ workspaceId, contactId: storedContact, channelId, at, infinite: contact.infiniteSession }),
      sql`stats as (${stats.getSQL()})`,
      sql`window_reopened as (${lastInboundUpdate(tx, workspaceId, channelId, storedContact, at).getSQL()})`,
      sql`touched as (${conversationTouchedByCustomer(tx, workspaceId, storedConversation, at, m.text).getSQL()})`,
    ],
    sql.join([sql`(select id from stored) as message_id`, sql`(select ${announce} from stored) as announced`, ...reads], sql`, `),
  );
  if (!effects.rows[0]?.message_id) return null; // already stored: a redelivery changes nothing
  const read = effects.rows[0] ?? {};
  const mediaId = typeof m.content.mediaId === 'string' ? m.content.mediaId : undefined;
  if (mediaId && MEDIA_TYPES.has(m.type)) {
    const sha256 = typeof m.content.sha256 === 'string' ? m.content.sha256 : undefined;
    await deps.queue.enqueue(tx, downloadMediaJob, {
      workspaceId,
      channelId,
      mediaId,
      kind: m.type as never,
      ...(sha256 ? { sha256 } : {}),
    });
  }

  if (hooks.customerMessage.length > 0) {
    const event = {
      workspaceId,
      conversation: { id: conversation.id, state: conversation.state, channelId, opened },
      contact: { id: contact.id, botPausedUntil: contact.botPausedUntil, optedOutMarketing: contact.optedOutMarketing },
      channelKind: await channelKindOf(tx, workspaceId, channelId),
      message: { id: messageId, type: m.type, text: m.text, content: m.content, at },
    };
    for (const [i, listener] of hooks.customerMessage.entries()) await listener(deps, tx, event, read[`read_${i}`]);
  }
  return { messageId, conversationId: conversation.id, contactId: contact.id, contactCreated };
}
