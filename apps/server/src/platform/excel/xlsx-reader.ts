// The first worksheet of an .xlsx, row by row, read straight from the zip (checked by checkXlsxZip first): each
// part is inflated from its offset and scanned as it streams (xml-scan.ts). Only the shared-strings table is held
// whole (its size is capped by the zip check); a row is gone once it is read. exceljs's streaming reader did the same
// job with an object per cell and per XML event, and copied the sheet to a temporary file whenever the strings came
// after it (as Excel writes them): for 100,000 rows that was most of an upload's time and memory. Styles are read
// for their number formats, so date cells come out as dates and the format of number cells is known. Formulas are
// never evaluated: their saved result is read.
import { StringDecoder } from 'node:string_decoder';
import { EXCEL_MAX_CELL_CHARS } from './cells';
import { spreadsheetError } from './errors';
import type { CellValue, RawCell } from './read-types';
import { attribute, decodeXml, XmlScanner, type XmlHandlers } from './xml-scan';
import { openEntry, readCentralDirectory, type ZipEntry } from './zip-check';

export interface RawRow {
  row: number;
  cells: Array<{ value: CellValue; raw: RawCell } | undefined>;
}

type Cell = { value: CellValue; raw: RawCell };

export async function* xlsxRows(path: string, maxColumns: number): AsyncGenerator<RawRow> {
  const entries = new Map((await readCentralDirectory(path, Number.MAX_SAFE_INTEGER)).map((e) => [e.name, e]));
  const book = await workbookOf(path, entries);
  const sheet = entries.get(book.sheetPath) ?? [...entries.values()].find((e) => /^xl\/worksheets\/[^/]+\.xml$/.test(e.name));
  if (!sheet) return;
  const strings = entries.has('xl/sharedStrings.xml') ? await sharedStrings(path, entries.get('xl/sharedStrings.xml')!) : [];
  const formats = entries.has('xl/styles.xml') ? numberFormats(await partText(path, entries.get('xl/styles.xml')!)) : [];
  const reader = new SheetReader(maxColumns, strings, formats, book.date1904);
  for await (const rows of scan(path, sheet, reader)) yield* rows;
}

/** Feed a part to a handler, chunk by chunk; after each chunk, what the handler finished is yielded. */
async function* scan<T>(path: string, e: ZipEntry, h: XmlHandlers & { take(): T[] }): AsyncGenerator<T[]> {
  const body = await openEntry(path, e);
  if (!body) return;
  const scanner = new XmlScanner(h);
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      scanner.write(decoder.write(chunk));
      yield h.take();
    }
    scanner.write(decoder.end());
    yield h.take();
  } finally {
    body.destroy();
  }
}

