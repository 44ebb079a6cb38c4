// Streaming CSV writer with the same sheet description as the XLSX one: UTF-8 with a BOM (so Excel reads the
// accents right), comma-separated, CRLF, every text field neutralised like the XLSX cells. Records are gathered into
// chunks of ~64 kB before they are written: one write per record (what csv-stringify's stream did) made 100,000
// socket writes of a download and most of its time.
import type { Writable } from 'node:stream';
import { safeText, WallClock } from './cells';
import { drained, isCalendarDate, type CellInput, type SheetColumn, type SheetSpec, type WriteResult } from './sheet';

const CHUNK_CHARS = 64 * 1024;
const BOM = '\uFEFF';
// RFC 4180: a field holding the separator, a quote or a line break is quoted, its quotes doubled.
const NEEDS_QUOTES = /[",\r\n]/;

export async function writeCsv(out: Writable, spec: Omit<SheetSpec, 'name'>): Promise<WriteResult> {
  const clocks = spec.columns.map((c) => (c.type === 'date' ? new WallClock(c.timezone ?? 'UTC') : null));
  let chunk = BOM + record(spec.columns.map((c) => safeText(c.header)));
  let rows = 0;
  for await (const values of spec.rows) {
    chunk += record(spec.columns.map((c, i) => field(c, clocks[i] ?? null, values[i])));
    rows++;
    if (chunk.length >= CHUNK_CHARS) {
      await write(out, chunk);
      chunk = '';
    }
  }
  await write(out, chunk);
  await new Promise<void>((resolve, reject) => {
    out.once('error', reject);
    out.end(resolve);
  });
  return { rows };
}

/** Write and wait while the reader is behind; a closed output (the client went away) stops the export. */
async function write(out: Writable, text: string): Promise<void> {
  if (out.destroyed) throw new Error('the output stream was closed before the file was complete');
  out.write(text);
  await drained(out);
}

const record = (fields: string[]) => fields.map((f) => (NEEDS_QUOTES.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',') + '\r\n';

function field(column: SheetColumn, clock: WallClock | null, value: CellInput): string {
  if (value === null || value === undefined) return '';
  switch (column.type) {
    case 'text':
      return safeText(String(value));
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? String(value) : '';
    case 'boolean':
      return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : '';
    case 'date':
      if (isCalendarDate(value)) return value;
      if (value instanceof Date && !Number.isNaN(value.getTime()))
        return column.dateOnly ? clock!.text(value).slice(0, 10) : clock!.text(value);
      return '';
  }
}
