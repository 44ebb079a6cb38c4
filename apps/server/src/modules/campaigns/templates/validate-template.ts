import type { TemplateCategory, TemplateContent } from '@parley/contracts';
import { AppError, type FieldIssue } from '../../../platform/errors';
import { variablesIn } from './variables';

// Meta's rules for a new template (reference §7), checked before anything is sent so each problem is named by
// its field. Meta would refuse these with one vague INVALID_FORMAT; staff deserve to know which button is wrong.

export const TEMPLATE_LIMITS = {
  name: 512,
  body: 1024,
  header: 60,
  footer: 60,
  buttons: 10,
  urlButtons: 2,
  phoneButtons: 1,
  buttonLabel: 25,
  url: 2000,
} as const;

export interface TemplateDraft {
  name: string;
  language: string;
  category: TemplateCategory;
  content: TemplateContent;
}

const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(_[A-Z]{2})?$/;
/** `{{` not followed by a positional number and `}}`: a named or malformed variable. */
const MALFORMED = /\{\{(?!\s*\d+\s*\}\})/;
const ADJACENT = /\}\}\s*\{\{/;
const PHONE = /^\+[1-9]\d{6,18}$/;

const length = (s: string) => [...s].length;

/** Every problem of a draft, each named by its field (`content.buttons.2.text`); empty when Meta may be asked. */
export function templateIssues(d: TemplateDraft): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });

  if (!NAME.test(d.name)) add('name', 'must be 1–512 lowercase letters, digits or underscores (e.g. order_update)');
  if (!LANGUAGE.test(d.language)) add('language', 'must be a language code such as en, en_US or pt_BR');
  checkBody(d.content, add);
  checkHeader(d.content, add);
  checkFooter(d.content, add);
  checkButtons(d.content, add);
  return issues;
}

/** Throws a 400 listing every problem of the draft. */
export function assertSubmittable(d: TemplateDraft): void {
  const issues = templateIssues(d);
  if (issues.length === 0) return;
  throw new AppError(
    'validation_failed',
    `The template cannot be submitted — ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
    {
      issues,
    },
  );
}

type Add = (field: string, message: string) => void;

function checkBody(content: TemplateContent, add: Add): void {
  const { text, examples } = content.body;
  const f = 'content.body.text';
  if (text.trim() === '') return add(f, 'is required');
  if (length(text) > TEMPLATE_LIMITS.body) add(f, `is ${length(text)} characters; at most ${TEMPLATE_LIMITS.body}`);
  if (MALFORMED.test(text)) add(f, 'variables must be numbered, like {{1}} and {{2}}; named variables are not supported');
  if (ADJACENT.test(text)) add(f, 'two variables need text between them (e.g. "{{1}} and {{2}}", not "{{1}}{{2}}")');
  const numbers = [...new Set(variablesIn(text))].sort((a, b) => a - b);
  const gap = numbers.findIndex((n, i) => n !== i + 1);
  if (gap >= 0) {
    add(f, `variables must be numbered {{1}} to {{${numbers.length}}} without gaps; found ${numbers.map((n) => `{{${n}}}`).join(', ')}`);
    return;
  }
  numbers.forEach((n) => {
    if (!examples[n - 1]?.trim()) add(`content.body.examples.${n - 1}`, `an example value is required for {{${n}}}`);
  });
}

function checkHeader(content: TemplateContent, add: Add): void {
  const h = content.header;
  if (!h) return;
  if (h.format === 'text') {
    const f = 'content.header.text';
    if (h.text.trim() === '') return add(f, 'is required for a text header (or choose no header)');
    if (length(h.text) > TEMPLATE_LIMITS.header) add(f, `is ${length(h.text)} characters; at most ${TEMPLATE_LIMITS.header}`);
    if (MALFORMED.test(h.text)) add(f, 'the only variable a header may have is {{1}}');
    const vars = variablesIn(h.text);
    if (vars.length > 1) add(f, `may have at most one variable; found ${vars.length}`);
    else if (vars.length === 1 && vars[0] !== 1) add(f, 'its variable must be {{1}}');
    if (vars.length > 0 && !h.example?.trim()) add('content.header.example', 'an example value is required for the header variable');
  } else if (h.format !== 'location' && !h.exampleUrl?.trim()) {
    add('content.header.exampleUrl', `an example ${h.format} (its media handle from Meta's upload API) is required`);
  }
}

function checkFooter(content: TemplateContent, add: Add): void {
  const footer = content.footer;
  if (footer === undefined) return;
  if (length(footer) > TEMPLATE_LIMITS.footer) add('content.footer', `is ${length(footer)} characters; at most ${TEMPLATE_LIMITS.footer}`);
  if (footer.includes('{{')) add('content.footer', 'cannot have variables');
}

function checkButtons(content: TemplateContent, add: Add): void {
  const buttons = content.buttons;
  if (buttons.length > TEMPLATE_LIMITS.buttons) add('content.buttons', `${buttons.length} buttons; at most ${TEMPLATE_LIMITS.buttons}`);
  // Meta refuses quick replies interleaved with other buttons: they form one group, first or last.
  const switches = buttons.slice(1).filter((b, i) => (b.type === 'quick_reply') !== (buttons[i]!.type === 'quick_reply')).length;
  if (switches > 1) add('content.buttons', 'quick replies must be grouped together, before or after the other buttons');
  const urls = buttons.filter((b) => b.type === 'url').length;
  const phones = buttons.filter((b) => b.type === 'phone_number').length;
  if (urls > TEMPLATE_LIMITS.urlButtons) add('content.buttons', `${urls} URL buttons; at most ${TEMPLATE_LIMITS.urlButtons}`);
  if (phones > TEMPLATE_LIMITS.phoneButtons) add('content.buttons', `${phones} phone buttons; at most ${TEMPLATE_LIMITS.phoneButtons}`);
  buttons.forEach((b, i) => {
    const at = `content.buttons.${i}`;
    if (b.text.trim() === '') add(`${at}.text`, 'is required');
    else if (length(b.text) > TEMPLATE_LIMITS.buttonLabel)
      add(`${at}.text`, `is ${length(b.text)} characters; at most ${TEMPLATE_LIMITS.buttonLabel}`);
    if (b.text.includes('{{')) add(`${at}.text`, 'cannot have variables');
    if (b.type === 'url') checkUrlButton(b, at, add);
    if (b.type === 'phone_number' && !PHONE.test(b.phoneNumber.replace(/[\s()-]/g, ''))) {
      add(`${at}.phoneNumber`, 'must be an international number starting with +, e.g. +15550100');
    }
  });
}

function checkUrlButton(b: Extract<TemplateContent['buttons'][number], { type: 'url' }>, at: string, add: Add): void {
  const vars = variablesIn(b.url);
  if (length(b.url) > TEMPLATE_LIMITS.url) add(`${at}.url`, `is ${length(b.url)} characters; at most ${TEMPLATE_LIMITS.url}`);
  if (!isWebUrl(b.url.replace(/\{\{\s*\d+\s*\}\}/g, 'x'))) add(`${at}.url`, 'must be a web address starting with https:// or http://');
  if (MALFORMED.test(b.url) || vars.length > 1 || (vars.length === 1 && !/\{\{1\}\}$/.test(b.url))) {
    add(`${at}.url`, 'may have one variable, {{1}}, and only at its end');
  } else if (vars.length === 1) {
    if (!b.example?.trim()) add(`${at}.example`, 'an example of the full URL is required for the variable');
    else if (!isWebUrl(b.example)) add(`${at}.example`, 'must be a full web address');
  }
}

function isWebUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}
