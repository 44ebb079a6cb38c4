import type { CampaignVariables } from '@parley/contracts';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import {
  cellText,
  looksScientific,
  openSpreadsheet,
  refuseTooManyRows,
  spreadsheetError,
  type CellValue,
  type RawCell,
} from '../../../platform/excel';
import type { Principal } from '../../identity';
import { templateSlots } from '../templates/variables';
import { clearAudience, insertAudience, type AudienceInsert } from './audience-rows';

/** Rows per INSERT while reading a file. */
const UPLOAD_BATCH = 500;
import { mapSampleColumns, nameColumnOf, phoneColumnOf } from './columns';
import { findTemplate, loadCampaign, lockDraft, touchDraft } from './drafts';

export interface UploadResult {
  rows: number;
  phoneColumn: string;
  nameColumn: string | null;
  columns: string[];
  /** Variables mapped from the sample file's column names. */
  variables: CampaignVariables | null;
}

/**
 * The audience from an uploaded .xlsx / .csv, replacing whatever it was. What is not a usable list is refused
 * before a row is stored: not a spreadsheet, no phone column, a zip bomb, too many rows. The rows go in with the
 * draft locked, in one transaction: a file that turns out damaged halfway leaves the old audience in place.
 */
export async function uploadAudienceFile(
  deps: Deps,
  p: Principal,
  id: string,
  file: Buffer,
  query: { fileName?: string; phoneColumn?: string },
): Promise<UploadResult> {
  const current = await loadCampaign(deps.db, p.workspaceId, id);
  if (current.status !== 'draft') throw new AppError('conflict', 'Only a draft campaign can be changed');
  if (file.length === 0) throw spreadsheetError('The file is empty');
  const maxRows = deps.config.campaigns.maxAudienceRows;
  await refuseTooManyRows(file, maxRows);
  const sheet = await openSpreadsheet(file, { filename: query.fileName, maxRows });
  try {
    const phoneColumn = phoneColumnOf(sheet.headers, query.phoneColumn);
    const nameColumn = nameColumnOf(sheet.headers, phoneColumn);
    return await withTx(deps.db, async (tx) => {
      const c = await lockDraft(tx, p.workspaceId, id);
      await clearAudience(tx, p.workspaceId, id);
      let n = 0;
      let batch: AudienceInsert[] = [];
      // The previous batch's INSERT runs while the next rows are read: reading never waits on the database (and a
      // batch's rows die before they get old, so memory stays flat). Its error, if any, is thrown at the next await.
      let inserting: Promise<unknown> = Promise.resolve(null);
      const flush = async (rows: AudienceInsert[]) => {
        const failed = await inserting;
        if (failed) throw failed;
        inserting = insertAudience(tx, p.workspaceId, id, rows).then(
          () => null,
          (err: unknown) => err ?? new Error('insert failed'),
        );
      };
      for await (const r of sheet.rows) {
        const cells: Record<string, string> = {};
        for (const h of sheet.headers) {
          const text = cellText(r.values[h] ?? null);
          if (text !== null) cells[h] = text;
        }
        const phoneValue = r.values[phoneColumn] ?? null;
        batch.push({
          rowNo: ++n,
          phone: phoneText(phoneValue, r.raw[phoneColumn]),
          name: nameColumn ? (cells[nameColumn] ?? null) : null,
          contactId: null,
          cells,
        });
        if (batch.length === UPLOAD_BATCH) {
          await flush(batch);
          batch = [];
        }
      }
      await flush(batch);
      const failed = await inserting;
      if (failed) throw failed;
      if (n === 0) throw spreadsheetError('The file has a header row but no rows of data');
      const template = c.templateId ? await findTemplate(tx, p.workspaceId, c.templateId) : undefined;
      const mapped = template ? mapSampleColumns(sheet.headers, templateSlots(template.content), c.variables ?? null) : null;
      await touchDraft(tx, p.workspaceId, id, deps.clock.now(), {
        audienceSource: 'file',
        segmentId: null,
        audienceFile: {
          fileName: query.fileName ?? `audience.${sheet.format}`,
          columns: sheet.headers,
          phoneColumn,
          ...(nameColumn ? { nameColumn } : {}),
        },
        ...(mapped ? { variables: mapped } : {}),
      });
      return { rows: n, phoneColumn, nameColumn: nameColumn ?? null, columns: sheet.headers, variables: mapped ?? c.variables ?? null };
    });
  } finally {
    await sheet.close();
  }
}

/**
 * The phone cell as text. A number Excel shows in scientific notation keeps that form ("1.5551234567E+11"), so
 * validation rejects it for what it is instead of trusting digits the sheet may already have rounded away.
 */
function phoneText(v: CellValue, raw: RawCell | undefined): string | null {
  if (v !== null && looksScientific(v, raw)) return typeof v === 'number' ? v.toExponential().toUpperCase() : String(v);
  return cellText(v);
}
