// Open an uploaded .xlsx or .csv and read it row by row, whatever its name says: the first bytes decide. The file
// is first put in a temporary file (with a size cap), so an .xlsx can be checked before it is unzipped.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { csvRows, sniffDelimiter } from './csv-reader';
import { asSpreadsheetError, spreadsheetError } from './errors';
import { defaultReadLimits, type CellValue, type RawCell, type ReadLimits, type SheetRow, type Spreadsheet } from './read-types';
import { xlsxRows, type RawRow } from './xlsx-reader';
import { checkXlsxZip } from './zip-check';

export interface OpenOptions extends Partial<ReadLimits> {
  /** The uploaded file's name, only to word errors ("named .xlsx but…"). */
  filename?: string;
}

/**
 * Open a spreadsheet from a stream (an upload), a Buffer, or a file path. Reads the header row before it
 * resolves; `rows` then yields the data rows. Every problem with the file is a 400 AppError on field `file`.
 */
export async function openSpreadsheet(input: Readable | Buffer | string, opts: OpenOptions = {}): Promise<Spreadsheet> {
  const limits = { ...defaultReadLimits, ...opts };
  const dir = await mkdtemp(join(tmpdir(), 'parley-sheet-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const path = join(dir, randomBytes(6).toString('hex'));
    await spill(input, path, limits.maxBytes);
    const format = await sniffFormat(path, opts.filename);
    let delimiter: ',' | ';' | undefined;
    let raw: AsyncGenerator<RawRow>;
    if (format === 'xlsx') {
      await checkXlsxZip(path, {
        maxEntries: limits.maxZipEntries,
        maxUncompressedBytes: limits.maxUncompressedBytes,
        maxSharedStringsBytes: limits.maxSharedStringsBytes,
        maxRatio: limits.maxCompressionRatio,
      });
      raw = xlsxRows(path, limits.maxColumns);
    } else {
      delimiter = await sniffDelimiter(path);
      raw = csvRows(path, delimiter);
    }
    const what = format === 'xlsx' ? 'an Excel workbook' : 'a CSV file';
    const headerRow = await firstNonEmpty(raw, what);
    if (!headerRow) throw spreadsheetError('The file is empty: it needs a header row and at least one row of data');
    const headers = headerNames(headerRow, limits.maxColumns);
    let closed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await raw.return(undefined).catch(() => undefined);
      await cleanup();
    };
    return { format, delimiter, headers, rows: dataRows(raw, headers, limits.maxRows, what, close), close };
  } catch (err) {
    await cleanup();
    throw asSpreadsheetError(err, 'a spreadsheet');
  }
}

async function* dataRows(raw: AsyncGenerator<RawRow>, headers: string[], maxRows: number, what: string, close: () => Promise<void>) {
  let count = 0;
  try {
    while (true) {
      let next: IteratorResult<RawRow>;
      try {
        next = await raw.next();
      } catch (err) {
        throw asSpreadsheetError(err, what);
      }
      if (next.done) return;
      const r = next.value;
      if (!r.cells.some((c) => c && c.value !== null)) continue;
      if (++count > maxRows)
        throw spreadsheetError(`The file has more than ${maxRows.toLocaleString('en')} rows of data: split it into smaller files`);
      const values: Record<string, CellValue> = {};
      const rawCells: Record<string, RawCell> = {};
      headers.forEach((h, i) => {
        const c = r.cells[i];
        values[h] = c?.value ?? null;
        rawCells[h] = c?.raw ?? { type: 'empty' };
      });
      yield { row: r.row, values, raw: rawCells } satisfies SheetRow;
    }
  } finally {
    await close();
  }
}

async function firstNonEmpty(raw: AsyncGenerator<RawRow>, what: string): Promise<RawRow | undefined> {
  try {
    for (;;) {
      const next = await raw.next();
      if (next.done) return undefined;
      if (next.value.cells.some((c) => c && c.value !== null)) return next.value;
    }
  } catch (err) {
    throw asSpreadsheetError(err, what);
  }
}

function headerNames(header: RawRow, maxColumns: number): string[] {
  const width = header.cells.length;
  if (width > maxColumns) throw spreadsheetError(`The file has ${width} columns (at most ${maxColumns})`);
  const seen = new Map<string, string>();
  const names: string[] = [];
  for (let i = 0; i < width; i++) {
    const v = header.cells[i]?.value;
    const name = v === null || v === undefined ? `Column ${columnLetter(i)}` : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
    const key = name.toLowerCase();
    const before = seen.get(key);
    if (before) throw spreadsheetError(`The header "${name}" appears twice (columns ${before} and ${columnLetter(i)}): rename one`);
    seen.set(key, columnLetter(i));
    names.push(name);
  }
  return names;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

async function spill(input: Readable | Buffer | string, path: string, maxBytes: number): Promise<void> {
  const source = typeof input === 'string' ? createReadStream(input) : Buffer.isBuffer(input) ? Readable.from([input]) : input;
  let bytes = 0;
  const cap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes)
        done(spreadsheetError(`The file is larger than ${Math.round(maxBytes / 1024 / 1024)} MB: split it into smaller files`));
      else done(null, chunk);
    },
  });
  await pipeline(source, cap, createWriteStream(path));
  if (bytes === 0) throw spreadsheetError('The file is empty');
}

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function sniffFormat(path: string, filename?: string): Promise<'xlsx' | 'csv'> {
  const file = await open(path, 'r');
  const head = Buffer.alloc(4096);
  let n: number;
  try {
    ({ bytesRead: n } = await file.read(head, 0, head.length, 0));
  } finally {
    await file.close();
  }
  const start = head.subarray(0, n);
  if (start.subarray(0, 4).equals(ZIP)) return 'xlsx';
  if (start.subarray(0, 4).equals(EMPTY_ZIP)) throw spreadsheetError('The file is an empty zip archive, not a spreadsheet');
  if (start.subarray(0, 8).equals(OLE2)) {
    throw spreadsheetError('The file is an old Excel 97–2003 workbook (.xls) or an encrypted one: save it as .xlsx without a password');
  }
  const named = filename?.toLowerCase() ?? '';
  if (named.endsWith('.xlsx') || named.endsWith('.xls'))
    throw spreadsheetError(`The file is named ${filename} but is not an Excel workbook`);
  if (start.includes(0)) throw spreadsheetError('The file is not a spreadsheet: send an .xlsx workbook or a UTF-8 .csv file');
  return 'csv';
}
