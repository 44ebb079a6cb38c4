import type { CampaignVariables } from '@parley/contracts';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { looksScientific, openSpreadsheet, spreadsheetError, type CellValue, type RawCell } from '../../../platform/excel';
import type { Principal } from '../../identity';
import { templateSlots } from '../templates/variables';
import { clearAudience, INSERT_BATCH, insertAudience, type AudienceInsert } from './audience-rows';
import { mapSampleColumns, nameColumnOf, phoneColumnOf } from './columns';
import { findTemplate, loadCampaign, lockDraft, touchDraft } from './drafts';
import { refuseTooManyRows } from './row-precheck';

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
        if (batch.length === INSERT_BATCH) {
          await insertAudience(tx, p.workspaceId, id, batch);
          batch = [];
        }
      }
      await insertAudience(tx, p.workspaceId, id, batch);
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

/** A cell as the text a template variable would carry. */
function cellText(v: CellValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
}

/**
 * The phone cell as text. A number Excel shows in scientific notation keeps that form ("1.5551234567E+11"), so
 * validation rejects it for what it is instead of trusting digits the sheet may already have rounded away.
 */
function phoneText(v: CellValue, raw: RawCell | undefined): string | null {
  if (v !== null && looksScientific(v, raw)) return typeof v === 'number' ? v.toExponential().toUpperCase() : String(v);
  return cellText(v);
}
