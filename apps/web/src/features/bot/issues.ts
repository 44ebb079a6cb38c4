// Problems with a personality, from the browser's schema check or the server's 400 (`issues[].field` such as
// "personality.menu.options.1.skillsetId"), placed on the input that holds the value — or, for a value without
// an input of its own (one keyword of a keyword list, an entry as a whole), on the nearest thing that shows errors.
import { botWeekdays } from '@parley/contracts';
import type { DraftValues } from './draft';

export interface Issue {
  field: string;
  message: string;
}

export interface PlacedIssues {
  /** Form errors keyed by form path. */
  errors: Record<string, string>;
  /** Problems no input shows (should not happen; shown above the Save button). */
  unplaced: string[];
}

/** Every path the form shows an error at, for these values (list items come and go). */
export function errorSlots(d: DraftValues): Set<string> {
  const slots = new Set<string>([
    'mode',
    'greeting',
    'listButton',
    'menu',
    'menu.prompt',
    'menu.options',
    'menu.menuChoiceReply',
    'faq',
    'questions',
    'goals',
    'handoffPhrases',
    'maxMisunderstood',
    'misunderstoodReply',
    'handoffReply',
    'stopKeywords',
    'stopReply',
    'businessHours',
    'businessHours.timezone',
    'businessHours.weekly',
    'businessHours.closedDates',
    'businessHours.outOfHoursReply',
  ]);
  const item = (base: string, fields: readonly string[]) => {
    slots.add(base);
    for (const f of fields) slots.add(`${base}.${f}`);
  };
  d.menu.options.forEach((_, i) => item(`menu.options.${i}`, ['label', 'skillsetId', 'keywords', 'handoff', 'reply']));
  d.faq.forEach((_, i) => item(`faq.${i}`, ['question', 'keywords', 'phrases', 'answer', 'goal', 'askQuestionId']));
  d.questions.forEach((_, i) =>
    item(`questions.${i}`, ['attributeKey', 'prompt', 'type', 'options', 'retryPrompt', 'goal', 'reply', 'nextQuestionId']),
  );
  for (const day of botWeekdays) {
    slots.add(`businessHours.weekly.${day}`);
    d.businessHours.weekly[day].forEach((_, i) => item(`businessHours.weekly.${day}.${i}`, ['from', 'to']));
  }
  return slots;
}

/** The API's field ("personality.faq.0.answer", or the engine's "faq[0].answer") as a form path ("faq.0.answer"). */
export function formPath(field: string): string {
  return field
    .replace(/\[(\d+)\]/g, '.$1')
    .replace(/^personality\.?/, '')
    .replace(/^\./, '');
}

function valueAt(values: unknown, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** zod's generic messages, said the way a person filling the form needs to hear them. */
function friendly(path: string, message: string, value: unknown): string {
  const last = path.split('.').at(-1) ?? '';
  const blank = value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
  if (last === 'skillsetId' && /^unknown skillset/i.test(message)) return 'This skillset no longer exists: choose another';
  if (last === 'attributeKey' && /^unknown attribute/i.test(message)) return 'This attribute no longer exists: choose another';
  if (blank && last === 'skillsetId') return 'Choose a skillset';
  if (blank && last === 'attributeKey') return 'Choose an attribute';
  if (blank && /too small|must not be empty|required|invalid/i.test(message)) return 'Must not be empty';
  if (Array.isArray(value) && value.length === 0 && /too small/i.test(message)) {
    return last === 'options' && path.startsWith('menu') ? 'Add at least one option' : 'Add at least one';
  }
  if (typeof value === 'number' && Number.isNaN(value)) return 'Enter a number';
  return sentence(message);
}

export function placeIssues(issues: readonly Issue[], values: DraftValues): PlacedIssues {
  const slots = errorSlots(values);
  const errors: Record<string, string> = {};
  const unplaced: string[] = [];
  for (const issue of issues) {
    const path = formPath(issue.field);
    let message = friendly(path, issue.message, valueAt(values, path));
    let slot = path;
    // Climb to the nearest path with an error slot; a list element ("keywords.2") is named by its value.
    while (slot !== '' && !slots.has(slot)) {
      const parts = slot.split('.');
      const dropped = parts.pop()!;
      const parent = parts.join('.');
      const element = valueAt(values, `${parent}.${dropped}`);
      if (/^\d+$/.test(dropped) && typeof element === 'string') message = `“${element}”: ${message}`;
      else if (/^\d+$/.test(dropped) && slots.has(parent)) message = `Item ${Number(dropped) + 1}: ${message}`;
      slot = parent;
    }
    if (slot === '') {
      unplaced.push(`${issue.field || 'personality'}: ${issue.message}`);
      continue;
    }
    errors[slot] = errors[slot] ? `${errors[slot]}; ${message}` : message;
  }
  return { errors, unplaced };
}