async function partText(path: string, e: ZipEntry): Promise<string> {
  const body = await openEntry(path, e);
  if (!body) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** The workbook's first sheet (its first tab) and its date system. */
async function workbookOf(path: string, entries: Map<string, ZipEntry>): Promise<{ sheetPath: string; date1904: boolean }> {
  const xml = entries.has('xl/workbook.xml') ? await partText(path, entries.get('xl/workbook.xml')!) : '';
  const rels = entries.has('xl/_rels/workbook.xml.rels') ? await partText(path, entries.get('xl/_rels/workbook.xml.rels')!) : '';
  const pr = /<(?:\w+:)?workbookPr\b([^>]*)>/.exec(xml)?.[1] ?? '';
  const date1904 = ['1', 'true'].includes(attribute(pr, 'date1904') ?? '');
  const first = /<(?:\w+:)?sheet\b([^>]*)>/.exec(xml)?.[1] ?? '';
  const id = attribute(first, 'id');
  const rel = [...rels.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)].map((m) => m[1]!).find((r) => attribute(r, 'Id') === id);
  const target = rel ? attribute(rel, 'Target') : undefined;
  const sheetPath = !target ? '' : target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`;
  return { sheetPath, date1904 };
}

/** xl/sharedStrings.xml: each `<si>`'s text (rich-text runs joined, phonetic guides left out). */
async function sharedStrings(path: string, e: ZipEntry): Promise<string[]> {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  const h = {
    open(name: string, _tag: string, selfClosing: boolean) {
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic += selfClosing ? 0 : 1;
      else if (name === 't' && current && !phonetic && !selfClosing) inText = true;
      if (name === 'si' && selfClosing) close('si');
    },
    close,
    text(raw: string) {
      if (inText) current!.push(raw);
    },
    take: () => [],
  };
  function close(name: string) {
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si' && current) {
      strings.push(decodeXml(current.join('')));
      current = null;
    }
  }
  for await (const nothing of scan(path, e, h)) void nothing;
  return strings;
}

// Excel's built-in number formats (the ones a cell can name by id without defining), as exceljs names them.
const BUILT_IN: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?',
  13: '# ??/??', 14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM',
  20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy "h":mm', 37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)',
  39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0',
  48: '##0.0E+0', 49: '@',
}; // prettier-ignore

/** The number format of each cell style (`<cellXfs>`), by the style's index; undefined for General. */
function numberFormats(xml: string): Array<string | undefined> {
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const id = Number(attribute(m[1]!, 'numFmtId'));
    const code = attribute(m[1]!, 'formatCode');
    if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)].map((m) => {
    const id = Number(attribute(m[1]!, 'numFmtId') ?? 0);
    return id ? (custom.get(id) ?? BUILT_IN[id]) : undefined;
  });
}

/** A format shows a date when it has date or time letters outside quotes and brackets (exceljs's own test). */
const isDateFormat = (fmt: string | undefined) => !!fmt && /[ymdhMsb]/.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** Excel's day number as an instant (its 1900 system, or 1904), to the millisecond. */
const excelDate = (days: number, date1904: boolean) => new Date(Math.round((days - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));

/** The sheet's `<row>`s as RawRows: cells by their column letters, the rest of the XML ignored. */
class SheetReader implements XmlHandlers {
  private done: RawRow[] = [];
  private row: RawRow | null = null;
  private lastRow = 0;
  private lastCol = 0;
  private cell: {
    col: number;
    ref: string;
    style: number;
    type: string;
    v: string[] | null;
    formula: boolean;
    inline: string[] | null;
  } | null = null;
  private into: string[] | null = null;
  private phonetic = 0;

  constructor(
    private readonly maxColumns: number,
    private readonly strings: string[],
    private readonly formats: Array<string | undefined>,
    private readonly date1904: boolean,
  ) {}

  take(): RawRow[] {
    const rows = this.done;
    this.done = [];
    return rows;
  }

  open(name: string, tag: string, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        this.lastRow = Number(attribute(tag, 'r')) || this.lastRow + 1;
        this.lastCol = 0;
        this.row = { row: this.lastRow, cells: [] };
        if (selfClosing) this.close('row');
        return;
      }
      case 'c': {
        if (!this.row) return;
        const ref = attribute(tag, 'r');
        const col = (ref && columnIndex(ref)) || this.lastCol + 1;
        this.lastCol = col;
        this.cell = {
          col,
          ref: ref ?? `R${this.lastRow}C${col}`,
          style: Number(attribute(tag, 's') ?? 0),
          type: attribute(tag, 't') ?? 'n',
          v: null,
          formula: false,
          inline: null,
        };
        if (selfClosing) this.close('c');
        return;
      }
      case 'v':
        if (this.cell) this.into = this.cell.v = [];
        if (selfClosing) this.into = null;
        return;
      case 'f':
        if (this.cell) this.cell.formula = true;
        return;
      case 'is':
        if (this.cell) this.cell.inline = [];
        return;
      case 'rPh':
        if (!selfClosing) this.phonetic++;
        return;
      case 't':
        if (this.cell?.inline && !this.phonetic && !selfClosing) this.into = this.cell.inline;
        return;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.into = null;
        return;
      case 'rPh':
        this.phonetic--;
        return;
      case 'c': {
        const c = this.cell;
        this.cell = null;
        // Past the limit, the caller reports the header's width; data cells further right are ignored.
        if (c && this.row && c.col <= this.maxColumns + 1) this.row.cells[c.col - 1] = this.value(c);
        return;
      }
      case 'row':
        if (this.row) this.done.push(this.row);
        this.row = null;
        return;
    }
  }

  text(raw: string): void {
    this.into?.push(raw);
  }

  private value(c: NonNullable<SheetReader['cell']>): Cell {
    const numFmt = this.formats[c.style];
    const v = c.v === null ? null : decodeXml(c.v.join(''));
    if (c.formula) {
      const value =
        v === null || c.type === 'e' ? null : c.type === 'str' ? v.trim() || null : c.type === 'b' ? v !== '0' : finite(parseFloat(v));
      return { value, raw: { type: 'formula', numFmt } };
    }
    switch (c.type) {
      case 's': {
        const s = v === null ? undefined : this.strings[parseInt(v, 10)];
        return s === undefined ? EMPTY : text(s, c.ref);
      }
      case 'inlineStr':
        return c.inline ? text(decodeXml(c.inline.join('')), c.ref) : v === null ? EMPTY : text(v, c.ref);
      case 'str':
        return v === null ? EMPTY : text(v, c.ref);
      case 'e':
        return v === null ? EMPTY : { value: null, raw: { type: 'error' } };
      case 'b':
        return v === null ? EMPTY : { value: parseInt(v, 10) !== 0, raw: { type: 'boolean' } };
      case 'd': {
        if (v === null) return EMPTY;
        const d = new Date(v);
        return Number.isNaN(d.getTime()) ? { value: null, raw: { type: 'error' } } : { value: d, raw: { type: 'date', numFmt } };
      }
      default: {
        if (v === null) return EMPTY;
        const n = parseFloat(v);
        if (!Number.isFinite(n)) return { value: null, raw: { type: 'error' } };
        if (isDateFormat(numFmt)) {
          const d = excelDate(n, this.date1904);
          return Number.isNaN(d.getTime()) ? { value: null, raw: { type: 'error' } } : { value: d, raw: { type: 'date', numFmt } };
        }
        return { value: n, raw: { type: 'number', numFmt } };
      }
    }
  }
}

const EMPTY: Cell = { value: null, raw: { type: 'empty' } };
const finite = (n: number) => (Number.isFinite(n) ? n : null);

/** "BC12" → 55 (1-based); 0 when the reference has no column letters. */
function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 0x61 || c > 0x7a) break;
    n = n * 26 + (c - 0x60);
  }
  return n;
}

function text(s: string, address: string): Cell {
  if (s.length > EXCEL_MAX_CELL_CHARS) throw tooLong(address);
  const t = s.trim();
  return t === '' ? EMPTY : { value: t, raw: { type: 'string' } };
}

/**
 * Excel cannot make a cell longer than this, so a file that has one was crafted: typically a shared-strings bomb
 * (one huge string used by thousands of cells), refused at its first use rather than read into every row.
 */
const tooLong = (address: string) =>
  spreadsheetError(
    `Cell ${address} holds more than ${EXCEL_MAX_CELL_CHARS.toLocaleString('en')} characters, Excel's limit: the file was not saved by Excel and is refused`,
  );
