import { z } from 'zod';

// Contact import from .xlsx / .csv (issue 5 item 7): upload → mapping and preview → a job with progress → the
// rejected rows as a file. docs/contacts-import.md describes each endpoint, rule and rejection reason.

/** The contact fields a column may fill; custom attributes are `attr.<key>`. */
export const contactImportFields = [
  'phone',
  'email',
  'firstName',
  'lastName',
  'gender',
  'language',
  'timezone',
  'location',
  'country',
  'tags',
] as const;
export type ContactImportField = (typeof contactImportFields)[number];

/** Which field finds an existing contact to update. */
export const contactImportKeys = ['phone', 'email'] as const;
export type ContactImportKey = (typeof contactImportKeys)[number];

export const contactImportStatuses = ['draft', 'queued', 'running', 'done', 'failed', 'cancelled'] as const;
export type ContactImportStatus = (typeof contactImportStatuses)[number];

/** A column's destination: a field, `attr.<key>`, or null (the column is not imported). */
export const contactImportTarget = z
  .string()
  .regex(/^(phone|email|firstName|lastName|gender|language|timezone|location|country|tags|attr\.[a-z][a-z0-9_]{0,63})$/, {
    message: 'must be a contact field (phone, email, firstName, …) or attr.<key>',
  })
  .nullable();

/** Column header → target. Columns left out are not imported. */
export const contactImportMapping = z.record(z.string().max(500), contactImportTarget);
export type ContactImportMapping = z.infer<typeof contactImportMapping>;

/** What becomes `import:<label>` as the source of contacts the file creates. */
export const contactImportSourceLabel = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(60, { message: 'must be at most 60 characters' })
  .regex(/^[^\p{Cc}]+$/u, { message: 'must not hold control characters' });

export const contactImportUploadQuery = z.object({ fileName: z.string().trim().min(1).max(255).optional() }).strict();

export const contactImportSampleQuery = z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }).strict();

export const updateContactImportRequest = z
  .object({
    mapping: contactImportMapping.optional(),
    upsertKey: z.enum(contactImportKeys).optional(),
    sourceLabel: contactImportSourceLabel.optional(),
    /** How many of the first rows the preview shows (default 20). */
    previewRows: z.number().int().min(1).max(100).optional(),
  })
  .strict();
export type UpdateContactImportRequest = z.infer<typeof updateContactImportRequest>;

export const contactImportProgress = z.object({
  /** Data rows in the file. */
  total: z.number().int(),
  processed: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  rejected: z.number().int(),
});
export type ContactImportProgress = z.infer<typeof contactImportProgress>;

export const contactImport = z.object({
  id: z.uuid(),
  fileName: z.string(),
  format: z.enum(['xlsx', 'csv']),
  columns: z.array(z.string()),
  mapping: contactImportMapping,
  upsertKey: z.enum(contactImportKeys),
  sourceLabel: z.string(),
  status: z.enum(contactImportStatuses),
  progress: contactImportProgress,
  /** Why a failed import stopped. */
  error: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ContactImport = z.infer<typeof contactImport>;

/** Why a row is rejected; a row may have several problems, each on its column. */
export const contactImportRowErrorCodes = [
  'missing_key',
  'duplicate',
  'invalid_phone',
  'scientific_notation',
  'invalid_email',
  'invalid_value',
] as const;
export const contactImportRowError = z.object({
  code: z.enum(contactImportRowErrorCodes),
  /** The file's column, or null for a problem of the whole row. */
  column: z.string().nullable(),
  message: z.string(),
});
export type ContactImportRowError = z.infer<typeof contactImportRowError>;

export const contactImportPreviewRow = z.object({
  /** The row number as the spreadsheet shows it. */
  row: z.number().int(),
  /** Every column's cell, as text. */
  values: z.record(z.string(), z.string().nullable()),
  errors: z.array(contactImportRowError),
  /** What the import would do with it: insert a contact, update the one found by the key; null when rejected. */
  action: z.enum(['insert', 'update']).nullable(),
});
export type ContactImportPreviewRow = z.infer<typeof contactImportPreviewRow>;

export const contactImportPreview = z.object({
  import: contactImport,
  /** The whole file checked against the mapping (without the database: a row's action is shown in `rows` only). */
  summary: z.object({
    rows: z.number().int(),
    valid: z.number().int(),
    rejected: z.number().int(),
    /** Rejected rows by their first problem. */
    reasons: z.partialRecord(z.enum(contactImportRowErrorCodes), z.number().int()),
  }),
  /** The first rows of the file. */
  rows: z.array(contactImportPreviewRow),
  /** The first rows with problems, wherever they are in the file. */
  problems: z.array(contactImportPreviewRow),
});
export type ContactImportPreview = z.infer<typeof contactImportPreview>;
