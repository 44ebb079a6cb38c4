// Streaming XLSX writer: the sheet's XML is written as text as the rows come and deflated into the zip on the way
// out, so an export of any size holds a chunk of XML, never the sheet. Parley writes SpreadsheetML itself: exceljs's
// streaming writer made objects per cell, a style lookup per cell and XML through a generic serialiser, and took
// most of a 100,000-row export's CPU (ADR 0006). What we write is small and fixed: one sheet, inline strings, four
// cell styles.
import type { Writable } from 'node:stream';
import { ZipWriter } from '../zip';
import { safeText, WallClock } from './cells';
import { isCalendarDate, sheetName, type CellInput, type SheetColumn, type SheetSpec, type WriteResult } from './sheet';
import { columnLetter } from './read';

const DEFAULT_WIDTH: Record<SheetColumn['type'], number> = { text: 24, number: 12, date: 18, boolean: 10 };
// Text handed to the zip at a time: big enough that deflate and the stream calls are few, small enough to be nothing.
const CHUNK_CHARS = 64 * 1024;
// Deflate level 1: deflate is the slowest stage of an export (it runs beside the XML on zlib's thread). On 72 MB of
// sheet XML (100,000 rows × 12 columns): 10.2 MB in 0.34 s, against 9.6 MB in 0.47 s at level 4 and 8.6 MB in
// 0.78 s at zlib's default (6); a 36-column export of 100,000 rows took 1.9–2.0 s at level 1 and 2.9–3.2 s at 4
// (13.4 against 12.9 MB).
const DEFLATE_LEVEL = 1;
const DAY_MS = 86_400_000;
// Excel's serial day 25569 is 1970-01-01 (its days count from 1899-12-30, past the 1900 leap-year bug).
const EPOCH_SERIAL = 25_569;
const FIRST_SERIAL_DATE = Date.UTC(1900, 2, 1); // before it the 1900 bug shifts days; such dates go out as text

// The cell styles of styles.xml, by index.
const STYLE = { plain: 0, header: 1, dateTime: 2, date: 3 } as const;

/**
 * Write one sheet as an .xlsx file to `out` (a file, a PassThrough sent as an HTTP reply…), header row bold and
 * frozen. Text is neutralised (no formula ever runs) and cut at Excel's cell limit; dates are shown in the column's
 * time zone. `out` is ended when the file is complete. If `out` is destroyed midway (the client went away), the
 * promise rejects and nothing more is read from `rows`.
 */
export async function writeXlsx(out: Writable, spec: SheetSpec): Promise<WriteResult> {
  const zip = new ZipWriter(out, { level: DEFLATE_LEVEL });
  const modified = new Date();
  const result: WriteResult = { rows: 0 };
  await zip.add('[Content_Types].xml', CONTENT_TYPES, modified);
  await zip.add('_rels/.rels', ROOT_RELS, modified);
  await zip.add('docProps/core.xml', coreProperties(modified), modified);
  await zip.add('xl/workbook.xml', workbook(sheetName(spec.name)), modified);
  await zip.add('xl/_rels/workbook.xml.rels', WORKBOOK_RELS, modified);
  await zip.add('xl/styles.xml', STYLES, modified);
  await zip.add('xl/worksheets/sheet1.xml', sheetXml(spec, result), modified);
  await zip.finish();
  return result;
}

/** The worksheet's XML in chunks; `result.rows` counts the data rows as they go. */
async function* sheetXml(spec: SheetSpec, result: WriteResult): AsyncGenerator<string> {
  const writers = spec.columns.map((c, i) => cellWriter(c, columnLetter(i)));
  let chunk = sheetStart(spec.columns);
  chunk += '<row r="1">';
  spec.columns.forEach((c, i) => (chunk += textCell(`${columnLetter(i)}1`, safeText(c.header), STYLE.header)));
  chunk += '</row>';
  let r = 1;
  for await (const values of spec.rows) {
    r++;
    chunk += `<row r="${r}">`;
    for (let i = 0; i < writers.length; i++) chunk += writers[i]!(r, values[i]);
    chunk += '</row>';
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
    result.rows++;
  }
  yield chunk + '</sheetData></worksheet>';
}

