import { z } from 'zod';
import { campaignStatuses, recipientStatuses } from './campaigns';

// Sending and the outbound history: the campaigns list with counts and progress, one campaign's recipients, the
// controls (pause, resume, cancel), a WhatsApp number's sending settings and the one-template API send.

const pageSize = z.coerce
  .number()
  .int()
  .min(10, { message: 'must be between 10 and 100' })
  .max(100, { message: 'must be between 10 and 100' })
  .default(25);
const page = z.coerce.number().int().min(1, { message: 'must be 1 or more' }).default(1);

/** How many recipients are in each state. */
export const recipientCounts = z.object(
  Object.fromEntries(recipientStatuses.map((s) => [s, z.number().int()])) as {
    [K in (typeof recipientStatuses)[number]]: z.ZodNumber;
  },
);
export type RecipientCounts = z.infer<typeof recipientCounts>;

export const campaignHistoryItem = z.object({
  id: z.uuid(),
  name: z.string(),
  status: z.enum(campaignStatuses),
  channelId: z.uuid().nullable(),
  templateId: z.uuid().nullable(),
  /** The template's name and language when it still exists. */
  templateName: z.string().nullable(),
  templateLanguage: z.string().nullable(),
  mode: z.enum(['immediate', 'scheduled']),
  scheduledAt: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  total: z.number().int(),
  counts: recipientCounts,
  /** Recipients no longer waiting (neither pending nor sending), as a share of all: 0…1. */
  progress: z.number(),
});
export type CampaignHistoryItem = z.infer<typeof campaignHistoryItem>;

export const campaignHistoryQuery = z
  .object({ page, pageSize, status: z.enum(campaignStatuses, { message: `must be one of ${campaignStatuses.join(', ')}` }).optional() })
  .strict();
export type CampaignHistoryQuery = z.infer<typeof campaignHistoryQuery>;

export const campaignHistoryPage = z.object({
  items: z.array(campaignHistoryItem),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CampaignHistoryPage = z.infer<typeof campaignHistoryPage>;

export const campaignRecipientView = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  phone: z.string(),
  /** The contact's name as staff see it (typed name, else the WhatsApp profile name); null when unknown. */
  name: z.string().nullable(),
  rowNo: z.number().int(),
  status: z.enum(recipientStatuses),
  attempts: z.number().int(),
  /** The conversation message this recipient's template became (null until it is claimed for sending). */
  messageId: z.uuid().nullable(),
  providerMessageId: z.string().nullable(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  readAt: z.string().nullable(),
  failedAt: z.string().nullable(),
  /** WhatsApp's error code of a failure. */
  errorCode: z.number().int().nullable(),
  /** Why it failed or was skipped, or what it waits for, readable by staff. */
  reason: z.string().nullable(),
});
export type CampaignRecipientView = z.infer<typeof campaignRecipientView>;

export const campaignRecipientsQuery = z
  .object({ page, pageSize, status: z.enum(recipientStatuses, { message: `must be one of ${recipientStatuses.join(', ')}` }).optional() })
  .strict();
export type CampaignRecipientsQuery = z.infer<typeof campaignRecipientsQuery>;

export const campaignRecipientsPage = z.object({
  items: z.array(campaignRecipientView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CampaignRecipientsPage = z.infer<typeof campaignRecipientsPage>;

/** A WhatsApp number's campaign pacing: Meta's throughput tier (80 by default, up to 1,000 messages per second). */
export const senderSettings = z.object({
  channelId: z.uuid(),
  messagesPerSecond: z.number().int(),
  /** Unique business-initiated recipients per rolling 24 h; null: unlimited. */
  dailyLimit: z.number().int().nullable(),
  /** Set while a 130429 (throughput) pause holds every sender of this number. */
  pausedUntil: z.string().nullable(),
});
export type SenderSettings = z.infer<typeof senderSettings>;

export const senderSettingsUpdate = z
  .object({
    messagesPerSecond: z
      .number({ message: 'must be a whole number between 1 and 1000' })
      .int({ message: 'must be a whole number between 1 and 1000' })
      .min(1, { message: 'must be a whole number between 1 and 1000' })
      .max(1000, { message: 'must be at most 1000 (Meta’s highest throughput tier)' })
      .optional(),
    dailyLimit: z
      .number({ message: 'must be a whole number of at least 1, or null for unlimited' })
      .int({ message: 'must be a whole number of at least 1, or null for unlimited' })
      .min(1, { message: 'must be a whole number of at least 1, or null for unlimited' })
      .nullable()
      .optional(),
  })
  .strict();
export type SenderSettingsUpdate = z.infer<typeof senderSettingsUpdate>;

/** `POST /messages/template`: one approved template to one phone number (the contact and conversation are made if new). */
export const sendTemplateRequest = z
  .object({
    channelId: z.uuid({ message: 'must be a WhatsApp channel id' }),
    /** The recipient's phone number; without a country code the workspace's default country applies. */
    to: z.string().min(1, { message: 'is required' }).max(64, { message: 'is too long for a phone number' }),
    templateId: z.uuid({ message: 'must be a template id' }),
    /** Values of the body's `{{1}}`…`{{n}}`, in order. */
    body: z.array(z.string()).max(100).default([]),
    /** The header's variable (text headers), or a media link (image, video, document headers). */
    header: z.string().optional(),
    /** URL buttons' variables, by the button's index among the template's buttons. */
    urlButtons: z.record(z.string().regex(/^\d$/, { message: 'must be a button index 0–9' }), z.string()).default({}),
  })
  .strict();
export type SendTemplateRequest = z.infer<typeof sendTemplateRequest>;

export const sendTemplateResult = z.object({
  messageId: z.uuid(),
  conversationId: z.uuid(),
  contactId: z.uuid(),
  /** The contact was created by this send (source `api`). */
  contactCreated: z.boolean(),
  /** Always `queued`: the message goes out through the number's pacing; follow it with the message's status. */
  status: z.literal('queued'),
});
export type SendTemplateResult = z.infer<typeof sendTemplateResult>;
