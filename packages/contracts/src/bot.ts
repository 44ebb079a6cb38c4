import { z } from 'zod';

// The built-in bot's "personality", one per workspace: the schema the server validates a save with (its engine
// then checks what a schema cannot: skillsets, attributes, duplicates, hours) and the web app builds its form on.
// `{}` parses into a working bot: greeting, a person on request or after two misunderstandings, STOP handling.

/** Characters as WhatsApp counts them (an emoji is one), not UTF-16 units. */
const charCount = (s: string) => [...s].length;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    // A cheap bound before counting characters: one character is at most two UTF-16 units.
    .max(max * 2, `must be at most ${max} characters`)
    .refine((s) => charCount(s) <= max, `must be at most ${max} characters`);
const id = z.string().trim().min(1).max(64);
const goalName = z.string().trim().min(1).max(80);

/** "HH:MM" of a 24-hour day; "24:00" only makes sense as the end of a range. */
const time = z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be a time HH:MM (00:00 to 24:00)');

/** A calendar date YYYY-MM-DD that exists (no 2026-02-30). */
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'is not a calendar date');

export const botWeekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type BotWeekday = (typeof botWeekdays)[number];

const timeRange = z.object({ from: time, to: time }).strict();
const day = z.array(timeRange).max(10).default([]);
const officeHours = [{ from: '09:00', to: '18:00' }];

/** A menu option: one WhatsApp button or list row. 20 characters fit a reply button's title (a list row allows 24). */
const menuOption = z
  .object({
    id,
    label: text(20),
    skillsetId: z.uuid(),
    keywords: z.array(text(50)).max(20).optional(),
    /**
     * Off (the default): the pick chooses the team a later request for a person goes to, and the bot carries on
     * (its `reply`, then FAQ and questions). On: the pick itself hands the conversation over to that team.
     */
    handoff: z.boolean().default(false),
    /** Said after a pick that does not hand over; the personality's `menuChoiceReply` when absent. */
    reply: text(1024).optional(),
  })
  .strict();

const faqEntry = z
  .object({
    id,
    question: text(200),
    keywords: z.array(text(50)).max(50).default([]),
    phrases: z.array(text(200)).max(50).default([]),
    answer: text(1024),
    goal: goalName.optional(),
    /** A question asked right after the answer ("Can I get a quote?" → "What is your email?"). */
    askQuestionId: id.optional(),
  })
  .strict();

export const botQuestionTypes = ['text', 'number', 'date', 'boolean', 'list', 'url', 'email', 'phone'] as const;
export type BotQuestionType = (typeof botQuestionTypes)[number];

const question = z
  .object({
    id,
    attributeKey: z.string().trim().min(1).max(64),
    prompt: text(1024),
    type: z.enum(botQuestionTypes),
    // A list question's options are sent as buttons or list rows, so each must fit a button title too.
    options: z.array(text(20)).max(10).optional(),
    retryPrompt: text(1024).default("Sorry, that doesn't look right. Could you try again?"),
    goal: goalName.optional(),
    /** Sent after a valid answer ("Thanks, we'll email you"); none sends nothing unless a next question follows. */
    reply: text(1024).optional(),
    /** Asked after a valid answer, so several questions make a form. */
    nextQuestionId: id.optional(),
  })
  .strict();

const businessHours = z
  .object({
    timezone: z.string().trim().min(1).max(64),
    weekly: z
      .object({ mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day })
      .strict()
      .default({ mon: officeHours, tue: officeHours, wed: officeHours, thu: officeHours, fri: officeHours, sat: [], sun: [] }),
    closedDates: z.array(isoDate).max(366).default([]),
    outOfHoursReply: text(1024).default("Thanks for your message! We're closed right now; we'll get back to you when we reopen."),
  })
  .strict();

