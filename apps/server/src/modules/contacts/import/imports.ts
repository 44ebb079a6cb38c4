// Reading and showing contact imports.
import type { ContactImport } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../platform/db';
import { notFound } from '../../../platform/errors';
import { contactImports } from './tables';

export type ImportRow = typeof contactImports.$inferSelect;

const byId = (workspaceId: string, id: string) => and(eq(contactImports.workspaceId, workspaceId), eq(contactImports.id, id));

export async function loadImport(db: Db, workspaceId: string, id: string, opts: { lock?: boolean } = {}): Promise<ImportRow> {
  const query = db.select().from(contactImports).where(byId(workspaceId, id));
  const [row] = opts.lock ? await query.for('update') : await query;
  if (!row) throw notFound('Import');
  return row;
}

export const whereImport = byId;

export function toContactImport(r: ImportRow): ContactImport {
  return {
    id: r.id,
    fileName: r.fileName,
    format: r.format,
    columns: r.columns,
    mapping: r.mapping,
    upsertKey: r.upsertKey,
    sourceLabel: r.sourceLabel,
    status: r.status,
    progress: { total: r.totalRows, processed: r.processed, inserted: r.inserted, updated: r.updated, rejected: r.rejected },
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
}

/** The realtime event of an import's counts. */
export const progressEvent = (r: ImportRow) =>
  ({
    name: 'contacts.import.progress',
    data: {
      importId: r.id,
      status: r.status,
      total: r.totalRows,
      processed: r.processed,
      inserted: r.inserted,
      updated: r.updated,
      rejected: r.rejected,
    },
  }) as const;
