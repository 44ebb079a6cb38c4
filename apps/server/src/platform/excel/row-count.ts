// A file with more rows than allowed is refused before it is parsed: counting is fast (a CSV's line breaks outside
// quotes; an .xlsx sheet's <row> elements, inflated with zlib alone), parsing 100,000 rows is not. The count is an
// upper bound (a row of empty cells counts), so an honest file is only refused when it is clearly over the limit.
// The zip's own checks (declared sizes, compression ratio) stay with openSpreadsheet: an entry that looks like a
// bomb is never inflated here, it is left for openSpreadsheet to refuse. Used by the campaign audience upload and
// the contact import.
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { spreadsheetError } from './errors';

const ZIP = 0x04034b50;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

/** A 400 on field `file` when the file clearly holds more than `maxRows` rows of data (after its header). */
export async function refuseTooManyRows(file: Buffer, maxRows: number): Promise<void> {
  const rows = file.length >= 4 && file.readUInt32LE(0) === ZIP ? await xlsxRowCount(file, maxRows + 1) : csvLineCount(file);
  // Rows counted include the header.
  if (rows !== null && rows - 1 > maxRows) {
    throw spreadsheetError(`The file has more than ${maxRows.toLocaleString('en')} rows of data: split it into smaller files`);
  }
}

/** Lines with content outside quoted fields (a quoted field may hold line breaks). */
function csvLineCount(file: Buffer): number {
  let lines = 0;
  let quoted = false;
  let content = false;
  for (let i = 0; i < file.length; i++) {
    const b = file[i]!;
    if (b === 0x22) quoted = !quoted;
    if (b === 0x0a && !quoted) {
      if (content) lines++;
      content = false;
    } else if (b !== 0x0d && b !== 0x20 && b !== 0x2c && b !== 0x3b && b !== 0x0a) content = true;
  }
  return content ? lines + 1 : lines;
}

/** `<row` elements of the first worksheet, counted up to `stopAt`; null when the sheet cannot be read cheaply. */
async function xlsxRowCount(file: Buffer, stopAt: number): Promise<number | null> {
  const entry = worksheetEntry(file);
  if (!entry) return null;
  // Declared like a bomb, or too big to count quickly: openSpreadsheet's checks decide.
  if (entry.uncompressed > 1_000_000 && entry.uncompressed > entry.compressed * 200) return null;
  if (entry.method !== 8 && entry.method !== 0) return null;
  const start = entry.localOffset + 30 + file.readUInt16LE(entry.localOffset + 26) + file.readUInt16LE(entry.localOffset + 28);
  const data = file.subarray(start, start + entry.compressed);
  if (entry.method === 0) return countRows([data]);
  if (entry.uncompressed < 4_000_000) {
    try {
      return countRows([inflateRawSync(data, { maxOutputLength: entry.uncompressed + 1 })]);
    } catch {
      return null;
    }
  }
  let count = 0;
  let carry = '';
  let produced = 0;
  const inflate = Readable.from([data]).pipe(createInflateRaw());
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      produced += chunk.length;
      if (produced > entry.uncompressed) return null;
      const text = carry + chunk.toString('latin1');
      // A match needs 5 characters: one starting in the last 4 is counted with the next chunk, never twice.
      count += occurrences(text);
      carry = text.slice(-4);
      if (count >= stopAt) return count;
    }
    return count;
  } catch {
    return null;
  } finally {
    inflate.destroy();
  }
}

const countRows = (chunks: Buffer[]) => chunks.reduce((n, c) => n + occurrences(c.toString('latin1')), 0);

function occurrences(text: string): number {
  let n = 0;
  for (let i = text.indexOf('<row'); i >= 0; i = text.indexOf('<row', i + 4)) {
    const next = text[i + 4];
    if (next === ' ' || next === '>' || next === '/') n++;
  }
  return n;
}

interface Entry {
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

/** The central directory's entry for the first worksheet (xl/worksheets/sheet1.xml, else the first one listed). */
function worksheetEntry(file: Buffer): Entry | null {
  const tailStart = Math.max(0, file.length - 22 - 0xffff);
  let at = -1;
  for (let i = file.length - 22; i >= tailStart; i--) {
    if (file.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  const count = file.readUInt16LE(at + 10);
  let p = file.readUInt32LE(at + 16);
  let first: Entry | null = null;
  for (let n = 0; n < count && p + 46 <= file.length; n++) {
    if (file.readUInt32LE(p) !== CENTRAL) return null;
    const nameLength = file.readUInt16LE(p + 28);
    const name = file.toString('utf8', p + 46, p + 46 + nameLength);
    const entry = {
      method: file.readUInt16LE(p + 10),
      compressed: file.readUInt32LE(p + 20),
      uncompressed: file.readUInt32LE(p + 24),
      localOffset: file.readUInt32LE(p + 42),
    };
    if (entry.localOffset + 30 > file.length || entry.localOffset + entry.compressed > file.length) return null;
    if (name === 'xl/worksheets/sheet1.xml') return entry;
    if (!first && /^xl\/worksheets\/[^/]+\.xml$/.test(name)) first = entry;
    p += 46 + nameLength + file.readUInt16LE(p + 30) + file.readUInt16LE(p + 32);
  }
  return first;
}