export const botPersonality = z
  .object({
    enabled: z.boolean().default(true),
    /** Sent to a new conversation before the menu; empty sends the menu alone. */
    greeting: z.string().trim().max(1024).default('Hi! Thanks for writing to us. How can we help?'),
    /** The label of the button that opens a WhatsApp list (menus and list questions of more than 3 options). */
    listButton: text(20).default('Options'),
    menu: z
      .object({
        prompt: text(1024).default('Please choose an option:'),
        options: z.array(menuOption).min(1).max(10),
        /** Said after a pick that does not hand over, unless the option has its own reply. */
        menuChoiceReply: text(1024).default('Thanks! What would you like to know? You can ask for a person at any time.'),
      })
      .strict()
      .nullable()
      .default(null),
    faq: z.array(faqEntry).max(500).default([]),
    questions: z.array(question).max(100).default([]),
    goals: z.array(goalName).max(100).default([]),
    handoffPhrases: z
      .array(text(200))
      .max(100)
      .default([
        'talk to a human',
        'talk to a person',
        'speak to an agent',
        'speak with someone',
        'real person',
        'human agent',
        'customer service',
        'operator',
      ]),
    maxMisunderstood: z.number().int().min(1).max(10).default(2),
    misunderstoodReply: text(1024).default("Sorry, I didn't understand that."),
    handoffReply: text(1024).default("I'm passing you to a member of our team. Someone will reply here shortly."),
    /** Whole-message keywords that opt the contact out of marketing (compared after normalisation). */
    stopKeywords: z.array(text(50)).max(50).default(['stop', 'unsubscribe', 'cancel', 'stopp', 'basta', 'alto']),
    stopReply: text(1024).default("You won't receive marketing messages from us any more."),
    businessHours: businessHours.nullable().default(null),
  })
  .strict();

export type BotPersonalityInput = z.input<typeof botPersonality>;
export type BotPersonality = z.output<typeof botPersonality>;
export type BotMenu = NonNullable<BotPersonality['menu']>;
export type BotMenuOption = BotMenu['options'][number];
export type BotFaqEntry = BotPersonality['faq'][number];
export type BotQuestion = BotPersonality['questions'][number];
export type BotBusinessHours = NonNullable<BotPersonality['businessHours']>;
export type BotTimeRange = z.output<typeof timeRange>;

/** The built-in bot's memory of one conversation. Unknown keys are dropped and a missing counter starts at 0. */
export const botState = z.object({
  /** Messages in a row the bot did not understand (reset by any understood message). */
  misunderstood: z.number().int().min(0).default(0),
  /** The question whose answer the next message is expected to be. */
  pendingQuestionId: z.string().optional(),
  /** The menu was sent, so a bare "1", "2"… picks an option. */
  askedMenu: z.boolean().optional(),
  /** The out-of-hours reply was sent in this conversation; it is not repeated. */
  outOfHoursNotified: z.boolean().optional(),
  /** The team picked from the menu in this conversation: a later handoff goes to its queue. */
  skillsetId: z.string().optional(),
});
export type BotStateView = z.output<typeof botState>;

// ── Settings API ───────────────────────────────────────────────────────────────────────────────────────────────

/** Who answers while a conversation is in state `bot`: the built-in personality, the external bot, or nobody. */
export const botModes = ['builtin', 'external', 'off'] as const;
export type BotMode = (typeof botModes)[number];

const problem = z.object({ field: z.string(), message: z.string() });

export const botSettingsView = z.object({
  mode: z.enum(botModes),
  personality: botPersonality,
  /** 0 until the first save (the defaults are in use). */
  version: z.number().int(),
  updatedAt: z.iso.datetime().nullable(),
  /**
   * What no longer works in the saved personality (a skillset or attribute deleted since), with the same paths
   * a save would refuse it with; empty when all is well.
   */
  problems: z.array(problem),
});
export type BotSettingsView = z.infer<typeof botSettingsView>;

/** PUT /bot/settings: the mode, and the personality (left out: the saved one is kept). */
export const updateBotSettingsRequest = z.object({ mode: z.enum(botModes), personality: botPersonality.optional() }).strict();
export type UpdateBotSettingsRequest = z.input<typeof updateBotSettingsRequest>;

// ── Test panel ─────────────────────────────────────────────────────────────────────────────────────────────────

export const botChannelKinds = ['whatsapp', 'telegram', 'webchat'] as const;

