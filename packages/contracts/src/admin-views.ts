// The admin menu's live conversation lists (seed 004), their counts, a conversation's Info, and its transcript by email.
import { z } from 'zod';
import { conversationState, messageView } from './conversations';

export const adminListNames = ['unmanaged', 'waiting', 'active', 'history', 'templates-sent'] as const;
export type AdminListName = (typeof adminListNames)[number];

/** Each list's allow-listed sort keys; the first is its default. */
export const adminListSorts = {
  unmanaged: ['lastCustomerMessageAt', 'openedAt'],
  waiting: ['waitingSince', 'lastCustomerMessageAt'],
  active: ['assignedAt', 'lastCustomerMessageAt'],
  history: ['closedAt'],
  'templates-sent': ['sentAt'],
} as const satisfies Record<AdminListName, readonly string[]>;
export type AdminListSort = (typeof adminListSorts)[AdminListName][number];

/** Default order per list: the queue oldest first, everything else newest first. */
export const adminListDefaultOrder: Record<AdminListName, 'asc' | 'desc'> = {
  unmanaged: 'desc',
  waiting: 'asc',
  active: 'desc',
  history: 'desc',
  'templates-sent': 'desc',
};

const uuidOr = (extra: string) => z.union([z.uuid({ message: `must be a UUID or "${extra}"` }), z.literal(extra)]);

/**
 * An instant: ISO 8601 with a time and an offset (2025-03-01T00:00:00Z), or a calendar date (2025-03-01), read
 * in UTC. `from` is inclusive; `to` is exclusive for an instant and covers the whole day for a date.
 */
const dateBound = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  message: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with an offset',
});

/** Every filter any list takes; each list reads the ones that apply to it (seed 004). */
export const adminListFilters = z.object({
  sort: z.string().max(40).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  /** Unmanaged: active (bot conversation, 24-hour window open) or closed. */
  status: z.enum(['active', 'closed']).optional(),
  /** Waiting: one skillset's queue, or "general" for the general queue. */
  skillsetId: uuidOr('general').optional(),
  /** Active, history, templates sent: the agent (for templates: who sent it). */
  agentId: z.uuid({ message: 'must be a UUID' }).optional(),
  /** History: closed at or after `from`, before `to`; either end optional. */
  from: dateBound.optional(),
  to: dateBound.optional(),
});
export type AdminListFilters = z.infer<typeof adminListFilters>;

export const adminListQuery = adminListFilters.extend({
  pageSize: z.coerce
    .number({ message: 'must be a number from 10 to 100' })
    .int({ message: 'must be a whole number from 10 to 100' })
    .min(10, { message: 'must be at least 10' })
    .max(100, { message: 'must be at most 100' })
    .default(25),
  cursor: z.string().max(2000).optional(),
});
export type AdminListQuery = z.infer<typeof adminListQuery>;

const at = z.iso.datetime().nullable();

/** One row of any list; fields a list does not show are null. Templates sent: `id` is the message's. */
export const adminListItem = z.object({
  id: z.uuid(),
  conversationId: z.uuid(),
  contactId: z.uuid(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  channelId: z.uuid(),
  state: conversationState,
  /** Unmanaged: active / closed; others: the conversation's state in words the list uses. */
  status: z.enum(['active', 'closed', 'waiting', 'reserved', 'assigned']),
  openedAt: z.iso.datetime(),
  lastCustomerMessageAt: at,
  lastCustomerText: z.string().nullable(),
  /** Waiting: the skillset's queue (null: the general queue), since when, and who an exclusive transfer holds it for. */
  skillsetId: z.uuid().nullable(),
  skillsetName: z.string().nullable(),
  waitingSince: at,
  reservedForUserId: z.uuid().nullable(),
  /** Active / history: the agent (in history: who handled it last); templates sent: who sent it. */
  agentId: z.uuid().nullable(),
  agentName: z.string().nullable(),
  assignedAt: at,
  closedAt: at,
  closedReason: z.string().nullable(),
  pricingCategory: z.string().nullable(),
  template: z
    .object({
      name: z.string().nullable(),
      text: z.string().nullable(),
      status: z.string(),
      createdAt: z.iso.datetime(),
      sentAt: at,
      deliveredAt: at,
      readAt: at,
    })
    .nullable(),
});
export type AdminListItem = z.infer<typeof adminListItem>;

export const adminListPage = z.object({ items: z.array(adminListItem), nextCursor: z.string().nullable() });
export type AdminListPage = z.infer<typeof adminListPage>;

/**
 * How many rows each list holds. The queues (waiting, active) are counted exactly; the lists that only grow
 * (unmanaged, history, templates sent) are counted up to `cap`, and `capped` says "at least this many" — a badge
 * does not need to read a million rows.
 */
export const adminListCounts = z.object({
  cap: z.number(),
  unmanaged: z.object({ active: z.number(), closed: z.number(), total: z.number(), capped: z.boolean() }),
  waiting: z.object({ total: z.number(), generalQueue: z.number(), reserved: z.number() }),
  active: z.object({ total: z.number() }),
  history: z.object({ total: z.number(), capped: z.boolean() }),
  templatesSent: z.object({ total: z.number(), capped: z.boolean() }),
});
export type AdminListCounts = z.infer<typeof adminListCounts>;

export const adminConversationInfo = z.object({
  overview: z.object({
    id: z.uuid(),
    state: conversationState,
    contactId: z.uuid(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    channelId: z.uuid(),
    channelName: z.string().nullable(),
    channelKind: z.string().nullable(),
    openedAt: z.iso.datetime(),
    closedAt: at,
    closedReason: z.string().nullable(),
    closedBy: z.string().nullable(),
    hadAgent: z.boolean(),
    agentId: z.uuid().nullable(),
    agentName: z.string().nullable(),
    assignedAt: at,
    skillsetId: z.uuid().nullable(),
    skillsetName: z.string().nullable(),
    waitingSince: at,
    lastMessageAt: z.iso.datetime(),
    lastCustomerMessageAt: at,
    lastCustomerText: z.string().nullable(),
    pricingCategory: z.string().nullable(),
    /** When the contact's 24-hour window on this channel closes (null: the customer never wrote). */
    windowClosesAt: at,
    counts: z.object({
      messages: z.number(),
      fromCustomer: z.number(),
      fromAgents: z.number(),
      fromBot: z.number(),
      templates: z.number(),
    }),
  }),
  /** Oldest first; at most the newest 5,000 (then `truncated`). */
  messages: z.array(messageView.extend({ senderName: z.string().nullable() })),
  truncated: z.boolean(),
  /** Whether "send by email" can work on this install (SMTP_URL is set). */
  emailConfigured: z.boolean(),
});
export type AdminConversationInfo = z.infer<typeof adminConversationInfo>;

/** One address: no lists, no display names, no line breaks. */
export const emailAddress = z
  .string()
  .trim()
  .max(254, { message: 'must be at most 254 characters' })
  .pipe(z.email({ message: 'must be one email address, such as name@example.com' }));

export const emailTranscriptRequest = z
  .object({
    to: emailAddress,
    text: z.string().max(10_000, { message: 'must be at most 10,000 characters' }).default(''),
  })
  .strict();
export type EmailTranscriptRequest = z.infer<typeof emailTranscriptRequest>;

export const emailTranscriptResult = z.object({ sent: z.literal(true), to: z.string(), messages: z.number() });
export type EmailTranscriptResult = z.infer<typeof emailTranscriptResult>;
