// The first worksheet of an .xlsx, row by row, with exceljs's streaming reader (styles cached so date cells come
// out as dates and number formats are known). Formulas are never evaluated: their saved result is read.
import ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import type { CellValue, RawCell } from './read-types';

export interface RawRow {
  row: number;
  cells: Array<{ value: CellValue; raw: RawCell } | undefined>;
}

export async function* xlsxRows(path: string, maxColumns: number): AsyncGenerator<RawRow> {
  const input = createReadStream(path);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const cells: RawRow['cells'] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          // Past the limit, the caller reports the header's width; data cells further right are ignored.
          if (col <= maxColumns + 1) cells[col - 1] = convert(cell);
        });
        yield { row: row.number, cells };
      }
      return; // the first worksheet only
    }
  } finally {
    input.destroy();
  }
}

function convert(cell: ExcelJS.Cell): { value: CellValue; raw: RawCell } {
  const numFmt = typeof cell.numFmt === 'string' ? cell.numFmt : undefined;
  const v = cell.value as unknown;
  if (v === null || v === undefined) return { value: null, raw: { type: 'empty' } };
  if (typeof v === 'string') return text(v, 'string');
  if (typeof v === 'number')
    return Number.isFinite(v) ? { value: v, raw: { type: 'number', numFmt } } : { value: null, raw: { type: 'error' } };
  if (typeof v === 'boolean') return { value: v, raw: { type: 'boolean' } };
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? { value: null, raw: { type: 'error' } } : { value: v, raw: { type: 'date', numFmt } };
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText))
      return text(o.richText.map((r: { text?: unknown }) => (typeof r.text === 'string' ? r.text : '')).join(''), 'string');
    if ('formula' in o || 'sharedFormula' in o) {
      const r = o.result;
      const value =
        typeof r === 'string' ? r.trim() || null : typeof r === 'number' && Number.isFinite(r) ? r : typeof r === 'boolean' ? r : null;
      return { value, raw: { type: 'formula', numFmt } };
    }
    if ('error' in o) return { value: null, raw: { type: 'error' } };
    if (typeof o.text === 'string') return text(o.text, 'string');
  }
  return { value: null, raw: { type: 'empty' } };
}

function text(s: string, type: RawCell['type']): { value: CellValue; raw: RawCell } {
  const t = s.trim();
  return t === '' ? { value: null, raw: { type: 'empty' } } : { value: t, raw: { type } };
}
