// platform/excel: spreadsheets in and out, streamed.
//
// Writing — writeXlsx(out, { name, columns, rows }) / writeCsv(out, { columns, rows }): columns are typed (text,
// number, date in a given IANA zone, boolean); rows are pulled from an (async) iterable one at a time and the
// writer waits on `out`'s backpressure, so an export of any size holds one page of rows. Text that starts like a
// formula (= + - @ tab CR LF) gets an apostrophe, except phone numbers and negative numbers; text over Excel's
// 32,767 characters is cut with "…[truncated]". XLSX: header row bold and frozen.
//
// Reading — openSpreadsheet(streamOrBufferOrPath, { filename, maxRows, maxBytes, … }) → { format, headers, rows }:
// .xlsx (first worksheet) or .csv (UTF-8, BOM or not, `,` or `;` from the header line) by their first bytes; rows
// are { row (1-based), values: Record<header, string | number | Date | boolean | null>, raw: Record<header, RawCell> }.
// Use looksScientific(value, raw) to refuse phone numbers Excel turned into "1.55E+10". A damaged, encrypted, .xls,
// oversized or zip-bomb file is a 400 AppError on field `file`, never a crash. refuseTooManyRows(buffer, max) refuses
// a huge file before parsing it; cellText(value) gives a cell as text; headerKey(header) matches headers loosely.
export { writeXlsx } from './xlsx-writer';
export { writeCsv } from './csv-writer';
export type { SheetColumn, SheetSpec, CellInput, ColumnType, WriteResult } from './sheet';
export { safeText, WallClock, isTimeZone, EXCEL_MAX_CELL_CHARS, TRUNCATION_MARKER } from './cells';
export { openSpreadsheet, columnLetter } from './read';
export type { OpenOptions } from './read';
export { looksScientific, cellText, headerKey, defaultReadLimits } from './read-types';
export { refuseTooManyRows } from './row-count';
export type { CellValue, RawCell, SheetRow, Spreadsheet, ReadLimits } from './read-types';
export { spreadsheetError } from './errors';
