// The built-in bot's "personality", one per workspace. The schema fills in defaults so `{}` is a working bot
// (greeting, human on request or after two misunderstandings, STOP handling); `checkBotConfig` then finds what the
// schema cannot: references to skillsets and attributes, duplicates, undeclared goals, hours that overlap, a time
// zone that does not exist. Both kinds of problem come out as `{ field, message }` for a 400 answer.
import { z } from 'zod';
import { normalize } from './fuzzy';

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
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'is not a calendar date');

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

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
  })
  .strict();

export const questionTypes = ['text', 'number', 'date', 'boolean', 'list', 'url', 'email', 'phone'] as const;
export type QuestionType = (typeof questionTypes)[number];

const question = z
  .object({
    id,
    attributeKey: z.string().trim().min(1).max(64),
    prompt: text(1024),
    type: z.enum(questionTypes),
    // A list question's options are sent as buttons or list rows, so each must fit a button title too.
    options: z.array(text(20)).max(10).optional(),
    retryPrompt: text(1024).default("Sorry, that doesn't look right. Could you try again?"),
    goal: goalName.optional(),
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

export const botConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Sent to a new conversation before the menu; empty sends the menu alone. */
    greeting: z.string().trim().max(1024).default('Hi! 👋 How can we help you today?'),
    /** The label of the button that opens a WhatsApp list (menus and list questions of more than 3 options). */
    listButton: text(20).default('Options'),
    menu: z
      .object({
        prompt: text(1024).default('Please choose an option:'),
        options: z.array(menuOption).min(1).max(10),
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

export type BotConfigInput = z.input<typeof botConfigSchema>;
export type BotConfig = z.output<typeof botConfigSchema>;
export type BotMenu = NonNullable<BotConfig['menu']>;
export type BotMenuOption = BotMenu['options'][number];
export type BotFaqEntry = BotConfig['faq'][number];
export type BotQuestion = BotConfig['questions'][number];
export type BusinessHours = NonNullable<BotConfig['businessHours']>;
export type TimeRange = z.output<typeof timeRange>;

export const defaultBotConfig: BotConfig = botConfigSchema.parse({});

export interface BotConfigProblem {
  /** Path of the offending value, e.g. `menu.options[1].skillsetId`. */
  field: string;
  message: string;
}

export interface KnownReferences {
  skillsetIds: ReadonlySet<string>;
  attributeKeys: ReadonlySet<string>;
}

/** Minutes since midnight of "HH:MM". */
export function minutesOfDay(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function isValidTimeZone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Problems that make a (schema-valid) configuration unable to work. Empty means it can be saved. Also re-checks
 * what the schema guarantees (empty answers, options of list questions) for configurations built in code.
 */
export function checkBotConfig(config: BotConfig, known: KnownReferences): BotConfigProblem[] {
  const problems: BotConfigProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  const declaredGoals = new Set<string>();
  config.goals.forEach((g, i) => {
    if (declaredGoals.has(g)) add(`goals[${i}]`, `duplicate goal "${g}"`);
    declaredGoals.add(g);
  });
  const checkGoal = (field: string, goal: string | undefined) => {
    if (goal !== undefined && !declaredGoals.has(goal)) add(field, `goal "${goal}" is not declared in goals`);
  };
  const noWords = (field: string, s: string) => {
    if (normalize(s) === '') add(field, 'must contain letters or digits');
  };

  if (config.menu) {
    duplicates(config.menu.options, (o) => o.id, 'menu.options', 'id', add);
    // Two options with the same label cannot be told apart by the customer, nor by the label matcher.
    duplicates(config.menu.options, (o) => normalize(o.label), 'menu.options', 'label', add);
    config.menu.options.forEach((o, i) => {
      if (!known.skillsetIds.has(o.skillsetId)) add(`menu.options[${i}].skillsetId`, `unknown skillset ${o.skillsetId}`);
      o.keywords?.forEach((k, j) => noWords(`menu.options[${i}].keywords[${j}]`, k));
    });
  }

  duplicates(config.faq, (e) => e.id, 'faq', 'id', add);
  config.faq.forEach((e, i) => {
    if (e.answer.trim() === '') add(`faq[${i}].answer`, 'must not be empty');
    if (e.keywords.length === 0 && e.phrases.length === 0)
      add(`faq[${i}]`, 'needs at least one keyword or phrase, or it can never be answered');
    e.keywords.forEach((k, j) => noWords(`faq[${i}].keywords[${j}]`, k));
    e.phrases.forEach((p, j) => noWords(`faq[${i}].phrases[${j}]`, p));
    checkGoal(`faq[${i}].goal`, e.goal);
  });

  duplicates(config.questions, (q) => q.id, 'questions', 'id', add);
  config.questions.forEach((q, i) => {
    if (!known.attributeKeys.has(q.attributeKey)) add(`questions[${i}].attributeKey`, `unknown attribute "${q.attributeKey}"`);
    if (q.type === 'list') {
      if (!q.options || q.options.length === 0) add(`questions[${i}].options`, 'a list question needs at least one option');
      else duplicates(q.options, (o) => normalize(o), `questions[${i}].options`, 'option', add, false);
    }
    checkGoal(`questions[${i}].goal`, q.goal);
  });

  config.handoffPhrases.forEach((p, i) => noWords(`handoffPhrases[${i}]`, p));
  config.stopKeywords.forEach((k, i) => noWords(`stopKeywords[${i}]`, k));

  const hours = config.businessHours;
  if (hours) {
    if (!isValidTimeZone(hours.timezone))
      add('businessHours.timezone', `unknown time zone "${hours.timezone}" (use an IANA name such as Europe/Rome)`);
    let anyOpen = false;
    for (const wd of weekdays) {
      const ranges = hours.weekly[wd].map((r, i) => ({ i, from: minutesOfDay(r.from), to: minutesOfDay(r.to), r }));
      for (const { i, from, to } of ranges)
        if (to <= from) add(`businessHours.weekly.${wd}[${i}]`, 'must end after it starts (split a range past midnight in two days)');
      const valid = ranges.filter((x) => x.to > x.from).sort((a, b) => a.from - b.from || a.i - b.i);
      for (let k = 1; k < valid.length; k++) {
        const prev = valid[k - 1]!;
        const cur = valid[k]!;
        if (cur.from < prev.to) add(`businessHours.weekly.${wd}[${cur.i}]`, `overlaps ${prev.r.from}–${prev.r.to}`);
      }
      if (valid.length > 0) anyOpen = true;
    }
    if (!anyOpen) add('businessHours.weekly', 'no opening hours on any day: every message would get the out-of-hours reply');
  }
  return problems;
}

function duplicates<T>(
  items: readonly T[],
  key: (item: T) => string,
  path: string,
  what: string,
  add: (field: string, message: string) => void,
  nested = true,
) {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const k = key(item);
    const prev = first.get(k);
    const field = nested ? `${path}[${i}].${what}` : `${path}[${i}]`;
    if (prev !== undefined) add(field, `duplicate ${what} (same as ${path}[${prev}])`);
    else first.set(k, i);
  });
}

export type ParsedBotConfig = { ok: true; config: BotConfig } | { ok: false; problems: BotConfigProblem[] };

/** Schema, then the checks: what a PUT of the personality needs, with every problem in one list. */
export function parseBotConfig(input: unknown, known: KnownReferences): ParsedBotConfig {
  const parsed = botConfigSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => ({ field: fieldPath(i.path), message: i.message })) };
  const problems = checkBotConfig(parsed.data, known);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out === '' ? String(p) : `${out}.${String(p)}`), '');
}
