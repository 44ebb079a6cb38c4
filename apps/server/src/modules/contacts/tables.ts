import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../db/columns';

export interface AdReferral {
  sourceId?: string;
  sourceUrl?: string;
  sourceType?: string;
  headline?: string;
  body?: string;
  mediaType?: string;
  ctwaClid?: string;
}

export const contacts = pgTable(
  'contacts',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    firstName: text('first_name'),
    lastName: text('last_name'),
    /** The name the channel gave us (WhatsApp profile name), kept apart from what staff typed. */
    channelName: text('channel_name'),
    email: text('email'),
    phone: text('phone'),
    status: text('status', { enum: ['active', 'archived'] })
      .notNull()
      .default('active'),
    // organic | api | import:<label> | ad
    source: text('source').notNull(),
    referral: jsonb('referral').$type<AdReferral>(),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    optedOutMarketing: boolean('opted_out_marketing').notNull().default(false),
    botPausedUntil: timestamptz('bot_paused_until'),
    infiniteSession: boolean('infinite_session').notNull().default(false),
    // Statistics, kept current in the same transaction as each message.
    lastActiveAt: timestamptz('last_active_at'),
    lastMessageAt: timestamptz('last_message_at'),
    lastMessagePreview: text('last_message_preview'),
    messagesFromCustomer: integer('messages_from_customer').notNull().default(0),
    templateMessages: integer('template_messages').notNull().default(0),
    sessionMessages: integer('session_messages').notNull().default(0),
    unresolvedQueries: integer('unresolved_queries').notNull().default(0),
    sessionsCount: integer('sessions_count').notNull().default(0),
    clicks: integer('clicks').notNull().default(0),
    timeSpentSeconds: integer('time_spent_seconds').notNull().default(0),
    sentimentSum: doublePrecision('sentiment_sum').notNull().default(0),
    sentimentCount: integer('sentiment_count').notNull().default(0),
    liveChatTakeover: boolean('live_chat_takeover').notNull().default(false),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('contacts_phone_idx').on(t.workspaceId, t.phone)],
);

/**
 * How a contact is reached on a channel. One row per key a provider may use for the same person:
 * `wa:<digits>` (both Brazilian forms, with and without the mobile 9), `bsuid:<id>`.
 */
export const contactIdentities = pgTable(
  'contact_identities',
  {
    workspaceId: uuid('workspace_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    key: text('key').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** Last time the customer wrote on this channel: the 24-hour window runs from it. */
    lastInboundAt: timestamptz('last_inbound_at'),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.channelId, t.key] }),
    index('contact_identities_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

export const firstMessageTagRules = pgTable(
  'first_message_tag_rules',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    match: text('match', { enum: ['exact', 'prefix', 'contains'] }).notNull(),
    pattern: text('pattern').notNull(),
    tag: text('tag').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('first_message_tag_rules_key').on(t.workspaceId, t.match, t.pattern)],
);
