import type { BotAction, BotTestResult } from '@parley/contracts';

const ruleLabels: Record<string, string> = {
  disabled: 'The bot is disabled',
  stop: 'STOP keyword',
  out_of_hours: 'Out of business hours',
  answer_valid: 'Valid answer to a question',
  answer_invalid: 'Invalid answer to a question',
  menu: 'Menu choice',
  handoff_phrase: 'Handoff phrase',
  faq: 'FAQ',
  greeting: 'New conversation: greeting',
  misunderstood: 'Not understood',
  ask_question: 'Question asked',
};

export function ruleLabel(rule: string): string {
  return ruleLabels[rule] ?? rule;
}

const handoffReasons = { menu: 'menu choice', phrase: 'asked for a person', misunderstood: 'not understood' } as const;

interface Names {
  skillset: (id: string) => string | undefined;
  attribute: (key: string) => string | undefined;
}

/** What the bot would do, in words ("Hand off to Sales"). */
export function actionLabel(action: BotAction, names: Names): string {
  switch (action.type) {
    case 'handoff': {
      const to =
        action.skillsetId === null ? 'the general queue' : (names.skillset(action.skillsetId) ?? 'a deleted skillset (general queue)');
      return `Hand off to ${to} (${handoffReasons[action.reason]})`;
    }
    case 'unresolved_query':
      return 'Count an unresolved query';
    case 'set_attribute':
      return `Set ${names.attribute(action.key) ?? action.key} = ${String(action.value)}`;
    case 'goal':
      return `Goal reached: ${action.name}`;
    case 'opt_out':
      return 'Opt out of marketing';
    case 'close':
      return 'Close the conversation';
  }
}

/**
 * A menu pick that did not hand over chose the team a later handoff goes to; nothing else shows it, so the panel
 * says it in words ("Team picked: Sales"). Null for any other answer.
 */
export function pickedTeamLabel(result: Pick<BotTestResult, 'rule' | 'actions' | 'state'>, names: Pick<Names, 'skillset'>): string | null {
  const id = result.state.skillsetId;
  if (result.rule !== 'menu' || id === undefined || result.actions.some((a) => a.type === 'handoff')) return null;
  return `Team picked: ${names.skillset(id) ?? 'a deleted skillset (general queue)'} — asking for a person goes there`;
}

/** After these the conversation is no longer the bot's: it stays silent. */
export function endsBotTurn(actions: readonly BotAction[]): boolean {
  return actions.some((a) => a.type === 'handoff' || a.type === 'close');
}
