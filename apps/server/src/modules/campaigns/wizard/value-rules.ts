// WhatsApp's rules for template parameter values (whatsapp-cloud-api.md §7): single-line text — no newline, no tab,
// at most four spaces in a row — a header of at most 60 characters, a body of at most 1,024 once filled in, and a
// URL of at most 2,000. Meta answers a breach with an error per message; we find it before sending.
import type { CampaignRejectionCode, TemplateContent } from '@parley/contracts';
import { renderTemplate, type TemplateValues } from '../templates/variables';

export const BODY_MAX = 1024;
export const HEADER_MAX = 60;
export const URL_MAX = 2000;

/** Counted as WhatsApp counts: characters (code points), not UTF-16 units (without building an array of them). */
function length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--; // the second half of a surrogate pair
  }
  return n;
}

/** A text with `{{n}}` variables: its length without them, and each one's number and own length, in order. */
interface TextShape {
  fixed: number;
  uses: Array<[n: number, placeholder: number]>;
}
const VARIABLE = /\{\{\s*(\d+)\s*\}\}/g;

function shapeOf(text: string): TextShape {
  const uses: TextShape['uses'] = [];
  let fixed = text.length;
  for (const m of text.matchAll(VARIABLE)) {
    fixed -= m[0].length;
    uses.push([Number(m[1]), m[0].length]);
  }
  return { fixed, uses };
}

/** The filled-in text's length in UTF-16 units (≥ its characters), without filling it in; a gap keeps its `{{n}}`. */
function upperBound(shape: TextShape, values: ReadonlyArray<string | undefined>): number {
  let n = shape.fixed;
  for (const [v, placeholder] of shape.uses) n += values[v - 1]?.length ?? placeholder;
  return n;
}

interface Shapes {
  body: TextShape;
  header: TextShape | null;
  urls: Map<string, TextShape>;
}
const shapes = new WeakMap<TemplateContent, Shapes>();

function shapesOf(content: TemplateContent): Shapes {
  let s = shapes.get(content);
  if (!s) {
    const urls = new Map<string, TextShape>();
    content.buttons.forEach((b, i) => b.type === 'url' && urls.set(String(i), shapeOf(b.url)));
    s = { body: shapeOf(content.body.text), header: content.header?.format === 'text' ? shapeOf(content.header.text) : null, urls };
    shapes.set(content, s);
  }
  return s;
}

/** True when no filled-in text can be over its limit, so validating 100,000 rows renders none of them. */
function surelyShortEnough(content: TemplateContent, values: TemplateValues): boolean {
  const s = shapesOf(content);
  if (upperBound(s.body, values.body) > BODY_MAX) return false;
  if (s.header && upperBound(s.header, [values.header]) > HEADER_MAX) return false;
  for (const [key, shape] of s.urls) if (upperBound(shape, [values.urlButtons?.[key]]) > URL_MAX) return false;
  return true;
}

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
  if (surelyShortEnough(content, values)) return null;
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
