// One recipient's template values from the draft's mapping: a file column, a contact field or attribute, a fixed
// text, or a predefined sample. A value that cannot be found is reported as missing, never sent empty.
import type { CampaignVariables, TemplateContent, VariableSource } from '@parley/contracts';
import type { AudienceContact } from '../../contacts';
import { templateSlots, variablesIn, type TemplateSlots, type TemplateValues } from '../templates/variables';
import { valueLabels } from './value-rules';

export interface ResolveContext {
  content: TemplateContent;
  slots: TemplateSlots;
  variables: CampaignVariables;
  /** YYYY-MM-DD: the `today` sample. */
  today: string;
  /** The body's variable numbers in order ({{1}}, {{2}}…): worked out once, not for each of 100,000 rows. */
  bodyNumbers: number[];
}

export function resolveContext(content: TemplateContent, variables: CampaignVariables | null, today: string): ResolveContext {
  return {
    content,
    slots: templateSlots(content),
    variables: variables ?? { body: [], urlButtons: {} },
    today,
    bodyNumbers: [...new Set(variablesIn(content.body.text))].sort((a, b) => a - b),
  };
}

/** What one audience row brings: its file cells, the name and number it gave, and its contact when known. */
export interface RecipientData {
  cells: Record<string, string> | null;
  name: string | null;
  e164: string | null;
  contact: AudienceContact | null;
  attributes: Record<string, string> | undefined;
}

export interface Resolved {
  values: TemplateValues;
  /** Labels of the variables without a value ("Variable {{2}}"). */
  missing: string[];
}

export function resolveValues(ctx: ResolveContext, r: RecipientData): Resolved {
  const missing: string[] = [];
  const body: string[] = [];
  for (let i = 0; i < ctx.slots.body; i++) {
    const n = ctx.bodyNumbers[i] ?? i + 1;
    const v = valueOf(ctx.variables.body[i], r, ctx.content.body.examples[n - 1], ctx.today);
    if (v === null) missing.push(valueLabels.body(n - 1));
    body[n - 1] = v ?? '';
  }
  const values: TemplateValues = { body };
  if (ctx.slots.header) {
    const example = ctx.content.header?.format === 'text' ? ctx.content.header.example : undefined;
    const v = valueOf(ctx.variables.header, r, example, ctx.today);
    if (v === null) missing.push(valueLabels.header);
    values.header = v ?? '';
  }
  if (ctx.slots.urlButtons.length > 0) {
    values.urlButtons = {};
    for (const index of ctx.slots.urlButtons) {
      const key = String(index);
      const v = valueOf(ctx.variables.urlButtons[key], r, urlExample(ctx.content, index), ctx.today);
      if (v === null) missing.push(valueLabels.url(key));
      values.urlButtons[key] = v ?? '';
    }
  }
  return { values, missing };
}

/** A URL button's example is the whole URL; the variable's example is what follows the URL's fixed part. */
function urlExample(content: TemplateContent, index: number): string | undefined {
  const b = content.buttons[index];
  if (b?.type !== 'url' || !b.example) return undefined;
  const fixed = b.url.replace(/\{\{\s*\d+\s*\}\}.*$/, '');
  return b.example.startsWith(fixed) ? b.example.slice(fixed.length) || undefined : b.example;
}

const nonEmpty = (v: string | null | undefined): string | null => {
  const t = v?.trim();
  return t ? t : null;
};

function valueOf(source: VariableSource | undefined, r: RecipientData, example: string | undefined, today: string): string | null {
  if (!source) return null;
  switch (source.kind) {
    case 'column':
      return nonEmpty(r.cells?.[source.column]);
    case 'fixed':
      return nonEmpty(source.text);
    case 'sample':
      return source.sample === 'today' ? today : nonEmpty(example);
    case 'attribute':
      return nonEmpty(r.attributes?.[source.key]);
    case 'field':
      return fieldOf(source.field, r);
  }
}

const firstWord = (v: string | null) => v?.split(/\s+/)[0] ?? null;

/** A contact field; for a number not yet a contact, what the file says (its name column). */
function fieldOf(field: string, r: RecipientData): string | null {
  const c = r.contact;
  const fileName = nonEmpty(r.name);
  const contactName = c ? (nonEmpty([c.firstName, c.lastName].filter(Boolean).join(' ')) ?? nonEmpty(c.channelName)) : null;
  switch (field) {
    case 'name':
      return contactName ?? fileName;
    case 'firstName':
      return nonEmpty(c?.firstName) ?? firstWord(contactName) ?? firstWord(fileName);
    case 'lastName':
      return c ? nonEmpty(c.lastName) : nonEmpty(fileName?.split(/\s+/).slice(1).join(' '));
    case 'phone':
      return r.e164 ?? nonEmpty(c?.phone);
    case 'email':
    case 'country':
    case 'language':
    case 'gender':
    case 'location':
      return nonEmpty(c?.[field]);
    default:
      return null;
  }
}
