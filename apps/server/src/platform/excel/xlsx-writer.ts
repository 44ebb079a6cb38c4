// Streaming XLSX writer: rows go out as they come, so a million-row export holds a page of rows, not the sheet.
// exceljs's streaming WorkbookWriter only (ARCHITECTURE §5: its in-memory Workbook took 1.6 GB for 100k rows).
import ExcelJS from 'exceljs';
import type { EventEmitter } from 'node:events';
import type { Writable } from 'node:stream';
import { safeText, WallClock } from './cells';
import {
  drained,
  firstEvent,
  isCalendarDate,
  sheetName,
  type CellInput,
  type SheetColumn,
  type SheetSpec,
  type WriteResult,
} from './sheet';

const DEFAULT_WIDTH: Record<SheetColumn['type'], number> = { text: 24, number: 12, date: 18, boolean: 10 };
const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';
const DATE_FORMAT = 'yyyy-mm-dd';
// Check the output's backpressure every this many rows (each row is small; checking each one costs more).
const DRAIN_EVERY = 200;

/**
 * Write one sheet as an .xlsx file to `out` (a file, a PassThrough sent as an HTTP reply…), header row bold and
 * frozen. Text is neutralised (no formula ever runs) and cut at Excel's cell limit; dates are shown in the column's
 * time zone. `out` is ended when the file is complete. If `out` is destroyed midway (the client went away), the
 * promise rejects and nothing more is read from `rows`.
 */
export async function writeXlsx(out: Writable, spec: SheetSpec): Promise<WriteResult> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Parley';
  const sheet = workbook.addWorksheet(sheetName(spec.name), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = spec.columns.map((c, i) => ({ key: `c${i}`, width: c.width ?? DEFAULT_WIDTH[c.type] }));
  // One style object per column, shared by all its cells: exceljs caches a style's id by object identity, and a
  // fresh object per cell (what column styles give) costs it an XML rendering per cell, most of an export's time.
  const plain = {};
  const styles = spec.columns.map((c) => (c.type === 'date' ? { numFmt: c.dateOnly ? DATE_FORMAT : DATE_TIME_FORMAT } : plain));
  const bold = { font: { bold: true } };
  const header = sheet.addRow(spec.columns.map((c) => safeText(c.header)));
  styled(header).style = plain;
  header.eachCell((cell) => (cell.style = bold));
  header.commit();

  const clocks = spec.columns.map((c) => (c.type === 'date' ? new WallClock(c.timezone ?? 'UTC') : null));
  let rows = 0;
  for await (const values of spec.rows) {
    const row = sheet.addRow(spec.columns.map((c, i) => cell(c, clocks[i] ?? null, values[i])));
    // Rows too: each new row brings a fresh style object of its own.
    styled(row).style = plain;
    row.eachCell((cell, col) => (cell.style = styles[col - 1]!));
    row.commit();
    rows++;
    if (rows % DRAIN_EVERY === 0) {
      await zipCaughtUp(sheet, out);
      await drained(out);
    }
  }
  sheet.commit();
  await workbook.commit();
  return { rows };
}

interface LegacyWritable extends EventEmitter {
  _writableState?: { needDrain?: boolean };
}

/**
 * exceljs writes the sheet's XML into the zip without waiting for it: its StreamBuf ignores the backpressure of
 * the zip entry it pipes into, so when deflate is slower than the rows come, the XML piles up in memory (about
 * 1 MB per 1,000 rows). We wait here until that entry has taken what it was given. It reads exceljs 4.4.0
 * internals (the worksheet's `stream.pipes`, a readable-stream PassThrough): if they are not there, it does not wait.
 */
async function zipCaughtUp(sheet: ExcelJS.Worksheet, out: Writable): Promise<void> {
  const pipe = (sheet as unknown as { stream?: { pipes?: LegacyWritable[] } }).stream?.pipes?.[0];
  if (!pipe?._writableState?.needDrain || typeof pipe.once !== 'function') return;
  await firstEvent([pipe, 'drain'], [pipe, 'error'], [out, 'close']);
}

/** exceljs rows have a style at run time; its typings leave it out. */
const styled = (row: ExcelJS.Row) => row as unknown as { style: object };

function cell(column: SheetColumn, clock: WallClock | null, value: CellInput): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  switch (column.type) {
    case 'text':
      return safeText(String(value));
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date':
      if (isCalendarDate(value)) return new Date(`${value}T00:00:00Z`);
      if (value instanceof Date && !Number.isNaN(value.getTime())) return clock!.local(value);
      return null;
  }
}
