// The rejected rows as a file to fix and upload again: the file's own columns, as text, then `error` with every
// reason. Written by platform/excel, so a cell that starts like a formula is neutralised.
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Writable } from 'node:stream';
import type { Db } from '../../../platform/db';
import { writeCsv, writeXlsx, type CellInput, type SheetColumn } from '../../../platform/excel';
import { loadImport } from './imports';
import { contactImportRejects } from './tables';

const PAGE = 1000;

export interface PreparedRejects {
  fileName: string;
  write(out: Writable): Promise<unknown>;
}

export async function prepareRejectedFile(db: Db, workspaceId: string, id: string, format: 'xlsx' | 'csv'): Promise<PreparedRejects> {
  const imp = await loadImport(db, workspaceId, id);
  const header = (c: string) => (c.toLowerCase() === 'error' ? `${c} (file)` : c);
  const columns: SheetColumn[] = [
    ...imp.columns.map((c) => ({ header: header(c), type: 'text' as const })),
    { header: 'error', type: 'text', width: 60 },
  ];
  async function* rows(): AsyncGenerator<CellInput[]> {
    let after = 0;
    for (;;) {
      const page = await db
        .select()
        .from(contactImportRejects)
        .where(
          and(
            eq(contactImportRejects.workspaceId, workspaceId),
            eq(contactImportRejects.importId, id),
            gt(contactImportRejects.rowNo, after),
          ),
        )
        .orderBy(asc(contactImportRejects.rowNo))
        .limit(PAGE);
      for (const r of page) {
        const error = r.errors.map((e) => (e.column ? `${e.column}: ${e.message}` : `Row: ${e.message}`)).join('; ');
        yield [...imp.columns.map((c) => r.cells[c] ?? null), error];
      }
      if (page.length < PAGE) return;
      after = page.at(-1)!.rowNo;
    }
  }
  const base = imp.fileName.replace(/\.[^.]*$/, '') || 'contacts';
  return {
    fileName: `${base}-rejected.${format}`,
    write: (out) =>
      format === 'xlsx' ? writeXlsx(out, { name: 'Rejected', columns, rows: rows() }) : writeCsv(out, { columns, rows: rows() }),
  };
}
