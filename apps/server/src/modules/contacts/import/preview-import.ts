// The preview: the whole file read once against the mapping (streamed: only the first rows and the first problems
// are kept), then the first rows' actions looked up in the database.
import type { ContactImportPreview, ContactImportPreviewRow } from '@parley/contracts';
import type { Db } from '../../../platform/db';
import type { Spreadsheet } from '../../../platform/excel';
import { findContacts } from './find-contacts';
import { toContactImport, type ImportRow } from './imports';
import { PREVIEW_PROBLEMS, PREVIEW_ROWS } from './limits';
import { cellsOf, checkRow, DuplicateFinder, type CheckedRow, type RowRules } from './row-rules';

type Summary = ContactImportPreview['summary'];

export interface FileCheck {
  summary: Summary;
  first: CheckedRow[];
  problems: CheckedRow[];
}

export async function checkFile(sheet: Spreadsheet, rules: RowRules, firstRows = PREVIEW_ROWS): Promise<FileCheck> {
  const duplicates = new DuplicateFinder(rules.upsertKey);
  const summary: Summary = { rows: 0, valid: 0, rejected: 0, reasons: {} };
  const first: CheckedRow[] = [];
  const problems: CheckedRow[] = [];
  for await (const r of sheet.rows) {
    const row = checkRow(rules, r);
    duplicates.check(row);
    summary.rows++;
    if (first.length < firstRows) first.push(row);
    if (row.errors.length === 0) {
      summary.valid++;
      continue;
    }
    summary.rejected++;
    const reason = row.errors[0]!.code;
    summary.reasons[reason] = (summary.reasons[reason] ?? 0) + 1;
    if (problems.length < PREVIEW_PROBLEMS) problems.push(row);
  }
  return { summary, first, problems };
}

/** The preview answer: the check, and for the first rows whether each would insert a contact or update one. */
export async function previewOf(db: Db, imp: ImportRow, check: FileCheck): Promise<ContactImportPreview> {
  const keys = check.first.filter((r) => r.errors.length === 0 && r.key !== null).map((r) => r.key!);
  const existing = await findContacts(db, imp.workspaceId, imp.upsertKey, keys);
  const view = (r: CheckedRow): ContactImportPreviewRow => {
    const cells = cellsOf(r);
    return {
      row: r.row,
      values: Object.fromEntries(imp.columns.map((c) => [c, cells[c] ?? null])),
      errors: r.errors,
      action: r.errors.length ? null : existing.has(r.key!) ? 'update' : 'insert',
    };
  };
  return {
    import: toContactImport(imp),
    summary: check.summary,
    rows: check.first.map(view),
    problems: check.problems.map((r) => ({ ...view(r), action: null })),
  };
}
