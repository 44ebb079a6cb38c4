import { z } from 'zod';

// WhatsApp message templates as Parley keeps them: the shape of the Business Management API's template, in our
// casing. Used by the templates module (sync, submit, status) and by campaigns (variables, preview, sending).

export const templateCategories = ['marketing', 'utility', 'authentication'] as const;
export type TemplateCategory = (typeof templateCategories)[number];

/** Meta's statuses, lower case. `pending`, `approved` and `rejected` are the ones staff see most. */
export const templateStatuses = [
  'pending',
  'approved',
  'rejected',
  'paused',
  'disabled',
  'in_appeal',
  'pending_deletion',
  'deleted',
  'flagged',
  'reinstated',
  'limit_exceeded',
  'archived',
  'locked',
  'unarchived',
] as const;
export type TemplateStatus = (typeof templateStatuses)[number];

export const templateHeaderSchema = z.discriminatedUnion('format', [
  /** At most 60 characters and one variable `{{1}}`, with its example. */
  z.object({ format: z.literal('text'), text: z.string(), example: z.string().optional() }),
  z.object({ format: z.enum(['image', 'video', 'document']), exampleUrl: z.string().optional() }),
  z.object({ format: z.literal('location') }),
]);
export type TemplateHeader = z.infer<typeof templateHeaderSchema>;

export const templateButtonSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('quick_reply'), text: z.string() }),
  /** A URL may end with one variable `{{1}}`; `example` is the full example URL. */
  z.object({ type: z.literal('url'), text: z.string(), url: z.string(), example: z.string().optional() }),
  z.object({ type: z.literal('phone_number'), text: z.string(), phoneNumber: z.string() }),
]);
export type TemplateButton = z.infer<typeof templateButtonSchema>;

/** Everything that makes up a template's message (name, language and category are kept beside it). */
export const templateContentSchema = z.object({
  header: templateHeaderSchema.optional(),
  /** Up to 1,024 characters with positional variables `{{1}}`…`{{n}}`. */
  body: z.object({ text: z.string(), examples: z.array(z.string()).default([]) }),
  footer: z.string().optional(),
  buttons: z.array(templateButtonSchema).default([]),
  /**
   * Set when Meta's template uses something Parley cannot send yet (named parameters, a carousel, a copy-code or
   * OTP button…): it is listed and previewed, never offered for sending.
   */
  unsupported: z.string().optional(),
});
export type TemplateContent = z.infer<typeof templateContentSchema>;

// ——— API (GET /templates, GET /templates/:id, POST /templates/sync, POST /templates) ———

/** A template as the API shows it. */
export const templateView = z.object({
  id: z.uuid(),
  wabaId: z.string(),
  /** Meta's id; null only while a submission is in flight. */
  providerTemplateId: z.string().nullable(),
  name: z.string(),
  language: z.string(),
  category: z.enum(templateCategories),
  status: z.enum(templateStatuses),
  /** Why Meta rejected, paused or disabled it (e.g. INVALID_FORMAT), as Meta says it. */
  statusReason: z.string().nullable(),
  content: templateContentSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When it was last seen in Meta's list; null for one submitted here and not synced since. */
  syncedAt: z.string().nullable(),
});
export type TemplateView = z.infer<typeof templateView>;

export const templateList = z.object({ items: z.array(templateView) });
export type TemplateList = z.infer<typeof templateList>;

export const templateListQuery = z
  .object({
    /** Only the templates of this WhatsApp number's business account. */
    channelId: z.uuid({ message: 'must be a channel id' }).optional(),
    status: z.enum(templateStatuses).optional(),
    /** Part of the name, any case. */
    search: z.string().trim().max(200).optional(),
  })
  .strict();
export type TemplateListQuery = z.infer<typeof templateListQuery>;

export const syncTemplatesRequest = z.object({ channelId: z.uuid({ message: 'must be a channel id' }) }).strict();
export type SyncTemplatesRequest = z.infer<typeof syncTemplatesRequest>;

export const syncTemplatesResult = z.object({
  wabaId: z.string(),
  /** Templates in Meta's list. */
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  /** Ours no longer in Meta's list: marked `deleted` (campaigns still reference them). */
  deleted: z.number().int(),
});
export type SyncTemplatesResult = z.infer<typeof syncTemplatesResult>;

/**
 * POST /templates: submit a new template to Meta for review through one WhatsApp number's business account.
 * The shape is checked here; Meta's rules (lengths, variables, buttons) are checked by the server, each problem
 * named by its field (e.g. `content.buttons.2.text`).
 */
export const submitTemplateRequest = z
  .object({
    channelId: z.uuid({ message: 'must be a channel id' }),
    name: z.string(),
    language: z.string(),
    category: z.enum(templateCategories),
    content: templateContentSchema.omit({ unsupported: true }),
  })
  .strict();
export type SubmitTemplateRequest = z.infer<typeof submitTemplateRequest>;

// ——— Variables: shared by the server (campaign validation, sending) and the web app (previews) ———

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

/** The template's own example values (Meta requires one per variable): what previews show before real data. */
export function exampleValues(content: TemplateContent): TemplateValues {
  const urlButtons: Record<string, string> = {};
  content.buttons.forEach((b, i) => {
    if (b.type !== 'url' || !b.example || variablesIn(b.url).length === 0) return;
    // The example is the whole URL; the value is what replaces {{1}} at its end.
    const prefix = b.url.replace(VARIABLE, '');
    urlButtons[String(i)] = b.example.startsWith(prefix) ? b.example.slice(prefix.length) : b.example;
  });
  return {
    body: content.body.examples,
    ...(content.header?.format === 'text' && content.header.example ? { header: content.header.example } : {}),
    urlButtons,
  };
}
