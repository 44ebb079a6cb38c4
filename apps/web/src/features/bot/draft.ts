// The bot settings form edits a "draft": the personality shaped for inputs (no nulls or absent optionals, a
// switch for the optional menu and business hours). Its paths are the personality's own ("menu.options.1.label"),
// so problems the server names by path land on the input that holds the value.
import {
  botPersonality,
  botWeekdays,
  type BotMode,
  type BotPersonality,
  type BotPersonalityInput,
  type BotQuestionType,
  type BotTimeRange,
  type BotWeekday,
} from '@parley/contracts';

export interface DraftMenuOption {
  id: string;
  label: string;
  /** null until a skillset is picked. */
  skillsetId: string | null;
  keywords: string[];
  /** On: the pick hands the conversation to the skillset at once. Off: the pick only chooses the team, the bot carries on. */
  handoff: boolean;
  /** Said after a pick that does not hand over; '' falls back to the menu's reply after a pick. */
  reply: string;
}

export interface DraftFaqEntry {
  id: string;
  question: string;
  keywords: string[];
  phrases: string[];
  answer: string;
  goal: string | null;
  askQuestionId: string | null;
}

export interface DraftQuestion {
  id: string;
  attributeKey: string | null;
  prompt: string;
  type: BotQuestionType;
  options: string[];
  retryPrompt: string;
  goal: string | null;
  reply: string;
  nextQuestionId: string | null;
}

export interface DraftValues {
  mode: BotMode;
  /** Kept as saved: the mode is what switches the bot off. */
  enabled: boolean;
  greeting: string;
  listButton: string;
  hasMenu: boolean;
  menu: { prompt: string; options: DraftMenuOption[]; menuChoiceReply: string };
  faq: DraftFaqEntry[];
  questions: DraftQuestion[];
  goals: string[];
  handoffPhrases: string[];
  /** NumberInput gives '' while empty. */
  maxMisunderstood: number | string;
  misunderstoodReply: string;
  handoffReply: string;
  stopKeywords: string[];
  stopReply: string;
  hasHours: boolean;
  businessHours: {
    timezone: string;
    weekly: Record<BotWeekday, BotTimeRange[]>;
    closedDates: string[];
    outOfHoursReply: string;
  };
}

const defaults = botPersonality.parse({});
const SAMPLE_SKILLSET = '00000000-0000-4000-8000-000000000000';
const defaultMenu = botPersonality.parse({ menu: { options: [{ id: 'x', label: 'x', skillsetId: SAMPLE_SKILLSET }] } }).menu!;
const defaultRetryPrompt = botPersonality.parse({
  questions: [{ id: 'x', attributeKey: 'x', prompt: 'x', type: 'text' }],
}).questions[0]!.retryPrompt;

/** The schema's business hours (office hours Monday to Friday) in this time zone. */
function defaultHours(timezone: string) {
  return botPersonality.parse({ businessHours: { timezone } }).businessHours!;
}

/** A short id for a new menu option, FAQ entry or question: unique enough within one personality. */
export function newId(prefix: string): string {
  const random = globalThis.crypto?.randomUUID?.().slice(0, 8) ?? Math.random().toString(36).slice(2, 10);
  return `${prefix}-${random}`;
}

export function newMenuOption(): DraftMenuOption {
  return { id: newId('opt'), label: '', skillsetId: null, keywords: [], handoff: false, reply: '' };
}

export function newFaqEntry(): DraftFaqEntry {
  return { id: newId('faq'), question: '', keywords: [], phrases: [], answer: '', goal: null, askQuestionId: null };
}

export function newQuestion(): DraftQuestion {
  return {
    id: newId('q'),
    attributeKey: null,
    prompt: '',
    type: 'text',
    options: [],
    retryPrompt: defaultRetryPrompt,
    goal: null,
    reply: '',
    nextQuestionId: null,
  };
}

export function newTimeRange(previous?: BotTimeRange): BotTimeRange {
  return previous ? { from: previous.to, to: '24:00' } : { from: '09:00', to: '18:00' };
}

