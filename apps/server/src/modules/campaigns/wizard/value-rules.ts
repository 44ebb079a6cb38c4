// WhatsApp's rules for template parameter values (whatsapp-cloud-api.md §7): single-line text — no newline, no tab,
// at most four spaces in a row — a header of at most 60 characters, a body of at most 1,024 once filled in, and a
// URL of at most 2,000. Meta answers a breach with an error per message; we find it before sending.
import type { CampaignRejectionCode, TemplateContent } from '@parley/contracts';
import { renderTemplate, type TemplateValues } from '../templates/variables';

export const BODY_MAX = 1024;
export const HEADER_MAX = 60;
export const URL_MAX = 2000;

/** Counted as WhatsApp counts: characters (code points), not UTF-16 units. */
const length = (text: string) => [...text].length;

/** Why a value cannot be a template parameter, or null. */
export function formatProblem(value: string): string | null {
  if (/[\r\n]/.test(value)) return 'holds a line break (template values must be a single line)';
  if (value.includes('\t')) return 'holds a tab';
  if (/ {5,}/.test(value)) return 'holds more than four spaces in a row';
  return null;
}

export interface Rejection {
  code: CampaignRejectionCode;
  text: string;
}

/** The first rule the filled-in template breaks, or null when WhatsApp will take it. */
export function checkValues(content: TemplateContent, values: TemplateValues, labels: ValueLabels): Rejection | null {
  const all: Array<[string, string | undefined]> = [
    ...values.body.map((v, i): [string, string] => [labels.body(i), v]),
    [labels.header, values.header],
    ...Object.entries(values.urlButtons ?? {}).map(([k, v]): [string, string] => [labels.url(k), v]),
  ];
  for (const [label, value] of all) {
    if (value === undefined) continue;
    const problem = formatProblem(value);
    if (problem) return { code: 'variable_format', text: `${label} ${problem}` };
  }
  const rendered = renderTemplate(content, values);
  const bodyLength = length(rendered.body);
  if (bodyLength > BODY_MAX)
    return { code: 'variable_too_long', text: `The message body would be ${bodyLength} characters (at most ${BODY_MAX})` };
  if (rendered.header?.format === 'text' && length(rendered.header.text) > HEADER_MAX) {
    return { code: 'variable_too_long', text: `The header would be ${length(rendered.header.text)} characters (at most ${HEADER_MAX})` };
  }
  for (const b of rendered.buttons) {
    if (b.type === 'url' && length(b.url) > URL_MAX)
      return { code: 'variable_too_long', text: `The button "${b.text}" URL would be longer than ${URL_MAX} characters` };
  }
  return null;
}

export interface ValueLabels {
  body(i: number): string;
  header: string;
  url(key: string): string;
}

export const valueLabels: ValueLabels = {
  body: (i) => `Variable {{${i + 1}}}`,
  header: 'The header variable',
  url: (key) => `The URL of button ${Number(key) + 1}`,
};
