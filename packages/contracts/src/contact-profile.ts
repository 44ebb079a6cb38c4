import { z } from 'zod';

// The contact profile page (seeds 001, 003): what the contact record alone does not say — channels, the window,
// segments, goals, the picture — and the lists of sessions, conversations and campaigns.

const channelKind = z.enum(['whatsapp', 'telegram', 'webchat']);

export const contactProfile = z.object({
  id: z.uuid(),
  fields: z.object({
    gender: z.string().nullable(),
    language: z.string().nullable(),
    timezone: z.string().nullable(),
    location: z.string().nullable(),
    country: z.string().nullable(),
    device: z.string().nullable(),
    isGroup: z.boolean(),
  }),
  /** The uploaded picture (GET it with the session cookie); null when none. */
  picture: z.object({ url: z.string(), updatedAt: z.iso.datetime() }).nullable(),
  /** Where they came from: every channel they wrote on. */
  channels: z.array(
    z.object({
      channelId: z.uuid(),
      name: z.string(),
      kind: channelKind.nullable(),
      /** When the contact was first known on this channel. */
      firstSeenAt: z.iso.datetime(),
      lastInboundAt: z.iso.datetime().nullable(),
      /** WhatsApp's 24-hour window; null when never opened or the channel has none. */
      windowClosesAt: z.iso.datetime().nullable(),
    }),
  ),
  /** The first-message rule their first message matched (its tag), if any. */
  firstMessageTag: z.string().nullable(),
  segments: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.enum(['dynamic', 'static']) })),
  goals: z.array(z.object({ name: z.string(), conversationId: z.uuid(), completedAt: z.iso.datetime() })),
  /**
   * Start chat: an agent may write free-form only while the 24-hour window is open (WhatsApp) and a conversation is
   * open; otherwise a template is the way (reason says why).
   */
  startChat: z.object({
    available: z.boolean(),
    conversationId: z.uuid().nullable(),
    channelId: z.uuid().nullable(),
    windowClosesAt: z.iso.datetime().nullable(),
    reason: z.enum(['window_closed', 'no_open_conversation']).nullable(),
  }),
});
export type ContactProfile = z.infer<typeof contactProfile>;

export const contactSessionsQuery = z.object({
  /** By end time: newest first (default) or oldest first. */
  order: z.enum(['asc', 'desc']).default('desc'),
  /** Search by bot: the bot is named by the channel it answered on (case-insensitive, part of the name). */
  bot: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export type ContactSessionsQuery = z.infer<typeof contactSessionsQuery>;

export const contactSessionItem = z.object({
  id: z.uuid(),
  startedAt: z.iso.datetime(),
  endedAt: z.iso.datetime(),
  durationSeconds: z.number(),
  messageCount: z.number(),
  channel: z.object({ id: z.uuid(), name: z.string(), kind: channelKind.nullable() }),
  /** The bot that answered in it (named by its channel), null when the bot did not reply. */
  bot: z.string().nullable(),
  agentInvolved: z.boolean(),
  /** Goals completed during the session: a session with any is starred. */
  goals: z.array(z.string()),
});
export type ContactSessionItem = z.infer<typeof contactSessionItem>;
export const contactSessionsPage = z.object({ items: z.array(contactSessionItem), nextCursor: z.string().nullable() });

export const contactConversationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});
export const contactConversationItem = z.object({
  id: z.uuid(),
  channelId: z.uuid(),
  channelName: z.string(),
  channelKind: channelKind.nullable(),
  state: z.enum(['bot', 'waiting', 'assigned', 'closed']),
  openedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  closedReason: z.string().nullable(),
  lastMessageAt: z.iso.datetime(),
  lastCustomerText: z.string().nullable(),
  /** Handled by a human at some point (else the bot alone). */
  hadAgent: z.boolean(),
  messageCount: z.number(),
});
export type ContactConversationItem = z.infer<typeof contactConversationItem>;
export const contactConversationsPage = z.object({ items: z.array(contactConversationItem), nextCursor: z.string().nullable() });

export const contactCampaignItem = z.object({
  campaignId: z.uuid(),
  name: z.string(),
  campaignStatus: z.string(),
  /** This contact's delivery: pending, sending, sent, delivered, read, failed, skipped… */
  status: z.string(),
  reason: z.string().nullable(),
  sentAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  readAt: z.iso.datetime().nullable(),
  failedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
});
export type ContactCampaignItem = z.infer<typeof contactCampaignItem>;
export const contactCampaignsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) });
export const contactCampaignList = z.object({ items: z.array(contactCampaignItem) });

export const PICTURE_MAX_BYTES = 2 * 1024 * 1024;
export const PICTURE_MAX_SIDE = 4096;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` })
    .nullable()
    .optional();

/**
 * Edit the standard fields on the profile; a field left out stays, null (or "") clears it. The phone is read with
 * the install's default country and stored as E.164. Tags change through bulk actions (add / remove: atomic).
 */
export const updateContactRequest = z
  .object({
    firstName: optionalText(100),
    lastName: optionalText(100),
    email: optionalText(254),
    phone: optionalText(40),
    gender: optionalText(40),
    timezone: optionalText(64),
    location: optionalText(200),
    language: optionalText(35),
    country: optionalText(2),
  })
  .strict();
export type UpdateContactRequest = z.infer<typeof updateContactRequest>;
