import { sql } from 'drizzle-orm';
import { bigserial, customType, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../db/columns';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export type ChannelKind = 'whatsapp' | 'telegram' | 'webchat';

/** Public (non-secret) settings of a WhatsApp number. */
export interface WhatsAppSettings {
  phoneNumberId: string;
  wabaId: string;
  displayPhoneNumber: string;
  graphBaseUrl: string;
  graphVersion: string;
  /** This channel has its own app secret and verify token, at /webhooks/whatsapp/<channel id>. */
  ownWebhook: boolean;
  /** The demo's simulated number, served by the in-process fake Graph API. */
  simulator?: boolean;
}

/** Public (non-secret) settings of a Telegram bot. The bot token and webhook secret are sealed. */
export interface TelegramSettings {
  /** The Bot API origin: https://api.telegram.org, or a local fake in tests and demos. */
  apiBaseUrl: string;
  /** The bot's user id (the digits before ':' in its token). */
  botId: string;
  /** @username without the @, as getMe reported it when the channel was connected. */
  botUsername: string | null;
  botName: string;
}

/** Public settings of a website chat widget; its widget key (public, unguessable) is the channel's externalId. */
export interface WebchatSettings {
  /** Sites that may open the widget (exact origins, e.g. https://shop.example); empty: any site. */
  allowedOrigins: string[];
  /** The chat panel's title, e.g. "Chat with us". */
  title: string;
  /** The launcher's and header's colour, #rrggbb. */
  accentColor: string;
}

/** Each kind's settings; a channel row is narrowed by its `kind` (see ChannelRow in repository.ts). */
export interface ChannelSettingsByKind {
  whatsapp: WhatsAppSettings;
  telegram: TelegramSettings;
  webchat: WebchatSettings;
}
export type ChannelSettings = ChannelSettingsByKind[ChannelKind];

export const channels = pgTable(
  'channels',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').$type<ChannelKind>().notNull(),
    name: text('name').notNull(),
    // The provider's id for this channel (WhatsApp phone_number_id, Telegram bot id): inbound events are routed by it.
    externalId: text('external_id').notNull(),
    settings: jsonb('settings').$type<ChannelSettings>().notNull(),
    // Access token, app secret, verify token, bot token…: sealed with the install's key, never returned by the API.
    sealedSecrets: text('sealed_secrets').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    deletedAt: timestamptz('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('channels_id_key').on(t.id),
    uniqueIndex('channels_external_key')
      .on(t.kind, t.externalId)
      .where(sql`${t.deletedAt} is null`),
  ],
);

/**
 * Every inbound provider event (a message, a status, an error) stored before the webhook is answered, under a
 * unique provider key, so a redelivery is a no-op and nothing acknowledged is ever lost.
 */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    channelId: uuid('channel_id').notNull(),
    providerKey: text('provider_key').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    receivedAt: timestamptz('received_at').notNull(),
    processedAt: timestamptz('processed_at'),
    error: text('error'),
    /** Events with the same key (one customer on one channel) are applied in arrival order. */
    orderKey: text('order_key'),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('inbound_events_provider_key').on(t.workspaceId, t.channelId, t.providerKey),
    index('inbound_events_pending_by_key')
      .on(t.workspaceId, t.orderKey, t.seq)
      .where(sql`${t.processedAt} is null`),
    index('inbound_events_unprocessed')
      .on(t.workspaceId, t.receivedAt)
      .where(sql`${t.processedAt} is null`),
  ],
);

/** Webhook deliveries that could not be used whole (bad JSON, unknown number, unreadable parts), kept raw. */
export const webhookRejects = pgTable('webhook_rejects', {
  id: uuid('id').primaryKey().defaultRandom(),
  provider: text('provider').notNull(),
  receivedAt: timestamptz('received_at').notNull(),
  reason: text('reason').notNull(),
  rawBody: text('raw_body').notNull(),
});

/** Media a customer sent, downloaded soon after arrival (WhatsApp media ids expire after 7 days). */
export const mediaFiles = pgTable(
  'media_files',
  {
    workspaceId: uuid('workspace_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    providerMediaId: text('provider_media_id').notNull(),
    mimeType: text('mime_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256'),
    // Kept in PostgreSQL so every node serves it; the per-type caps bound the size.
    bytes: bytea('bytes').notNull(),
    downloadedAt: timestamptz('downloaded_at').notNull(),
    /**
     * Files staff attach in the desk are kept here too, under our own id (`out-…`): the file name they had, and the
     * WhatsApp media id their upload got (valid 30 days at Meta), so a retried send does not upload twice.
     */
    filename: text('filename'),
    graphMediaId: text('graph_media_id'),
    graphUploadedAt: timestamptz('graph_uploaded_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.channelId, t.providerMediaId] })],
);

// The widget's mailbox (channels/webchat).
export * from './webchat/tables';
