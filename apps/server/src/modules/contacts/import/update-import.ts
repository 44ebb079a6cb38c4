// The user's mapping, key and source label, checked (400s name the field) and saved, with a fresh preview: the
// whole stored file is read again against them.
import type { ContactImportPreview, UpdateContactImportRequest } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { openSpreadsheet } from '../../../platform/excel';
import type { Principal } from '../../identity';
import { loadImport, whereImport } from './imports';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, PREVIEW_ROWS } from './limits';
import { checkFile, previewOf } from './preview-import';
import { rulesFor } from './rules-context';
import { readFile } from './stored-file';
import { contactImports } from './tables';

export const notDraft = (status: string) =>
  new AppError('conflict', `The import is ${status}: only an import not yet started can be changed`);

export async function updateImport(deps: Deps, p: Principal, id: string, body: UpdateContactImportRequest): Promise<ContactImportPreview> {
  const imp = await loadImport(deps.db, p.workspaceId, id);
  if (imp.status !== 'draft') throw notDraft(imp.status);
  // A new mapping replaces the old one whole: columns it leaves out are not imported.
  const mapping = body.mapping ? { ...Object.fromEntries(imp.columns.map((c) => [c, null])), ...body.mapping } : imp.mapping;
  const upsertKey = body.upsertKey ?? imp.upsertKey;
  const rules = await rulesFor(deps, { ...imp, mapping, upsertKey });
  const sheet = await openSpreadsheet(readFile(deps.db, p.workspaceId, id), {
    filename: imp.fileName,
    maxRows: IMPORT_MAX_ROWS,
    maxBytes: IMPORT_MAX_BYTES,
  });
  let check;
  try {
    check = await checkFile(sheet, rules, body.previewRows ?? PREVIEW_ROWS);
  } finally {
    await sheet.close();
  }
  const [saved] = await deps.db
    .update(contactImports)
    .set({ mapping, upsertKey, sourceLabel: body.sourceLabel ?? imp.sourceLabel, updatedAt: deps.clock.now() })
    .where(and(whereImport(p.workspaceId, id), eq(contactImports.status, 'draft')))
    .returning();
  // Started (or cancelled) by someone else while the file was read.
  if (!saved) throw notDraft((await loadImport(deps.db, p.workspaceId, id)).status);
  return previewOf(deps.db, saved, check);
}
