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
});
export type ConversationSummary = z.infer<typeof conversationSummary>;

export const conversationList = z.object({ items: z.array(conversationSummary), nextCursor: z.string().nullable() });
export const conversationListQuery = z.object({
  state: conversationState.optional(),
  limit: z.coerce.number().int().min(10).max(100).default(25),
  cursor: z.string().max(200).optional(),
});

export const conversationDetail = conversationSummary.extend({ messages: z.array(messageView) });

export const sendTextRequest = z.object({ text: z.string().trim().min(1).max(4096), previewUrl: z.boolean().optional() }).strict();
export const closeConversationRequest = z.object({ reason: z.string().trim().min(1).max(80) }).strict();

export const conversationSettingsView = z.object({
  sessionMinutes: z.number().int().min(1).max(1440),
  pauseMinutes: z.number().int().min(1).max(10080),
  idleCloseMinutes: z.number().int().min(5).max(43200),
  closeReasons: z.array(z.string().trim().min(1).max(80)).min(1).max(50),
  greeting: z.string().max(1024),
});
export type ConversationSettingsView = z.infer<typeof conversationSettingsView>;
