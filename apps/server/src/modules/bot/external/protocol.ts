// The external bot protocol: the event we POST and the answer we accept (docs/external-bot.md).
import { z } from 'zod';

/** Answers are read up to this many bytes; a longer one is refused unread past the cap. */
export const MAX_ANSWER_BYTES = 64 * 1024;
export const MAX_REPLIES = 5;
export const MAX_ACTIONS = 10;

export interface ExternalBotEvent {
  event: 'message';
  /** Unique per event (the message id): also sent as X-Parley-Event-Id, for the bot's own idempotency. */
  id: string;
  workspaceId: string;
  conversation: { id: string; state: string; channelKind: string };
  contact: { id: string; name: string | null; phone?: string; attributes: Record<string, string | number | boolean> };
  message: { id: string; type: string; text: string; interactiveId?: string };
  sentAt: string;
}

// WhatsApp's limits, the strictest of our channels: 3 reply buttons, titles of 20 characters, ids of 256.
const button = z
  .object({
    id: z.string().min(1).max(256),
    title: z.string().trim().min(1).max(20),
  })
  .strict();

const reply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(4096) }).strict(),
  z
    .object({
      type: z.literal('buttons'),
      text: z.string().trim().min(1).max(1024),
      buttons: z
        .array(button)
        .min(1)
        .max(3)
        .refine((b) => new Set(b.map((x) => x.id)).size === b.length, { message: 'button ids must be unique' }),
    })
    .strict(),
]);

const action = z.discriminatedUnion('type', [
  z.object({ type: z.literal('handoff'), skillsetId: z.uuid().nullable().optional() }).strict(),
  z
    .object({
      type: z.literal('set_attribute'),
      key: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/),
      value: z.union([z.string().max(2048), z.number(), z.boolean(), z.null()]),
    })
    .strict(),
  z.object({ type: z.literal('goal'), name: z.string().trim().min(1).max(100) }).strict(),
  z.object({ type: z.literal('close'), reason: z.string().trim().min(1).max(200).optional() }).strict(),
]);

export const externalBotAnswer = z
  .object({
    replies: z.array(reply).max(MAX_REPLIES).optional(),
    actions: z.array(action).max(MAX_ACTIONS).optional(),
  })
  .strict()
  .refine((a) => (a.actions ?? []).filter((x) => x.type === 'handoff' || x.type === 'close').length <= 1, {
    message: 'at most one handoff or close per answer',
    path: ['actions'],
  });

export type ExternalBotAnswer = z.infer<typeof externalBotAnswer>;
export type ExternalBotReply = NonNullable<ExternalBotAnswer['replies']>[number];
export type ExternalBotAction = NonNullable<ExternalBotAnswer['actions']>[number];

/** Parse an answer body; the reason names the first problem precisely (path and message). */
export function parseAnswer(body: string): { ok: true; answer: ExternalBotAnswer } | { ok: false; reason: string } {
  if (body.trim() === '') return { ok: true, answer: {} };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: 'the answer is not JSON' };
  }
  const parsed = externalBotAnswer.safeParse(json);
  if (parsed.success) return { ok: true, answer: parsed.data };
  const issue = parsed.error.issues[0]!;
  const path = issue.path.map(String).join('.') || '(root)';
  return { ok: false, reason: `the answer is invalid at ${path}: ${issue.message}` };
}