/** The saved personality as form values; `timezone` seeds business hours that were never set. */
export function toDraft(mode: BotMode, p: BotPersonality, timezone: string): DraftValues {
  const hours = p.businessHours ?? defaultHours(timezone);
  return {
    mode,
    enabled: p.enabled,
    greeting: p.greeting,
    listButton: p.listButton,
    hasMenu: p.menu !== null,
    menu: {
      prompt: p.menu?.prompt ?? defaultMenu.prompt,
      options: (p.menu?.options ?? []).map((o) => ({
        id: o.id,
        label: o.label,
        skillsetId: o.skillsetId,
        keywords: o.keywords ?? [],
        handoff: o.handoff,
        reply: o.reply ?? '',
      })),
      menuChoiceReply: p.menu?.menuChoiceReply ?? defaultMenu.menuChoiceReply,
    },
    faq: p.faq.map((e) => ({ ...e, goal: e.goal ?? null, askQuestionId: e.askQuestionId ?? null })),
    questions: p.questions.map((q) => ({
      ...q,
      options: q.options ?? [],
      goal: q.goal ?? null,
      reply: q.reply ?? '',
      nextQuestionId: q.nextQuestionId ?? null,
    })),
    goals: p.goals,
    handoffPhrases: p.handoffPhrases,
    maxMisunderstood: p.maxMisunderstood,
    misunderstoodReply: p.misunderstoodReply,
    handoffReply: p.handoffReply,
    stopKeywords: p.stopKeywords,
    stopReply: p.stopReply,
    hasHours: p.businessHours !== null,
    businessHours: {
      timezone: hours.timezone,
      weekly: Object.fromEntries(botWeekdays.map((d) => [d, hours.weekly[d].map((r) => ({ ...r }))])) as Record<BotWeekday, BotTimeRange[]>,
      closedDates: hours.closedDates,
      outOfHoursReply: hours.outOfHoursReply,
    },
  };
}

const blankToUndefined = (s: string | null) => (s === null || s.trim() === '' ? undefined : s);

/**
 * The draft as the API takes it. Nothing is dropped silently: a blank required field is sent blank so the schema
 * names it at its path; only optional values left empty are left out.
 */
export function toPersonality(d: DraftValues): BotPersonalityInput {
  return {
    enabled: d.enabled,
    greeting: d.greeting,
    listButton: d.listButton,
    menu: d.hasMenu
      ? {
          prompt: d.menu.prompt,
          options: d.menu.options.map((o) => ({
            id: o.id,
            label: o.label,
            skillsetId: o.skillsetId ?? '',
            ...(o.keywords.length > 0 ? { keywords: o.keywords } : {}),
            handoff: o.handoff,
            reply: blankToUndefined(o.reply),
          })),
          menuChoiceReply: d.menu.menuChoiceReply,
        }
      : null,
    faq: d.faq.map((e) => ({
      id: e.id,
      question: e.question,
      keywords: e.keywords,
      phrases: e.phrases,
      answer: e.answer,
      goal: blankToUndefined(e.goal),
      askQuestionId: blankToUndefined(e.askQuestionId),
    })),
    questions: d.questions.map((q) => ({
      id: q.id,
      attributeKey: q.attributeKey ?? '',
      prompt: q.prompt,
      type: q.type,
      // Only a list question has options; others would keep stale ones from a type change.
      ...(q.type === 'list' ? { options: q.options } : {}),
      retryPrompt: q.retryPrompt,
      goal: blankToUndefined(q.goal),
      reply: blankToUndefined(q.reply),
      nextQuestionId: blankToUndefined(q.nextQuestionId),
    })),
    goals: d.goals,
    handoffPhrases: d.handoffPhrases,
    maxMisunderstood: typeof d.maxMisunderstood === 'number' ? d.maxMisunderstood : Number(d.maxMisunderstood || NaN),
    misunderstoodReply: d.misunderstoodReply,
    handoffReply: d.handoffReply,
    stopKeywords: d.stopKeywords,
    stopReply: d.stopReply,
    businessHours: d.hasHours ? d.businessHours : null,
  };
}

/** The schema's own check of a draft, as `{ field, message }` with the API's dotted paths (no "personality." prefix). */
export function checkDraft(d: DraftValues): { field: string; message: string }[] {
  const result = botPersonality.safeParse(toPersonality(d));
  if (result.success) return [];
  return result.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
}

export const defaultPersonality = defaults;
