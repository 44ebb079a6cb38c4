// A CSV file row by row: UTF-8 only (a BOM is accepted and dropped), the separator — `,` or `;` — taken from the
// header line, quoted fields may hold separators and line breaks.
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { spreadsheetError } from './errors';
import type { RawRow } from './xlsx-reader';

const MAX_FIELD_BYTES = 1_000_000;
const SNIFF_BYTES = 64 * 1024;

/** `;` when the header line (outside quotes) has more semicolons than commas, else `,`. */
export async function sniffDelimiter(path: string): Promise<',' | ';'> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await file.read(buf, 0, SNIFF_BYTES, 0);
    const head = buf.subarray(0, bytesRead).toString('utf8');
    let commas = 0;
    let semicolons = 0;
    let quoted = false;
    for (const ch of head) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === '\n' || ch === '\r')) break;
      else if (!quoted && ch === ',') commas++;
      else if (!quoted && ch === ';') semicolons++;
    }
    return semicolons > commas ? ';' : ',';
  } finally {
    await file.close();
  }
}

export async function* csvRows(path: string, delimiter: ',' | ';'): AsyncGenerator<RawRow> {
  const input = createReadStream(path);
  const parser = parse({
    delimiter,
    relax_column_count: true,
    skip_empty_lines: false,
    max_record_size: MAX_FIELD_BYTES,
  });
  const text = new Utf8Text();
  // pipe() does not forward errors: a read error or bad UTF-8 must end the parser's iteration with it.
  input.on('error', (err) => parser.destroy(err));
  text.on('error', (err) => parser.destroy(err));
  input.pipe(text).pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield {
        row,
        cells: record.map((field) => {
          const t = field.trim();
          return t === '' ? undefined : { value: t, raw: { type: 'string' as const } };
        }),
      };
    }
  } catch (err) {
    if (err instanceof Error && 'code' in err && typeof err.code === 'string' && err.code.startsWith('CSV_')) {
      throw spreadsheetError(`The CSV file is malformed near row ${row + 1}: ${err.message}`);
    }
    throw err;
  } finally {
    input.destroy();
    text.destroy();
    parser.destroy();
  }
}

/** Decodes UTF-8 strictly (a Latin-1 file fails here, clearly, instead of importing mangled names) and drops a BOM. */
class Utf8Text extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor() {
    super({ decodeStrings: true });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    try {
      done(null, this.decoder.decode(chunk, { stream: true }));
    } catch {
      done(notUtf8());
    }
  }

  override _flush(done: TransformCallback) {
    try {
      done(null, this.decoder.decode());
    } catch {
      done(notUtf8());
    }
  }
}

const notUtf8 = () => spreadsheetError('The CSV file is not UTF-8 text: in Excel, save it as "CSV UTF-8 (comma delimited)"');
