import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { timestamptz } from '../../db/columns';

export type ConversationState = 'bot' | 'waiting' | 'assigned' | 'closed';

export const conversations = pgTable(
  'conversations',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    contactId: uuid('contact_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    state: text('state').$type<ConversationState>().notNull(),
    openedAt: timestamptz('opened_at').notNull(),
    closedAt: timestamptz('closed_at'),
    closedReason: text('closed_reason'),
    // a user id, or 'system' for idle / window closes
    closedBy: text('closed_by'),
    /** An agent took part: a conversation that ends without one is "unmanaged". */
    hadAgent: boolean('had_agent').notNull().default(false),
    lastCustomerMessageAt: timestamptz('last_customer_message_at'),
    lastCustomerText: text('last_customer_text'),
    lastMessageAt: timestamptz('last_message_at').notNull(),
    /** WhatsApp pricing category of the last priced message (service, utility, marketing, authentication). */
    pricingCategory: text('pricing_category'),
    /** While `waiting`: the skillset whose queue it waits in (null: the general queue), and since when. */
    waitingSkillsetId: uuid('waiting_skillset_id'),
    waitingSince: timestamptz('waiting_since'),
    /**
     * Routing (ADR 0003). The agent who has it while `assigned` (kept after it closes: who handled it last) and
     * since when; while `waiting`, an exclusive transfer's target user and when the hold ends; and the place in
     * its queue when that is not `waitingSince` (a transfer to the head of a queue sorts before everyone).
     */
    assigneeId: uuid('assignee_id'),
    assignedAt: timestamptz('assigned_at'),
    reservedForUserId: uuid('reserved_for_user_id'),
    reservationExpiresAt: timestamptz('reservation_expires_at'),
    queueOrder: timestamptz('queue_order'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // At most one open conversation per contact and channel.
    uniqueIndex('conversations_open_key')
      .on(t.workspaceId, t.contactId, t.channelId)
      .where(sql`${t.state} <> 'closed'`),
    index('conversations_state_idx').on(t.workspaceId, t.state, t.lastMessageAt),
    // A contact's conversations on their profile, newest first.
    index('conversations_contact_idx').on(t.workspaceId, t.contactId, t.lastMessageAt, t.id),
    // Routing: an agent's open conversations (capacity), and the queues.
    index('conversations_assignee_idx')
      .on(t.workspaceId, t.assigneeId)
      .where(sql`${t.state} = 'assigned'`),
    index('conversations_queue_idx')
      .on(t.workspaceId, t.waitingSkillsetId, t.waitingSince)
      .where(sql`${t.state} = 'waiting'`),
    // The admin menu's lists (modules/admin-views): one index per list and sort key, matching its keyset order
    // (sort expression, id) and its membership, so any page is a short index range scan at 1,000,000 conversations.
    index('conversations_unmanaged_idx')
      .on(t.workspaceId, sql`coalesce(${t.lastCustomerMessageAt}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.hadAgent} = false and ${t.state} in ('bot', 'closed') and ${t.lastCustomerMessageAt} is not null`),
    index('conversations_unmanaged_opened_idx')
      .on(t.workspaceId, sql`coalesce(${t.openedAt}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.hadAgent} = false and ${t.state} in ('bot', 'closed') and ${t.lastCustomerMessageAt} is not null`),
    index('conversations_waiting_idx')
      .on(t.workspaceId, sql`coalesce(${t.waitingSince}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.state} = 'waiting'`),
    index('conversations_waiting_queue_idx')
      .on(t.workspaceId, t.waitingSkillsetId, sql`coalesce(${t.waitingSince}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.state} = 'waiting'`),
    index('conversations_waiting_customer_idx')
      .on(t.workspaceId, sql`coalesce(${t.lastCustomerMessageAt}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.state} = 'waiting'`),
    index('conversations_active_idx')
      .on(t.workspaceId, sql`coalesce(${t.assignedAt}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.state} = 'assigned'`),
    index('conversations_active_customer_idx')
      .on(t.workspaceId, sql`coalesce(${t.lastCustomerMessageAt}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.state} = 'assigned'`),
    index('conversations_history_idx')
      .on(t.workspaceId, sql`coalesce(${t.closedAt}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.state} = 'closed' and ${t.hadAgent} = true`),
    index('conversations_history_agent_idx')
      .on(t.workspaceId, t.assigneeId, sql`coalesce(${t.closedAt}, '-infinity'::timestamptz)`, t.id)
      .where(sql`${t.state} = 'closed' and ${t.hadAgent} = true`),
  ],
);

export type MessageDirection = 'in' | 'out';
export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'read' | 'played' | 'failed';

export const messages = pgTable(
  'messages',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    conversationId: uuid('conversation_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    direction: text('direction').$type<MessageDirection>().notNull(),
    senderType: text('sender_type', { enum: ['customer', 'bot', 'agent', 'system', 'api'] }).notNull(),
    senderUserId: uuid('sender_user_id'),
    /** wamid: unique per channel, so a redelivered inbound message is stored once. */
    providerMessageId: text('provider_message_id'),
    type: text('type').notNull(),
    text: text('text'),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    replyToProviderId: text('reply_to_provider_id'),
    isTemplate: boolean('is_template').notNull().default(false),
    status: text('status').$type<MessageStatus>().notNull(),
    sentAt: timestamptz('sent_at'),
    deliveredAt: timestamptz('delivered_at'),
    readAt: timestamptz('read_at'),
    failedAt: timestamptz('failed_at'),
    errorCode: integer('error_code'),
    errorTitle: text('error_title'),
    errorDetails: text('error_details'),
    sentiment: doublePrecision('sentiment'),
    pricingCategory: text('pricing_category'),
    createdAt: timestamptz('created_at').notNull(),
    /**
     * When it reached us (inbound: the webhook's arrival; outbound: when queued). WhatsApp stamps messages to the
     * second, so within a second this orders them; `seq` breaks any remaining tie.
     */
    arrivedAt: timestamptz('arrived_at').notNull().defaultNow(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('messages_provider_key').on(t.workspaceId, t.channelId, t.providerMessageId),
    index('messages_conversation_idx').on(t.workspaceId, t.conversationId, t.createdAt),
    // The admin menu's "message templates sent": templates agents (or the API) sent, newest first.
    index('messages_agent_templates_idx')
      .on(t.workspaceId, t.createdAt, t.id)
      .where(sql`${t.isTemplate} = true and ${t.direction} = 'out' and ${t.senderType} in ('agent', 'api')`),
  ],
);

/** A contact's visit: messages with gaps no longer than the workspace's session length. */
export const contactSessions = pgTable(
  'contact_sessions',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    contactId: uuid('contact_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    startedAt: timestamptz('started_at').notNull(),
    endedAt: timestamptz('ended_at').notNull(),
    messageCount: integer('message_count').notNull().default(0),
    hadAgent: boolean('had_agent').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('contact_sessions_contact_idx').on(t.workspaceId, t.contactId, t.endedAt)],
);

export interface ConversationSettings {
  sessionMinutes: number;
  pauseMinutes: number;
  idleCloseMinutes: number;
  closeReasons: string[];
}

export const conversationSettings = pgTable('conversation_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  settings: jsonb('settings').$type<ConversationSettings>().notNull(),
  updatedAt: timestamptz('updated_at').notNull(),
});

/** Links in outbound messages go through /l/<token>, counting clicks per contact and message. */
export const trackedLinks = pgTable(
  'tracked_links',
  {
    workspaceId: uuid('workspace_id').notNull(),
    token: text('token').notNull(),
    messageId: uuid('message_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    url: text('url').notNull(),
    clicks: integer('clicks').notNull().default(0),
    createdAt: timestamptz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.token] }), uniqueIndex('tracked_links_token_key').on(t.token)],
);
