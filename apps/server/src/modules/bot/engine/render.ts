// One set of choices (menu options, a list question's options) rendered for what the channel can show:
// reply buttons hold at most 3, a WhatsApp list at most 10 rows, and any channel can show numbered text, which the
// customer answers by typing the number.
import type { ChannelCapabilities, ChoiceRow, Reply } from './types';

/** WhatsApp's limit of reply buttons in one message. */
export const MAX_BUTTONS = 3;
/** WhatsApp's limit of rows in one list message. */
export const MAX_LIST_ROWS = 10;

/**
 * ≤ 3 choices and buttons → buttons; lists → a list (also for ≤ 3 choices when the channel has lists but not
 * buttons: a list still beats typing a number); otherwise numbered text "1. Sales\n2. Support" under the text.
 */
export function renderChoices(text: string, choices: readonly ChoiceRow[], capabilities: ChannelCapabilities, listButton: string): Reply {
  if (choices.length === 0) return { type: 'text', text };
  if (choices.length <= MAX_BUTTONS && capabilities.buttons) {
    return { type: 'buttons', text, buttons: choices.map(({ id, title }) => ({ id, title })) };
  }
  if (choices.length <= MAX_LIST_ROWS && capabilities.lists) {
    return { type: 'list', text, button: listButton, sections: [{ rows: choices.map((c) => ({ ...c })) }] };
  }
  return { type: 'text', text: `${text}\n\n${numbered(choices)}` };
}

export function numbered(choices: readonly ChoiceRow[]): string {
  return choices.map((c, i) => `${i + 1}. ${c.title}`).join('\n');
}
