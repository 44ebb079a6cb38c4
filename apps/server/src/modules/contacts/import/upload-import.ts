// A contacts file arrives: refused at once if it is not a sane spreadsheet (zip bomb, too many rows, encrypted…),
// else stored with a suggested mapping, and checked whole against that mapping for the first preview.
import type { ContactImportPreview } from '@parley/contracts';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { openSpreadsheet, refuseTooManyRows, spreadsheetError } from '../../../platform/excel';
import type { Principal } from '../../identity';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './limits';
import { checkFile, previewOf } from './preview-import';
import { defaultCountry, loadDefinitions } from './rules-context';
import { compileRules } from './row-rules';
import { storeFile } from './stored-file';
import { suggestMapping } from './suggest-mapping';
import { contactImports } from './tables';

const MAX_HEADER_CHARS = 200;

export async function uploadImport(deps: Deps, p: Principal, file: Buffer, query: { fileName?: string }): Promise<ContactImportPreview> {
  if (file.length === 0) throw spreadsheetError('The file is empty');
  // A sheet of a million rows is refused by counting, before parsing a single row.
  await refuseTooManyRows(file, IMPORT_MAX_ROWS);
  const sheet = await openSpreadsheet(file, { filename: query.fileName, maxRows: IMPORT_MAX_ROWS, maxBytes: IMPORT_MAX_BYTES });
  try {
    const long = sheet.headers.find((h) => h.length > MAX_HEADER_CHARS);
    if (long !== undefined)
      throw spreadsheetError(
        `A header is longer than ${MAX_HEADER_CHARS} characters ("${long.slice(0, 40)}…"): is the first row the header?`,
      );
    const definitions = await loadDefinitions(deps, p.workspaceId);
    const mapping = suggestMapping(sheet.headers, definitions);
    const targets = new Set(Object.values(mapping));
    const upsertKey = targets.has('phone') || !targets.has('email') ? 'phone' : 'email';
    const rules = compileRules({ mapping, upsertKey, columns: sheet.headers, country: defaultCountry(deps) }, definitions, false);
    const check = await checkFile(sheet, rules);
    if (check.summary.rows === 0) throw spreadsheetError('The file has a header row but no rows of data');
    const now = deps.clock.now();
    const fileName = query.fileName ?? `contacts.${sheet.format}`;
    const imp = await withTx(deps.db, async (tx) => {
      const [row] = await tx
        .insert(contactImports)
        .values({
          workspaceId: p.workspaceId,
          createdBy: p.kind === 'user' ? p.userId : null,
          fileName,
          format: sheet.format,
          fileBytes: file.length,
          columns: sheet.headers,
          mapping,
          upsertKey,
          sourceLabel: labelOf(fileName),
          status: 'draft',
          totalRows: check.summary.rows,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await storeFile(tx, p.workspaceId, row!.id, file);
      return row!;
    });
    return await previewOf(deps.db, imp, check);
  } finally {
    await sheet.close();
  }
}

/** The default source label: the file's name without its extension ("fair-2026.xlsx" → import:fair-2026). */
function labelOf(fileName: string): string {
  const base = fileName
    .replace(/\.[^.]*$/, '')
    .replace(/\p{Cc}/gu, '')
    .trim();
  return (base || 'file').slice(0, 60).trim();
}
