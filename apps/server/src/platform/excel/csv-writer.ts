// Streaming CSV writer with the same sheet description as the XLSX one: UTF-8 with a BOM (so Excel reads the
// accents right), comma-separated, CRLF, every text field neutralised like the XLSX cells.
import { stringify } from 'csv-stringify';
import type { Writable } from 'node:stream';
import { safeText, WallClock } from './cells';
import { drained, isCalendarDate, type CellInput, type SheetColumn, type SheetSpec, type WriteResult } from './sheet';

const DRAIN_EVERY = 200;

export async function writeCsv(out: Writable, spec: Omit<SheetSpec, 'name'>): Promise<WriteResult> {
  const csv = stringify({ bom: true, record_delimiter: 'windows' });
  csv.pipe(out);
  const finished = new Promise<void>((resolve, reject) => {
    out.once('finish', resolve);
    out.once('error', reject);
    csv.once('error', reject);
  });
  const clocks = spec.columns.map((c) => (c.type === 'date' ? new WallClock(c.timezone ?? 'UTC') : null));
  csv.write(spec.columns.map((c) => safeText(c.header)));
  let rows = 0;
  for await (const values of spec.rows) {
    csv.write(spec.columns.map((c, i) => field(c, clocks[i] ?? null, values[i])));
    rows++;
    if (rows % DRAIN_EVERY === 0) {
      await drained(csv);
      await drained(out);
    }
  }
  csv.end();
  await finished;
  return { rows };
}

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
