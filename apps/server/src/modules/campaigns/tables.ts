import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type {
  AudienceSource,
  CampaignMode,
  CampaignStatus,
  CampaignVariables,
  RecipientStatus,
  TemplateCategory,
  TemplateContent,
  TemplateStatus,
} from '@parley/contracts';
import { timestamptz } from '../../db/columns';

/**
 * A WhatsApp message template of one WhatsApp Business Account, mirrored from the Business Management API (synced,
 * submitted from Parley, status kept current by the `message_template_status_update` webhook).
 */
export const messageTemplates = pgTable(
  'message_templates',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** The WABA the template belongs to; every WhatsApp number (channel) of that WABA can send it. */
    wabaId: text('waba_id').notNull(),
    /** Meta's template id (absent only while a submission is in flight). */
    providerTemplateId: text('provider_template_id'),
    name: text('name').notNull(),
    /** Meta's code, e.g. "en_US", "pt_BR". */
    language: text('language').notNull(),
    category: text('category').$type<TemplateCategory>().notNull(),
    status: text('status').$type<TemplateStatus>().notNull(),
    /** Why Meta rejected, paused or disabled it, as Meta says it. */
    statusReason: text('status_reason'),
    content: jsonb('content').$type<TemplateContent>().notNull(),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    syncedAt: timestamptz('synced_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('message_templates_name_key').on(t.workspaceId, t.wabaId, t.name, t.language),
    uniqueIndex('message_templates_provider_key').on(t.workspaceId, t.providerTemplateId),
  ],
);

/** An outbound campaign, from the wizard's draft to done. Counts per recipient state are computed, not stored. */
export const campaigns = pgTable(
  'campaigns',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** The WhatsApp number that sends (null until the wizard's first step picks it). */
    channelId: uuid('channel_id'),
    templateId: uuid('template_id'),
    mode: text('mode').$type<CampaignMode>().notNull().default('immediate'),
    /** UTC; the wizard picks it in the admin's time zone. */
    scheduledAt: timestamptz('scheduled_at'),
    /** The IANA zone the schedule was picked in, to show it back as it was typed. */
    timezone: text('timezone'),
    /** "Also send to customers in an active conversation". */
    includeActive: boolean('include_active').notNull().default(false),
    status: text('status').$type<CampaignStatus>().notNull().default('draft'),
    audienceSource: text('audience_source').$type<AudienceSource>(),
    segmentId: uuid('segment_id'),
    /** The uploaded file's name and column headers (its rows are in campaign_audience). */
    audienceFile: jsonb('audience_file').$type<{ fileName: string; columns: string[]; phoneColumn: string; nameColumn?: string }>(),
    variables: jsonb('variables').$type<CampaignVariables>(),
    /** Quick-reply payloads or list rows chosen in the wizard, as sent. */
    interactive: jsonb('interactive').$type<Record<string, unknown>>(),
    /** The last validation's counts; cleared by every change to the draft (its lists are then stale). */
    validation: jsonb('validation').$type<{ at: string; messages: number; rejected: number }>(),
    /** The campaign whose failed recipients this one retargets. */
    retargetOf: uuid('retarget_of'),
    createdBy: uuid('created_by'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    confirmedAt: timestamptz('confirmed_at'),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    cancelledAt: timestamptz('cancelled_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index('campaigns_list_idx').on(t.workspaceId, t.createdAt),
    // The scheduler's look-up: what is due (survives restarts: the row is the truth, not a timer).
    index('campaigns_due_idx')
      .on(t.scheduledAt)
      .where(sql`${t.status} = 'scheduled'`),
  ],
);

/**
 * The wizard's audience before validation: one row per uploaded line, picked customer or segment member, in order.
 * Validation turns it into recipients (Messages) and rejections; nothing here is ever sent.
 */
export const campaignAudience = pgTable(
  'campaign_audience',
  {
    workspaceId: uuid('workspace_id').notNull(),
    campaignId: uuid('campaign_id').notNull(),
    /** 1-based: the file's data row (header excluded), else the order of picking. */
    rowNo: integer('row_no').notNull(),
    /** The phone as given (file cell text) or the contact's phone. */
    phone: text('phone'),
    name: text('name'),
    contactId: uuid('contact_id'),
    /** The file's cells by column header. */
    cells: jsonb('cells').$type<Record<string, string>>(),
    /** Removed in the recipients table ("delete number"): kept so row numbers stay stable. */
    removed: boolean('removed').notNull().default(false),
    // The last validation's verdict on this row (all null until validated; rewritten by each validation).
    /** The number in E.164, when it could be read. */
    e164: text('e164'),
    /** The contact the number or pick resolved to (null: a new number, created on confirm). */
    resolvedContactId: uuid('resolved_contact_id'),
    outcome: text('outcome').$type<'message' | 'rejected'>(),
    /** Stable rejection code (invalid_number, duplicate, …) and its readable text. */
    reason: text('reason'),
    reasonText: text('reason_text'),
    /** The resolved template values, as they would be sent. */
    values: jsonb('values').$type<{ body: string[]; header?: string; urlButtons?: Record<string, string> }>(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.campaignId, t.rowNo] }),
    // The Messages and Rejected lists, paged in row order.
    index('campaign_audience_outcome_idx').on(t.workspaceId, t.campaignId, t.outcome, t.rowNo),
  ],
);

