// The GDPR export of one contact (GDPR Art. 15 and 20: everything, machine-readable): a ZIP streamed to the
// download as it is built, never stored — nothing is left behind to erase later, and any node can serve it.
// Each table is there twice, as JSON (for machines) and .xlsx (for people); media and the picture as files.
import { PassThrough, type Writable } from 'node:stream';
import type { Db } from '../../../platform/db';
import { writeXlsx, type CellInput } from '../../../platform/excel';
import { ZipWriter } from '../../../platform/zip';
import type { ContactDataHolder, ExportContext, ExportSection } from './contact-data';
import { ownContactData } from './own-data';

export interface ArchiveInput {
  workspaceId: string;
  contactId: string;
  /** The viewer's zone: dates in the .xlsx files are shown in it (the JSON keeps UTC instants). */
  timezone: string;
  now: Date;
}

/** Write the archive to `out` and end it; rejects (leaving `out` to the caller to destroy) if anything fails. */
export async function writeContactArchive(
  out: Writable,
  db: Db,
  holders: readonly ContactDataHolder[],
  input: ArchiveInput,
): Promise<void> {
  const context: ExportContext = { workspaceId: input.workspaceId, contactId: input.contactId, media: [] };
  const sections: ExportSection[] = [];
  for (const h of [ownContactData, ...holders]) if (h.exportSections) sections.push(...(await h.exportSections(db, context)));

  const zip = new ZipWriter(out);
  const written: string[] = [];
  for (const section of sections) {
    if (section.kind === 'table') {
      await zip.add(`${section.name}.json`, jsonArray(section.rows()), input.now);
      await zip.add(`${section.name}.xlsx`, xlsxOf(section, input.timezone), input.now);
      written.push(`${section.name}.json`, `${section.name}.xlsx`);
    } else {
      for await (const file of section.files()) {
        const path = `${section.folder}/${file.name}`;
        await zip.add(path, file.bytes, input.now);
        written.push(path);
      }
    }
  }
  await zip.add('README.txt', readme(input, written), input.now);
  await zip.finish();
}

async function* jsonArray(rows: AsyncIterable<Record<string, unknown>>): AsyncIterable<string> {
  let first = true;
  yield '[';
  for await (const row of rows) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(row, jsonValue)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** Cells that were stored as JSON text (message content, bot memory) go out as JSON, not as a string of JSON. */
function jsonValue(this: unknown, key: string, value: unknown): unknown {
  if ((key === 'content' || key === 'state' || key === 'values') && typeof value === 'string') {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      return value;
    }
  }
  return value;
}

/** The section as an .xlsx file, produced by the streaming writer while the ZIP entry consumes it. */
function xlsxOf(section: Extract<ExportSection, { kind: 'table' }>, timezone: string): AsyncIterable<Buffer> {
  const pipe = new PassThrough();
  async function* cells(): AsyncIterable<CellInput[]> {
    for await (const row of section.rows()) yield section.columns.map((c) => cellOf(row[c.key]));
  }
  writeXlsx(pipe, {
    name: section.name,
    columns: section.columns.map((c) => ({ header: c.header, type: c.type, ...(c.type === 'date' ? { timezone } : {}) })),
    rows: cells(),
  }).catch((err: unknown) => pipe.destroy(err instanceof Error ? err : new Error(String(err))));
  return pipe;
}

function cellOf(value: unknown): CellInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  return JSON.stringify(value);
}

function readme(input: ArchiveInput, files: string[]): string {
  return [
    'Personal data export',
    '',
    `Contact: ${input.contactId}`,
    `Generated: ${input.now.toISOString()}`,
    '',
    'Every table is given twice: as JSON (times in UTC, ISO 8601) and as an Excel workbook (times in the',
    `time zone ${input.timezone}). Media the contact sent or received are in media/, named by message id.`,
    '',
    'Files:',
    ...files.map((f) => `  ${f}`),
    '',
  ].join('\n');
}
