import type { TagRuleMatch } from './api';

export const matchLabels: Record<TagRuleMatch, string> = {
  exact: 'Is exactly',
  prefix: 'Starts with',
  contains: 'Contains',
};

export const matchOptions = (Object.keys(matchLabels) as TagRuleMatch[]).map((value) => ({ value, label: matchLabels[value] }));
