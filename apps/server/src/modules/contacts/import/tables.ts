import type { ContactImportMapping, ContactImportRowError } from '@parley/contracts';
import { customType, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../../db/columns';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/**
 * One upload of a contacts file, from its mapping to the end of its job. The counters move forward in the same
 * transaction as each batch of contacts they count, so `processed` is also where a re-run of the job resumes.
 */
export const contactImports = pgTable(
  'contact_imports',
  {
    workspaceId: uuid('workspace_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    /** The staff user who uploaded it (null for an API token). */
    createdBy: uuid('created_by'),
    fileName: text('file_name').notNull(),
    format: text('format', { enum: ['xlsx', 'csv'] }).notNull(),
    fileBytes: integer('file_bytes').notNull(),
    columns: jsonb('columns').$type<string[]>().notNull(),
    mapping: jsonb('mapping').$type<ContactImportMapping>().notNull(),
    upsertKey: text('upsert_key', { enum: ['phone', 'email'] }).notNull(),
    sourceLabel: text('source_label').notNull(),
    status: text('status', { enum: ['draft', 'queued', 'running', 'done', 'failed', 'cancelled'] }).notNull(),
    totalRows: integer('total_rows').notNull(),
    processed: integer('processed').notNull().default(0),
    inserted: integer('inserted').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    error: text('error'),
    createdAt: timestamptz('created_at').notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
  },
  // The hourly sweep reads the whole (small) table: imports are a few per workspace and day.
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

/**
 * The uploaded file, in PostgreSQL like media (every node reads it: the job may run on another node than the upload),
 * in pieces so neither the upload nor the job holds a 50 MB value at once. Deleted when the import ends.
 */
export const contactImportChunks = pgTable(
  'contact_import_chunks',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    seq: integer('seq').notNull(),
    bytes: bytea('bytes').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.seq] })],
);

/** A row the job rejected: its cells as text and why, for the rejected-rows file. */
export const contactImportRejects = pgTable(
  'contact_import_rejects',
  {
    workspaceId: uuid('workspace_id').notNull(),
    importId: uuid('import_id').notNull(),
    rowNo: integer('row_no').notNull(),
    cells: jsonb('cells').$type<Record<string, string>>().notNull(),
    errors: jsonb('errors').$type<ContactImportRowError[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.importId, t.rowNo] })],
);