/**
 * POST /bot/test: how the built-in bot answers one message. Without `state` the message opens a conversation
 * (the greeting); pass back the returned `state` with the next message to go on. `personality` tries a draft
 * instead of the saved one.
 */
export const botTestRequest = z
  .object({
    text: z.string().max(4096),
    interactiveId: z.string().min(1).max(256).optional(),
    state: botState.optional(),
    channelKind: z.enum(botChannelKinds).default('whatsapp'),
    personality: botPersonality.optional(),
  })
  .strict();
export type BotTestRequest = z.input<typeof botTestRequest>;

const choiceRow = z.object({ id: z.string(), title: z.string(), description: z.string().optional() });
export const botReply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string() }),
  z.object({ type: z.literal('buttons'), text: z.string(), buttons: z.array(z.object({ id: z.string(), title: z.string() })) }),
  z.object({ type: z.literal('list'), text: z.string(), button: z.string(), sections: z.array(z.object({ rows: z.array(choiceRow) })) }),
]);
export type BotReply = z.infer<typeof botReply>;

export const botAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('handoff'), skillsetId: z.string().nullable(), reason: z.enum(['menu', 'phrase', 'misunderstood']) }),
  z.object({ type: z.literal('unresolved_query') }),
  z.object({ type: z.literal('set_attribute'), key: z.string(), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ type: z.literal('goal'), name: z.string() }),
  z.object({ type: z.literal('opt_out') }),
  z.object({ type: z.literal('close') }),
]);
export type BotAction = z.infer<typeof botAction>;

export const botTestResult = z.object({
  replies: z.array(botReply),
  actions: z.array(botAction),
  /** Pass it back with the next message. */
  state: botState,
  /** Which rule answered: stop, out_of_hours, answer_valid, answer_invalid, menu, handoff_phrase, faq, greeting, misunderstood… */
  rule: z.string(),
  /** Which personality answered. */
  personality: z.enum(['saved', 'draft']),
  /** The workspace's mode: with `off` or `external`, customers do not get these answers. */
  mode: z.enum(botModes),
});
export type BotTestResult = z.infer<typeof botTestResult>;

// ── External bot (docs/external-bot.md) ─────────────────────────────────────────────────────────────────────
// Each customer message is POSTed, signed, to the integrator's URL; the secret is write-only.

export const DEFAULT_EXTERNAL_BOT_FALLBACK = 'Sorry, we could not answer just now. Please try again in a moment.';

export const externalBotSettingsView = z.object({
  /** False until an admin saves a URL and a secret. */
  configured: z.boolean(),
  url: z.string().nullable(),
  /** Whether a signing secret is set; the secret itself is never returned. */
  secretSet: z.boolean(),
  timeoutMs: z.number().int(),
  fallbackReply: z.string(),
  allowPrivateNetwork: z.boolean(),
  updatedAt: z.iso.datetime().nullable(),
});
export type ExternalBotSettingsView = z.infer<typeof externalBotSettingsView>;

export const putExternalBotRequest = z
  .object({
    url: z.string().trim().min(1, 'must not be empty').max(2048, 'must be at most 2048 characters'),
    /** Required on the first save; omitted afterwards keeps the current one, given rotates it. */
    secret: z.string().min(16, 'must be at least 16 characters').max(256, 'must be at most 256 characters').optional(),
    timeoutMs: z.number().int().min(500, 'must be at least 500 ms').max(10_000, 'must be at most 10000 ms').optional(),
    fallbackReply: text(1024).optional(),
    allowPrivateNetwork: z.boolean().optional(),
  })
  .strict();
export type PutExternalBotRequest = z.infer<typeof putExternalBotRequest>;

export const externalBotTestRequest = z.object({ text: z.string().trim().min(1).max(1024).optional() }).strict();

/** "Send test event": what the bot answered, or precisely why the answer was refused. */
export const externalBotTestResult = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable(),
  latencyMs: z.number().int(),
  answer: z.unknown().nullable(),
  reason: z.string().nullable(),
});
export type ExternalBotTestResult = z.infer<typeof externalBotTestResult>;
