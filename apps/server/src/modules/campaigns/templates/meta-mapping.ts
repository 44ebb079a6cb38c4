import {
  templateCategories,
  templateStatuses,
  type TemplateButton,
  type TemplateCategory,
  type TemplateContent,
  type TemplateHeader,
  type TemplateStatus,
} from '@parley/contracts';
import type { GraphTemplate, GraphTemplateButton, GraphTemplateComponent } from '../../channels';
import { variablesIn } from './variables';

// Meta's template JSON (UPPER_CASE types, snake_case fields, reference §7) ↔ Parley's TemplateContent.

/** Meta's status (APPROVED…) in our lower case; one we do not know is kept unsendable and explained. */
export function statusFromMeta(raw: string): { status: TemplateStatus; reason: string | null } {
  const lower = raw.trim().toLowerCase() as TemplateStatus;
  if ((templateStatuses as readonly string[]).includes(lower)) return { status: lower, reason: null };
  return { status: 'paused', reason: `Meta reported the status ${raw}, which Parley does not know` };
}

export function categoryFromMeta(raw: string | undefined): TemplateCategory | undefined {
  const lower = (raw ?? '').trim().toLowerCase() as TemplateCategory;
  return templateCategories.includes(lower) ? lower : undefined;
}

/** Meta says "NONE" where there is no reason. */
export const reasonFromMeta = (raw: string | undefined): string | null =>
  raw && raw.trim() && raw.trim().toUpperCase() !== 'NONE' ? raw.trim() : null;

export interface MappedTemplate {
  name: string;
  language: string;
  providerTemplateId: string;
  category: TemplateCategory;
  status: TemplateStatus;
  statusReason: string | null;
  content: TemplateContent;
}

/** One template of Meta's list as we keep it. What we cannot send yet is named in `content.unsupported`. */
export function fromGraphTemplate(t: GraphTemplate): MappedTemplate {
  const unsupported: string[] = [];
  if ((t.parameter_format ?? 'POSITIONAL').toUpperCase() === 'NAMED') unsupported.push('named parameters');
  const content: TemplateContent = { body: { text: '', examples: [] }, buttons: [] };
  let hasBody = false;
  for (const c of t.components) {
    switch (c.type.toUpperCase()) {
      case 'HEADER': {
        const header = headerFromMeta(c);
        if (header) content.header = header;
        else unsupported.push(`a ${c.format ?? 'blank'} header`);
        break;
      }
      case 'BODY':
        hasBody = true;
        content.body = { text: c.text ?? '', examples: c.example?.body_text?.[0] ?? [] };
        break;
      case 'FOOTER':
        if (c.text) content.footer = c.text;
        break;
      case 'BUTTONS':
        for (const b of c.buttons ?? []) {
          const button = buttonFromMeta(b);
          // Buttons are addressed by their index among all of them: one we cannot model makes the template unsendable.
          if (button) content.buttons.push(button);
          else unsupported.push(`a ${b.type || 'blank'} button`);
        }
        break;
      default:
        unsupported.push(`a ${c.type || 'blank'} component`);
    }
  }
  if (!hasBody) unsupported.push('no body');
  let category = categoryFromMeta(t.category);
  if (!category) {
    unsupported.push(`the category ${t.category || '(none)'}`);
    category = 'marketing';
  }
  if (unsupported.length > 0) content.unsupported = `Parley cannot send templates with ${[...new Set(unsupported)].join(', ')} yet`;
  const { status, reason } = statusFromMeta(t.status);
  return {
    name: t.name,
    language: t.language,
    providerTemplateId: t.id,
    category,
    status,
    statusReason: reason ?? reasonFromMeta(t.rejected_reason),
    content,
  };
}

function headerFromMeta(c: GraphTemplateComponent): TemplateHeader | undefined {
  const format = (c.format ?? 'TEXT').toUpperCase();
  if (format === 'TEXT') {
    const example = c.example?.header_text?.[0];
    return { format: 'text', text: c.text ?? '', ...(example !== undefined ? { example } : {}) };
  }
  if (format === 'IMAGE' || format === 'VIDEO' || format === 'DOCUMENT') {
    const exampleUrl = c.example?.header_handle?.[0];
    return { format: format.toLowerCase() as 'image' | 'video' | 'document', ...(exampleUrl !== undefined ? { exampleUrl } : {}) };
  }
  return format === 'LOCATION' ? { format: 'location' } : undefined;
}

function buttonFromMeta(b: GraphTemplateButton): TemplateButton | undefined {
  const text = b.text ?? '';
  switch (b.type.toUpperCase()) {
    case 'QUICK_REPLY':
      return { type: 'quick_reply', text };
    case 'URL': {
      const example = b.example?.[0];
      return { type: 'url', text, url: b.url ?? '', ...(example !== undefined ? { example } : {}) };
    }
    case 'PHONE_NUMBER':
      return { type: 'phone_number', text, phoneNumber: b.phone_number ?? '' };
    default:
      return undefined;
  }
}

/** Our content as Meta's `components` for `POST /{WABA_ID}/message_templates` (validated beforehand). */
export function toGraphComponents(content: TemplateContent): GraphTemplateComponent[] {
  const components: GraphTemplateComponent[] = [];
  const h = content.header;
  if (h?.format === 'text') {
    components.push({
      type: 'HEADER',
      format: 'TEXT',
      text: h.text,
      ...(variablesIn(h.text).length > 0 ? { example: { header_text: [h.example ?? ''] } } : {}),
    });
  } else if (h?.format === 'location') {
    components.push({ type: 'HEADER', format: 'LOCATION' });
  } else if (h) {
    components.push({ type: 'HEADER', format: h.format.toUpperCase(), example: { header_handle: [h.exampleUrl ?? ''] } });
  }
  const count = new Set(variablesIn(content.body.text)).size;
  components.push({
    type: 'BODY',
    text: content.body.text,
    ...(count > 0 ? { example: { body_text: [content.body.examples.slice(0, count)] } } : {}),
  });
  if (content.footer) components.push({ type: 'FOOTER', text: content.footer });
  if (content.buttons.length > 0) components.push({ type: 'BUTTONS', buttons: content.buttons.map(buttonToMeta) });
  return components;
}

function buttonToMeta(b: TemplateButton): GraphTemplateButton {
  switch (b.type) {
    case 'quick_reply':
      return { type: 'QUICK_REPLY', text: b.text };
    case 'url':
      return { type: 'URL', text: b.text, url: b.url, ...(variablesIn(b.url).length > 0 ? { example: [b.example ?? ''] } : {}) };
    case 'phone_number':
      return { type: 'PHONE_NUMBER', text: b.text, phone_number: b.phoneNumber };
  }
}
