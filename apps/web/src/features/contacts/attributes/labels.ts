import type { AttributeType } from '@parley/contracts';

export const attributeTypeLabels: Record<AttributeType, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  boolean: 'Yes / no',
  list: 'List (one of some options)',
  url: 'Link (URL)',
};

/** "Preferred city" → "preferred_city": a key suggestion that satisfies the key rule. */
export function suggestKey(label: string): string {
  const key = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 64);
  return key;
}
