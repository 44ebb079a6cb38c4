import { z } from 'zod';

export const conversationState = z.enum(['bot', 'waiting', 'assigned', 'closed']);

export const messageView = z.object({
  id: z.uuid(),
  direction: z.enum(['in', 'out']),
  senderType: z.string(),
  type: z.string(),
  text: z.string().nullable(),
  content: z.record(z.string(), z.unknown()),
  status: z.string(),
  isTemplate: z.boolean(),
  sentiment: z.number().nullable(),
  createdAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  failedAt: z.iso.datetime().nullable(),
  error: z.object({ code: z.number().nullable(), title: z.string().nullable(), details: z.string().nullable() }).nullable(),
});
export type MessageView = z.infer<typeof messageView>;

export const conversationSummary = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  channelId: z.uuid(),
  state: conversationState,
  openedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  closedReason: z.string().nullable(),
  lastMessageAt: z.iso.datetime(),
  lastCustomerText: z.string().nullable(),
  pricingCategory: z.string().nullable(),
  /** When the 24-hour window on this channel closes (null: the customer never wrote). */
  windowClosesAt: z.iso.datetime().nullable(),
  /** The window is WhatsApp's rule: on other kinds (Telegram, the website chat) replies are always allowed. */
  channelKind: z.enum(['whatsapp', 'telegram', 'webchat']),
  /** Routing: the agent who has it (while assigned; after it closes, who had it last). */
  assigneeId: z.uuid().nullable(),
  /** While waiting: the skillset's queue (null: the general queue), since when, and the person it is held for. */
  waitingSkillsetId: z.uuid().nullable(),
  waitingSince: z.iso.datetime().nullable(),
  reservedForUserId: z.uuid().nullable(),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

export const conversationList = z.object({ items: z.array(conversationSummary), nextCursor: z.string().nullable() });
export const conversationListQuery = z.object({
  state: conversationState.optional(),
  limit: z.coerce.number().int().min(10).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

export const conversationDetail = conversationSummary.extend({ messages: z.array(messageView) });

// Structure is checked here; WhatsApp's own limits (titles ≤ 20, rows ≤ 24, body ≤ 1024…) are checked by the
// channel before anything is queued, and answered 400 naming the field.
const textMessage = z
  .object({ type: z.literal('text').optional(), text: z.string().trim().min(1).max(4096), previewUrl: z.boolean().optional() })
  .strict();
const mediaMessage = z
  .object({
    type: z.literal('media'),
    mediaType: z.enum(['image', 'audio', 'video', 'document', 'sticker']),
    id: z.string().max(128).optional(),
    link: z.url().optional(),
    /** A file attached through POST /conversations/:id/attachments (WhatsApp): instead of `id` or `link`. */
    fileId: z
      .string()
      .regex(/^out-[A-Za-z0-9_-]{1,124}$/, { message: 'must be a fileId from an attachment upload' })
      .optional(),
    caption: z.string().max(1024).optional(),
    filename: z.string().max(255).optional(),
  })
  .strict();
const buttonsMessage = z
  .object({
    type: z.literal('buttons'),
    text: z.string().min(1).max(4096),
    buttons: z
      .array(z.object({ id: z.string().max(256), title: z.string().max(100) }).strict())
      .min(1)
      .max(10),
    header: z.string().max(200).optional(),
    footer: z.string().max(200).optional(),
  })
  .strict();
const listMessage = z
  .object({
    type: z.literal('list'),
    text: z.string().min(1).max(4096),
    button: z.string().max(100),
    sections: z
      .array(
        z
          .object({
            title: z.string().max(100).optional(),
            rows: z
              .array(
                z.object({ id: z.string().max(256), title: z.string().max(100), description: z.string().max(200).optional() }).strict(),
              )
              .max(20),
          })
          .strict(),
      )
      .min(1)
      .max(20),
    header: z.string().max(200).optional(),
    footer: z.string().max(200).optional(),
  })
  .strict();
const templateParam = z
  .object({ type: z.literal('text'), text: z.string().max(1024), parameterName: z.string().max(512).optional() })
  .strict();
const templateMessage = z
  .object({
    type: z.literal('template'),
    name: z.string().max(512),
    language: z.string().max(16),
    header: z.array(templateParam).max(1).optional(),
    body: z.array(templateParam).max(100).optional(),
    buttons: z
      .array(
        z.union([
          z.object({ subType: z.literal('quick_reply'), index: z.number().int(), payload: z.string().max(1000) }).strict(),
          z.object({ subType: z.literal('url'), index: z.number().int(), text: z.string().max(2000) }).strict(),
        ]),
      )
      .max(10)
      .optional(),
  })
  .strict();
const reactionMessage = z.object({ type: z.literal('reaction'), messageId: z.uuid(), emoji: z.string().max(32) }).strict();

/** A message from staff or an integration: text, media, reply buttons, a list, a template or a reaction. */
export const sendMessageRequest = z.union([textMessage, mediaMessage, buttonsMessage, listMessage, templateMessage, reactionMessage]);
export type SendMessageRequest = z.infer<typeof sendMessageRequest>;
/** @deprecated kept for clients of the first API version: a plain text reply. */
export const sendTextRequest = textMessage;
export const closeConversationRequest = z.object({ reason: z.string().trim().min(1).max(80) }).strict();

export const conversationSettingsView = z.object({
  sessionMinutes: z.number().int().min(1).max(1440),
  pauseMinutes: z.number().int().min(1).max(10080),
  idleCloseMinutes: z.number().int().min(5).max(43200),
  closeReasons: z.array(z.string().trim().min(1).max(80)).min(1).max(50),
});
export type ConversationSettingsView = z.infer<typeof conversationSettingsView>;
