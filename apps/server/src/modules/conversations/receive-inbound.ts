import { randomUUID } from 'node:crypto';
import { channelKindOf, downloadMediaJob, type NormalizedMessage } from '../channels';
import {
  inboundStatsUpdate,
  lastInboundUpdate,
  lastMessagePreview,
  loadTagRules,
  matchFirstMessageTags,
  resolveInboundContact,
  scoreSentiment,
  type TagRule,
} from '../contacts';
import { sql, type SQL } from 'drizzle-orm';
import { StatementTemplate, withEffects, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import type { InboundHooks } from './customer-message';
import { sessionSecondsAdded, sessionStarted, sessionTouchCtes } from './sessions';
import { conversationTouchedByCustomer, lastCustomerText, openConversation } from './state';
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
  const messageId = randomUUID();
  const effects = await effectsTemplate(deps, hooks).execute(tx, {
    workspaceId,
    channelId,
    messageId,
    conversationId: conversation.id,
    contactId: contact.id,
    providerMessageId: m.providerMessageId,
    type: m.type,
    text: m.text,
    content: m.content,
    replyToProviderId: m.replyToProviderId ?? null,
    sentiment,
    at,
    arrivedAt,
    infinite: contact.infiniteSession,
    preview: lastMessagePreview(m.text),
    lastText: lastCustomerText(m.text),
    announcement: deps.realtime.eventPayload(`workspace:${workspaceId}`, {
      name: 'message.created',
      data: { conversationId: conversation.id, messageId, contactId: contact.id },
    }),
  });
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

/** What varies between inbound messages in the statement that stores their effects: everything else is its text. */
interface InboundEffects {
  workspaceId: string;
  channelId: string;
  messageId: string;
  conversationId: string;
  contactId: string;
  providerMessageId: string;
  type: string;
  text: string;
  content: Record<string, unknown>;
  replyToProviderId: string | null;
  sentiment: number | null;
  at: Date;
  arrivedAt: Date;
  /** The contact's session never ends. */
  infinite: boolean;
  /** `lastMessagePreview(text)`, for the contact. */
  preview: string;
  /** `lastCustomerText(text)`, for the conversation. */
  lastText: string;
  /** The `message.created` event's NOTIFY payload. */
  announcement: string;
}

// One statement text per set of listeners (their reads are part of it), built once.
const effectsTemplates = new WeakMap<InboundHooks, StatementTemplate<InboundEffects>>();

function effectsTemplate(deps: Deps, hooks: InboundHooks): StatementTemplate<InboundEffects> {
  let template = effectsTemplates.get(hooks);
  if (!template) {
    template = new StatementTemplate((tx, v) => inboundEffects(deps, tx, hooks, v));
    effectsTemplates.set(hooks, template);
  }
  return template;
}

/**
 * The message and its effects in one round trip: the message (once, whatever the redeliveries), its session, the
 * contact's statistics, the window, the conversation, the realtime event — and what the listeners read before they
 * act (the bot: its settings' version and its memory). Every write names the contact or conversation through the
 * stored row, so a message that was already stored (the insert yields no row) changes nothing. Built once from
 * placeholders (StatementTemplate): `v` may only be placed into SQL.
 */
function inboundEffects(deps: Deps, tx: Db, hooks: InboundHooks, v: InboundEffects): SQL {
  const insert = tx
    .insert(messages)
    .values({
      workspaceId: v.workspaceId,
      id: v.messageId,
      conversationId: v.conversationId,
      contactId: v.contactId,
      channelId: v.channelId,
      direction: 'in',
      senderType: 'customer',
      providerMessageId: v.providerMessageId,
      type: v.type,
      text: v.text,
      content: v.content,
      replyToProviderId: v.replyToProviderId,
      status: 'received',
      sentiment: v.sentiment,
      createdAt: v.at,
      arrivedAt: v.arrivedAt,
    })
    .onConflictDoNothing()
    .returning({ id: messages.id, contactId: messages.contactId, conversationId: messages.conversationId });
  const storedContact = sql`(select contact_id from stored)`;
  const storedConversation = sql`(select conversation_id from stored)`;
  const keys = { workspaceId: v.workspaceId, conversationId: v.conversationId, contactId: v.contactId };
  const reads = hooks.customerMessage.flatMap((listener, i) =>
    listener.read ? [sql`${listener.read(keys)} as ${sql.identifier(`read_${i}`)}`] : [],
  );
  const stats = inboundStatsUpdate(tx, v.workspaceId, storedContact, {
    at: v.at,
    preview: v.preview,
    sentiment: v.sentiment,
    sessionStarted,
    addedSeconds: sessionSecondsAdded(v.at),
  });
  const session = { workspaceId: v.workspaceId, contactId: storedContact, channelId: v.channelId, at: v.at, infinite: v.infinite };
  const window = lastInboundUpdate(tx, v.workspaceId, v.channelId, storedContact, v.at);
  const touched = conversationTouchedByCustomer(tx, v.workspaceId, storedConversation, v.at, v.lastText);
  return withEffects(
    [
      sql`stored as (${insert.getSQL()})`,
      sessionTouchCtes(session),
      sql`stats as (${stats.getSQL()})`,
      sql`window_reopened as (${window.getSQL()})`,
      sql`touched as (${touched.getSQL()})`,
    ],
    sql.join(
      [
        sql`(select id from stored) as message_id`,
        sql`(select ${deps.realtime.notifySql(v.announcement)} from stored) as announced`,
        ...reads,
      ],
      sql`, `,
    ),
  );
}
