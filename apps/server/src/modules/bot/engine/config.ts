// The built-in bot's "personality", one per workspace. The schema (shared with the web app in @parley/contracts)
// fills in defaults so `{}` is a working bot (greeting, human on request or after two misunderstandings, STOP
// handling); `checkBotConfig` then finds what the schema cannot: references to skillsets, attributes and
// questions, duplicates, undeclared goals, hours that overlap, a time zone that does not exist. Both kinds of
// problem come out as `{ field, message }` for a 400 answer.
import {
  botPersonality,
  botQuestionTypes,
  botWeekdays,
  type BotBusinessHours,
  type BotFaqEntry,
  type BotMenu,
  type BotMenuOption,
  type BotPersonality,
  type BotPersonalityInput,
  type BotQuestion,
  type BotQuestionType,
  type BotTimeRange,
  type BotWeekday,
} from '@parley/contracts';
import { normalize } from './fuzzy';

export const botConfigSchema = botPersonality;
export const weekdays = botWeekdays;
export const questionTypes = botQuestionTypes;
export type BotConfigInput = BotPersonalityInput;
export type BotConfig = BotPersonality;
export type Weekday = BotWeekday;
export type QuestionType = BotQuestionType;
export type BusinessHours = BotBusinessHours;
export type TimeRange = BotTimeRange;
export type { BotFaqEntry, BotMenu, BotMenuOption, BotQuestion };

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
  const questionIds = new Set(config.questions.map((q) => q.id));
  const checkQuestion = (field: string, questionId: string | undefined) => {
    if (questionId !== undefined && !questionIds.has(questionId)) add(field, `question "${questionId}" does not exist in questions`);
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
    checkQuestion(`faq[${i}].askQuestionId`, e.askQuestionId);
  });

  duplicates(config.questions, (q) => q.id, 'questions', 'id', add);
  config.questions.forEach((q, i) => {
    if (!known.attributeKeys.has(q.attributeKey)) add(`questions[${i}].attributeKey`, `unknown attribute "${q.attributeKey}"`);
    if (q.type === 'list') {
      if (!q.options || q.options.length === 0) add(`questions[${i}].options`, 'a list question needs at least one option');
      else duplicates(q.options, (o) => normalize(o), `questions[${i}].options`, 'option', add, false);
    }
    checkGoal(`questions[${i}].goal`, q.goal);
    checkQuestion(`questions[${i}].nextQuestionId`, q.nextQuestionId);
    if (q.nextQuestionId === q.id) add(`questions[${i}].nextQuestionId`, 'a question cannot be followed by itself');
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
