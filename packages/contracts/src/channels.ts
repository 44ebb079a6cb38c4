import { z } from 'zod';

const digits = (what: string) =>
  z
    .string()
    .trim()
    .regex(/^\d{3,32}$/, { message: `must be the ${what} (digits only)` });

export const createWhatsAppChannelRequest = z
  .object({
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
  })
  .strict()
  .refine((v) => !v.ownWebhook || v.appSecret, {
    message: 'an app secret is required for a channel with its own webhook',
    path: ['appSecret'],
  });
export type CreateWhatsAppChannelRequest = z.infer<typeof createWhatsAppChannelRequest>;

export const channel = z.object({
  id: z.uuid(),
  kind: z.enum(['whatsapp', 'telegram', 'webchat']),
  name: z.string(),
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
  createdAt: z.iso.datetime(),
});
export type Channel = z.infer<typeof channel>;
export const channelList = z.object({ items: z.array(channel) });

export const channelTestResult = z.object({ ok: z.boolean(), message: z.string() });
