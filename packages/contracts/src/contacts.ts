import { z } from 'zod';

export const contactView = z.object({
  id: z.uuid(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  channelName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  source: z.string(),
  referral: z.record(z.string(), z.unknown()).nullable(),
  tags: z.array(z.string()),
  botPausedUntil: z.iso.datetime().nullable(),
  infiniteSession: z.boolean(),
  createdAt: z.iso.datetime(),
  stats: z.object({
    lastActiveAt: z.iso.datetime().nullable(),
    lastMessageAt: z.iso.datetime().nullable(),
    lastMessagePreview: z.string().nullable(),
    messagesFromCustomer: z.number(),
    templateMessages: z.number(),
    sessionMessages: z.number(),
    unresolvedQueries: z.number(),
    sessions: z.number(),
    clicks: z.number(),
    timeSpentSeconds: z.number(),
    averageSentiment: z.number().nullable(),
    liveChatTakeover: z.boolean(),
  }),
});
export type ContactView = z.infer<typeof contactView>;

export const pauseBotRequest = z
  .object({ minutes: z.number().int().min(1).max(10080).optional(), resume: z.boolean().optional() })
  .strict();
export const infiniteSessionRequest = z.object({ enabled: z.boolean() }).strict();

export const tagRule = z.object({
  id: z.uuid(),
  match: z.enum(['exact', 'prefix', 'contains']),
  pattern: z.string(),
  tag: z.string(),
});
export const createTagRuleRequest = z
  .object({
    match: z.enum(['exact', 'prefix', 'contains']),
    pattern: z.string().trim().min(1).max(200),
    tag: z.string().trim().min(1).max(60),
  })
  .strict();
