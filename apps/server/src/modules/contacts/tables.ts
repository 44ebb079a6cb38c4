import { sql } from 'drizzle-orm';
import { boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { SegmentDefinition } from '@parley/contracts';
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
    // Standard profile fields (PRODUCT §2): free text as channels and imports give them.
    gender: text('gender'),
    /** BCP 47 tag, e.g. "pt-BR". */
    language: text('language'),
    /** IANA zone, e.g. "America/Sao_Paulo". */
    timezone: text('timezone'),
    /** City or region, as typed or given by the channel. */
    location: text('location'),
    /** ISO 3166-1 alpha-2, upper case. */
    country: text('country'),
    /** Browser or app the customer used ("WhatsApp", "Firefox 126"). */
    device: text('device'),
    isGroup: boolean('is_group').notNull().default(false),
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
    /** When the contact opted out (STOP keyword, bot action); kept from the first time. */
    optedOutAt: timestamptz('opted_out_at'),
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
    /** What the list's search box matches (pg_trgm index): names, email and phone, lower case. */
    searchText: text('search_text')
      .notNull()
      .generatedAlwaysAs(
        sql`lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(channel_name, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))`,
      ),
    /** The list's "name" sort key: the typed name, else the channel's, lower case ('' when none). */
    sortName: text('sort_name')
      .notNull()
      .generatedAlwaysAs(
        sql`lower(coalesce(nullif(trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '')), ''), channel_name, ''))`,
      ),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('contacts_phone_idx').on(t.workspaceId, t.phone),
    // Imports (and merges) find a contact by email, case-insensitively.
    index('contacts_email_idx').on(t.workspaceId, sql`lower(${t.email})`),
    // Keyset pagination of the contacts list: one index per sort key, id breaking ties.
    index('contacts_created_idx').on(t.workspaceId, t.createdAt, t.id),
    index('contacts_last_active_idx').on(t.workspaceId, sql`coalesce(${t.lastActiveAt}, '-infinity'::timestamptz)`, t.id),
    index('contacts_sort_name_idx').on(t.workspaceId, t.sortName, t.id),
    index('contacts_search_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('contacts_tags_idx').using('gin', t.tags),
    // The list's total and counts without a filter: an index-only scan, not a pass over the wide rows.
    index('contacts_status_idx').on(t.workspaceId, t.status),
  ],
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

export const attributeTypes = ['text', 'number', 'date', 'boolean', 'list', 'url'] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** A workspace's custom contact attribute: its key is its identity (values refer to it), its type never changes. */
export const attributeDefinitions = pgTable(
  'attribute_definitions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type', { enum: attributeTypes }).notNull(),
    /** The allowed values of a `list` attribute, in display order; null for other types. */
    options: text('options').array(),
    agentEditable: boolean('agent_editable').notNull().default(false),
    /** Shown first on the profile, in the right-hand column. */
    topProperty: boolean('top_property').notNull().default(false),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.key] })],
);

/**
 * One row per contact and attribute, the value in the column of its type, so segment conditions ("city = Rome",
 * "orders > 3", "birthday before 1990-01-01") are index range scans on (workspace, key, value).
 */
export const contactAttributeValues = pgTable(
  'contact_attribute_values',
  {
    workspaceId: uuid('workspace_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    key: text('key').notNull(),
    valueText: text('value_text'),
    /** What text conditions compare (case-insensitively: "city is rome" finds "Rome"), kept as a column of its own so
     * an index holding it can answer them without the row. */
    valueLower: text('value_lower').generatedAlwaysAs(sql`lower(value_text)`),
    valueNumber: doublePrecision('value_number'),
    valueDate: date('value_date', { mode: 'string' }),
    valueBool: boolean('value_bool'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.contactId, t.key] }),
    // Each value index ends with the contact, so counting a segment of attributes is an index-only scan
    // (countSelection).
    index('contact_attribute_values_text_idx').on(t.workspaceId, t.key, t.valueText, t.contactId),
    index('contact_attribute_values_lower_idx').on(t.workspaceId, t.key, t.valueLower, t.contactId),
    index('contact_attribute_values_number_idx').on(t.workspaceId, t.key, t.valueNumber, t.contactId),
    index('contact_attribute_values_date_idx').on(t.workspaceId, t.key, t.valueDate, t.contactId),
    index('contact_attribute_values_bool_idx').on(t.workspaceId, t.key, t.valueBool, t.contactId),
  ],
);

/** A named goal reached in a conversation (bot step, external bot, event): once per conversation and name. */
export const goalCompletions = pgTable(
  'goal_completions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    name: text('name').notNull(),
    contactId: uuid('contact_id').notNull(),
    completedAt: timestamptz('completed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.conversationId, t.name] }),
    index('goal_completions_contact_idx').on(t.workspaceId, t.contactId, t.completedAt),
  ],
);

/**
 * A named set of contacts. Dynamic: the contacts matching `definition` now (the contacts list's filter grammar).
 * Static: the members listed in segment_members, fixed when it was made (from a selection or a filter's matches).
 */
export const segments = pgTable(
  'segments',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    kind: text('kind', { enum: ['dynamic', 'static'] }).notNull(),
    /** Dynamic segments only: { match: all | any, conditions }. */
    definition: jsonb('definition').$type<SegmentDefinition>(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('segments_name_key').on(t.workspaceId, sql`lower(${t.name})`)],
);

export const segmentMembers = pgTable(
  'segment_members',
  {
    workspaceId: uuid('workspace_id').notNull(),
    segmentId: uuid('segment_id').notNull(),
    contactId: uuid('contact_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.segmentId, t.contactId] }),
    index('segment_members_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

// Notes, bulk actions and pictures live beside the code that uses them.
export * from './notes/tables';
export * from './bulk/tables';
export * from './profile/tables';
export * from './import/tables';
