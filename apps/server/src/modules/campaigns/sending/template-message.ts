import type { TemplateContent } from '@parley/contracts';
import type { OutboundRequestContent } from '../../channels';
import { renderTemplate, type TemplateValues } from '../templates/variables';

type TemplateMessage = Extract<OutboundRequestContent, { type: 'template' }>;

export interface SendableTemplate {
  name: string;
  language: string;
  content: TemplateContent;
}

/**
 * One recipient's template message as the channel sends it: body values in order, the header's (text variable, or
 * the media link of an image/video/document header — the template's example when none is given) and URL buttons'
 * values by index. `text` is the message as the customer reads it, for the conversation and the contact's preview.
 */
export function templateMessage(t: SendableTemplate, values: TemplateValues): TemplateMessage {
  const rendered = renderTemplate(t.content, values);
  const header = headerParameters(t.content, values.header);
  const buttons = Object.entries(values.urlButtons ?? {})
    .filter(([index]) => t.content.buttons[Number(index)]?.type === 'url')
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([index, text]) => ({ subType: 'url' as const, index: Number(index), text }));
  const text = [rendered.header?.format === 'text' ? rendered.header.text : undefined, rendered.body, rendered.footer]
    .filter((part): part is string => Boolean(part))
    .join('\n');
  return {
    type: 'template',
    text,
    name: t.name,
    language: t.language,
    ...(header ? { header } : {}),
    ...(values.body.length > 0 ? { body: values.body.map((v) => ({ type: 'text' as const, text: v })) } : {}),
    ...(buttons.length > 0 ? { buttons } : {}),
  };
}

function headerParameters(content: TemplateContent, value: string | undefined): TemplateMessage['header'] {
  const h = content.header;
  if (!h) return undefined;
  if (h.format === 'text') return value !== undefined && /\{\{\s*1\s*\}\}/.test(h.text) ? [{ type: 'text', text: value }] : undefined;
  if (h.format === 'location') return undefined;
  const link = value ?? h.exampleUrl;
  return link ? [{ type: h.format, link }] : undefined;
}
