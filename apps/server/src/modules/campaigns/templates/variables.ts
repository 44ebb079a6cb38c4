import type { TemplateContent } from '@parley/contracts';

// A template's variables and how values fill them: shared by the templates page (preview), the campaign wizard
// (mapping, validation, preview) and sending (the parameters that go on the wire).

const VARIABLE = /\{\{\s*(\d+)\s*\}\}/g;

/** The positional variable numbers in a text, in order of appearance (`{{2}} {{1}}` → [2, 1]). */
export function variablesIn(text: string): number[] {
  return [...text.matchAll(VARIABLE)].map((m) => Number(m[1]));
}

/** What a template asks for: how many body values, whether the header takes one, and which URL buttons do. */
export interface TemplateSlots {
  body: number;
  header: boolean;
  /** Indexes among all the template's buttons (Meta addresses buttons by that index). */
  urlButtons: number[];
}

export function templateSlots(content: TemplateContent): TemplateSlots {
  const body = new Set(variablesIn(content.body.text)).size;
  const header = content.header?.format === 'text' && variablesIn(content.header.text).length > 0;
  const urlButtons = content.buttons.flatMap((b, i) => (b.type === 'url' && variablesIn(b.url).length > 0 ? [i] : []));
  return { body, header, urlButtons };
}

/** The values for one recipient, as campaign recipients store them. */
export interface TemplateValues {
  body: string[];
  header?: string;
  urlButtons?: Record<string, string>;
}

/** `{{n}}` replaced by values[n-1]; a missing value shows the placeholder as is, so previews reveal gaps. */
export function fillText(text: string, values: readonly (string | undefined)[]): string {
  return text.replace(VARIABLE, (whole, n: string) => values[Number(n) - 1] ?? whole);
}

/** The message as the customer will read it: header, body, footer and button labels/URLs with values filled in. */
export function renderTemplate(content: TemplateContent, values: TemplateValues) {
  const header =
    content.header?.format === 'text' ? { format: 'text' as const, text: fillText(content.header.text, [values.header]) } : content.header;
  return {
    header,
    body: fillText(content.body.text, values.body),
    footer: content.footer,
    buttons: content.buttons.map((b, i) => (b.type === 'url' ? { ...b, url: fillText(b.url, [values.urlButtons?.[String(i)]]) } : b)),
  };
}
