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
});
export type TemplateContent = z.infer<typeof templateContentSchema>;