type CellWriter = (row: number, value: CellInput) => string;

/** One column's cells as XML, '' when empty (a cell carries its reference, so an empty one is left out). */
function cellWriter(column: SheetColumn, letter: string): CellWriter {
  switch (column.type) {
    case 'text':
      return (row, v) => (v === null || v === undefined ? '' : textCell(letter + row, safeText(String(v)), STYLE.plain));
    case 'number':
      return (row, v) => (typeof v === 'number' && Number.isFinite(v) ? `<c r="${letter}${row}"><v>${v}</v></c>` : '');
    case 'boolean':
      return (row, v) => (typeof v === 'boolean' ? `<c r="${letter}${row}" t="b"><v>${v ? 1 : 0}</v></c>` : '');
    case 'date': {
      const clock = new WallClock(column.timezone ?? 'UTC');
      const style = column.dateOnly ? STYLE.date : STYLE.dateTime;
      return (row, v) => {
        let wall: number;
        if (isCalendarDate(v)) wall = Date.parse(`${v}T00:00:00Z`);
        else if (v instanceof Date && !Number.isNaN(v.getTime())) wall = clock.local(v).getTime();
        else return '';
        if (!(wall >= FIRST_SERIAL_DATE)) {
          // Excel cannot show it as a date: the text is at least right.
          const text = Number.isNaN(wall)
            ? String(v)
            : new Date(wall)
                .toISOString()
                .slice(0, column.dateOnly ? 10 : 16)
                .replace('T', ' ');
          return textCell(letter + row, text, STYLE.plain);
        }
        return `<c r="${letter}${row}" s="${style}"><v>${wall / DAY_MS + EPOCH_SERIAL}</v></c>`;
      };
    }
  }
}

function textCell(ref: string, text: string, style: number): string {
  const s = style === STYLE.plain ? '' : ` s="${style}"`;
  // Leading or trailing blanks are dropped by readers unless the text says to keep them.
  const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlText(text)}</t></is></c>`;
}

// What XML 1.0 text may not hold as-is: markup characters, control characters (not allowed at all: dropped), CR
// (a parser turns it into LF: written as a character reference so it survives) and lone surrogates (invalid
// UTF-16: U+FFFD rather than broken UTF-8). Most cells have none, and one test says so.
// eslint-disable-next-line no-control-regex -- these are the characters XML refuses
const NEEDS_WORK = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex -- idem
const WORK = /[&<>\r\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const REPLACEMENT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };

/** Text as XML character data. */
export function xmlText(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(WORK, (c) => REPLACEMENT[c] ?? '');
}

const attribute = (text: string) => xmlText(text).replace(/"/g, '&quot;');

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function sheetStart(columns: readonly SheetColumn[]): string {
  const cols = columns
    .map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width ?? DEFAULT_WIDTH[c.type]}" customWidth="1"/>`)
    .join('');
  return (
    `${XML_DECLARATION}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    // The header row stays in view while scrolling.
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>' +
    '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ''}<sheetData>`
  );
}

const workbook = (name: string) =>
  `${XML_DECLARATION}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><bookViews><workbookView/></bookViews>` +
  `<sheets><sheet name="${attribute(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;

const coreProperties = (at: Date) =>
  `${XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
  'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Parley</dc:creator>' +
  `<dcterms:created xsi:type="dcterms:W3CDTF">${at.toISOString().slice(0, 19)}Z</dcterms:created></cp:coreProperties>`;

const CONTENT_TYPES =
  `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
  '<Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>';

const ROOT_RELS =
  `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '</Relationships>';

const WORKBOOK_RELS =
  `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_REL_NS}">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '</Relationships>';

// Cell styles in the order of STYLE: plain, bold (the header), date and time, date.
const STYLES =
  `${XML_DECLARATION}<styleSheet xmlns="${MAIN_NS}">` +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';