/**
 * One recipient of a confirmed campaign: the durable truth of sending (queue jobs carry ids only). Marked
 * `sending` in its own commit before the Graph call; a crash leaves it to be reconciled from status webhooks
 * (`biz_opaque_callback_data` = this row's id) before any resend.
 */
export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    campaignId: uuid('campaign_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    /** E.164, as validated. */
    phone: text('phone').notNull(),
    rowNo: integer('row_no').notNull(),
    /** The resolved values: body[i], header, url buttons by index — exactly what goes into the template. */
    values: jsonb('values').$type<{ body: string[]; header?: string; urlButtons?: Record<string, string> }>().notNull(),
    status: text('status').$type<RecipientStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Deferred (131056 pair limit, transient error backoff) until then. */
    notBefore: timestamptz('not_before'),
    messageId: uuid('message_id'),
    providerMessageId: text('provider_message_id'),
    errorCode: integer('error_code'),
    /** Failure or skip reason, readable by staff. */
    reason: text('reason'),
    sendingAt: timestamptz('sending_at'),
    sentAt: timestamptz('sent_at'),
    deliveredAt: timestamptz('delivered_at'),
    readAt: timestamptz('read_at'),
    failedAt: timestamptz('failed_at'),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // Never twice: one row per (campaign, contact).
    uniqueIndex('campaign_recipients_contact_key').on(t.workspaceId, t.campaignId, t.contactId),
    index('campaign_recipients_claim_idx').on(t.campaignId, t.status, t.notBefore),
    index('campaign_recipients_list_idx').on(t.workspaceId, t.campaignId, t.rowNo),
    // The campaigns a contact received, on their profile.
    index('campaign_recipients_contact_idx').on(t.workspaceId, t.contactId),
    index('campaign_recipients_provider_idx')
      .on(t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
  ],
);

/**
 * Per WhatsApp number: its sending limits and the shared pacing state, in PostgreSQL so every process sending for
 * the number obeys one limiter (GCRA: `nextSlotAt` is the theoretical time of the next free slot).
 */
export const campaignSenders = pgTable('campaign_senders', {
  channelId: uuid('channel_id').primaryKey(),
  workspaceId: uuid('workspace_id').notNull(),
  /** 80 by default, up to 1,000 (Meta's throughput tiers). */
  messagesPerSecond: integer('messages_per_second').notNull().default(80),
  /** Unique business-initiated recipients per rolling 24 h (Meta's messaging limit); null = unlimited. */
  dailyLimit: integer('daily_limit').default(1000),
  nextSlotAt: timestamptz('next_slot_at'),
  /** A 130429 pauses every sender of the number until then. */
  pausedUntil: timestamptz('paused_until'),
  updatedAt: timestamptz('updated_at').notNull(),
});
