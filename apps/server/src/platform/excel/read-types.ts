/** A cell as a caller sees it: text (trimmed, never empty), a number, a date, a boolean, or null when empty. */
export type CellValue = string | number | Date | boolean | null;

/**
 * What the cell was in the file, so callers can refuse what a value alone hides: a phone typed into Excel becomes a
 * number (and, past 11 digits, is shown and often saved as "1.55E+10": the digits are gone). See looksScientific.
 */
export interface RawCell {
  type: 'empty' | 'string' | 'number' | 'date' | 'boolean' | 'formula' | 'error';
  /** xlsx: the cell's number format ("General", "0.00E+00", "yyyy-mm-dd"…). */
  numFmt?: string;
}

export interface SheetRow {
  /** 1-based, as the spreadsheet shows it (the header is row 1 when it is the first line). */
  row: number;
  values: Record<string, CellValue>;
  raw: Record<string, RawCell>;
}

export interface Spreadsheet {
  format: 'xlsx' | 'csv';
  /** csv only: the separator found on the header line. */
  delimiter?: ',' | ';';
  /** The header row's names, in column order (an empty header is named after its column: "Column C"). */
  headers: string[];
  /** The data rows after the header; empty rows are skipped. Throws a 400 AppError on a damaged or oversized file. */
  rows: AsyncIterable<SheetRow>;
  /** Release the file (also done when `rows` is read to its end or its loop is left). */
  close(): Promise<void>;
}

export interface ReadLimits {
  /** Size of the file itself. */
  maxBytes: number;
  /** Data rows after the header. */
  maxRows: number;
  maxColumns: number;
  /** xlsx: parts in the zip, their total uncompressed size, the shared-strings table, the compression ratio. */
  maxZipEntries: number;
  maxUncompressedBytes: number;
  maxSharedStringsBytes: number;
  maxCompressionRatio: number;
}

export const defaultReadLimits: ReadLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 100_000,
  maxColumns: 200,
  maxZipEntries: 1_000,
  maxUncompressedBytes: 1_000_000_000,
  maxSharedStringsBytes: 100_000_000,
  maxCompressionRatio: 200,
};

const SCIENTIFIC_TEXT = /^[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+$/;

/**
 * Whether a cell holds a number in scientific notation ("1.55E+10"), typically a phone number Excel has mangled:
 * a text cell written that way, a number formatted with an exponent, or a "General" number of 12 or more digits
 * (which Excel shows, and saves to CSV, in scientific notation).
 */
export function looksScientific(value: CellValue, raw: RawCell | undefined): boolean {
  if (typeof value === 'string') return SCIENTIFIC_TEXT.test(value.trim());
  if (typeof value !== 'number' || !raw) return false;
  const fmt = raw.numFmt ?? 'General';
  return /E[+-]/i.test(fmt) || (/^general$/i.test(fmt) && Math.abs(value) >= 1e11);
}

/**
 * A cell as plain text: dates as "YYYY-MM-DD" (or "YYYY-MM-DD hh:mm" with a time of day), whole numbers with all
 * their digits (never "1.55E+10"), booleans as TRUE / FALSE.
 */
export function cellText(v: CellValue): string | null {
  if (v === null) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 16).replace('T', ' ');
  }
  return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
}

/** A header as people mean it, to match it against known names: "E-mail", "e mail" and "EMAIL" are all "email". */
export function headerKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
