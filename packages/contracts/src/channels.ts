import { z } from 'zod';

const digits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{3,32}$/, { message: `must be the ${what} (digits only)` });

const whatsappChannelFields = z.object({
  name: z.string().trim().min(1).max(80),
  phoneNumberId: digits('phone number id from Meta'),
  wabaId: digits('WhatsApp Business Account id'),
  displayPhoneNumber: z
    .string()
    .trim()
    .regex(/^\+?[\d ()-]{5,24}$/, { message: 'must be a phone number' }),
  accessToken: z.string().trim().min(20, { message: 'must be the access token from Meta' }).max(1024),
  graphBaseUrl: z.url().optional(),
  graphVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, { message: 'must look like v23.0' })
    .optional(),
  /** Give this number its own webhook URL, app secret and verify token (another Meta app). */
  ownWebhook: z.boolean().optional(),
  appSecret: z.string().min(8).max(256).optional(),
});
const appSecretRequired: [(v: { ownWebhook?: boolean; appSecret?: string }) => boolean, { message: string; path: string[] }] = [
  (v) => !v.ownWebhook || v.appSecret !== undefined,
  { message: 'an app secret is required for a channel with its own webhook', path: ['appSecret'] },
];

/** POST /channels/whatsapp (no `kind`: the URL says it). */
export const createWhatsAppChannelRequest = whatsappChannelFields.strict().refine(...appSecretRequired);
export type CreateWhatsAppChannelRequest = z.infer<typeof createWhatsAppChannelRequest>;

export const createTelegramChannelRequest = z
  .object({
    kind: z.literal('telegram'),
    name: z.string().trim().min(1).max(80),
    /** From @BotFather; sealed at rest and never returned. */
    botToken: z
      .string()
      .trim()
      .regex(/^\d{1,20}:[A-Za-z0-9_-]{20,256}$/, { message: 'must be the bot token from @BotFather (<bot id>:<secret>)' }),
    /** The Bot API origin; default https://api.telegram.org (a local fake in tests and demos). */
    apiBaseUrl: z.url().optional(),
  })
  .strict();
export type CreateTelegramChannelRequest = z.infer<typeof createTelegramChannelRequest>;

/** A site allowed to open a chat widget: an origin (scheme, host, optional port), stored normalised. */
export const widgetOrigin = z
  .string()
  .trim()
  .max(200)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === v.replace(/\/$/, '').toLowerCase();
      } catch {
        return false;
      }
    },
    { message: 'must be a site origin like https://shop.example (no path)' },
  )
  .transform((v) => new URL(v).origin);

const webchatFields = {
  name: z.string().trim().min(1).max(80),
  /** Sites that may open the widget; empty or absent: any site. */
  allowedOrigins: z.array(widgetOrigin).max(20, { message: 'at most 20 origins' }),
  /** The chat panel's title. */
  title: z.string().trim().min(1).max(60),
  accentColor: z
    .string()
    .trim()
    .regex(/^#[0-9a-fA-F]{6}$/, { message: 'must be a colour like #1c7ed6' }),
};

export const createWebchatChannelRequest = z
  .object({
    kind: z.literal('webchat'),
    name: webchatFields.name,
    allowedOrigins: webchatFields.allowedOrigins.optional(),
    title: webchatFields.title.optional(),
    accentColor: webchatFields.accentColor.optional(),
  })
  .strict();
export type CreateWebchatChannelRequest = z.infer<typeof createWebchatChannelRequest>;

/** PATCH /channels/:id/widget: change a widget's settings (its key never changes). */
export const updateWebchatChannelRequest = z
  .object({
    name: webchatFields.name.optional(),
    allowedOrigins: webchatFields.allowedOrigins.optional(),
    title: webchatFields.title.optional(),
    accentColor: webchatFields.accentColor.optional(),
  })
  .strict();
export type UpdateWebchatChannelRequest = z.infer<typeof updateWebchatChannelRequest>;

/** POST /channels: any kind, told apart by `kind`. */
export const createChannelRequest = z.discriminatedUnion('kind', [
  whatsappChannelFields
    .extend({ kind: z.literal('whatsapp') })
    .strict()
    .refine(...appSecretRequired),
  createTelegramChannelRequest,
  createWebchatChannelRequest,
]);
export type CreateChannelRequest = z.infer<typeof createChannelRequest>;

const channelBase = {
  id: z.uuid(),
  name: z.string(),
  createdAt: z.iso.datetime(),
};

export const whatsappChannel = z.object({
  ...channelBase,
  kind: z.literal('whatsapp'),
  phoneNumberId: z.string(),
  wabaId: z.string(),
  displayPhoneNumber: z.string(),
  graphBaseUrl: z.string(),
  graphVersion: z.string(),
  ownWebhook: z.boolean(),
  /** Paste into Meta's App Dashboard → WhatsApp → Configuration. */
  webhookUrl: z.string(),
  /** The verify token to paste beside it; null when the install's WHATSAPP_VERIFY_TOKEN is not set. */
  verifyToken: z.string().nullable(),
});
export type WhatsAppChannel = z.infer<typeof whatsappChannel>;

export const telegramChannel = z.object({
  ...channelBase,
  kind: z.literal('telegram'),
  botId: z.string(),
  /** Without the @; null for a bot without a username (Telegram requires one, fakes may not). */
  botUsername: z.string().nullable(),
  botName: z.string(),
  apiBaseUrl: z.string(),
  /** Where Telegram delivers this bot's updates; registered with setWebhook when the channel was connected. */
  webhookUrl: z.string(),
});
export type TelegramChannel = z.infer<typeof telegramChannel>;

/** The website chat widget. */
export const webchatChannel = z.object({
  ...channelBase,
  kind: z.literal('webchat'),
  /** Public and unguessable: it names the widget in the snippet, it does not authorise anything else. */
  widgetKey: z.string(),
  allowedOrigins: z.array(z.string()),
  title: z.string(),
  accentColor: z.string(),
  /** The <script> tag to paste into a site. */
  snippet: z.string(),
  /** A page of this server embedding the snippet, to try the widget (also the settings' live preview). */
  testPageUrl: z.string(),
});
export type WebchatChannel = z.infer<typeof webchatChannel>;

export const channel = z.discriminatedUnion('kind', [whatsappChannel, telegramChannel, webchatChannel]);
export type Channel = z.infer<typeof channel>;
export const channelList = z.object({ items: z.array(channel) });

export const channelTestResult = z.object({ ok: z.boolean(), message: z.string() });
