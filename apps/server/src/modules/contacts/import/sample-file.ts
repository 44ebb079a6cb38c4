// The sample file: the standard columns and one per custom attribute, headed as the mapping recognises them (and
// as the contacts export writes them), with one example row.
import { getExampleNumber } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import type { Writable } from 'node:stream';
import type { Deps } from '../../../platform/deps';
import { writeCsv, writeXlsx, type CellInput, type SheetColumn } from '../../../platform/excel';
import type { AttributeDefinitionRow } from '../attributes';
import { defaultCountry, loadDefinitions } from './rules-context';
import { FIELD_HEADERS } from './suggest-mapping';

export async function prepareSampleFile(deps: Deps, workspaceId: string, format: 'xlsx' | 'csv') {
  const country = defaultCountry(deps);
  const phone = getExampleNumber(country, examples)?.number ?? '+5511987654321';
  const standard: Array<[string, CellInput]> = [
    [FIELD_HEADERS.phone, phone],
    [FIELD_HEADERS.firstName, 'Maria'],
    [FIELD_HEADERS.lastName, 'Silva'],
    [FIELD_HEADERS.email, 'maria.silva@example.com'],
    [FIELD_HEADERS.gender, 'female'],
    [FIELD_HEADERS.language, 'pt-BR'],
    [FIELD_HEADERS.timezone, 'America/Sao_Paulo'],
    [FIELD_HEADERS.location, 'São Paulo'],
    [FIELD_HEADERS.country, country],
    [FIELD_HEADERS.tags, 'vip, newsletter'],
  ];
  const definitions = (await loadDefinitions(deps, workspaceId)).sort(
    (a, b) => a.label.localeCompare(b.label) || a.key.localeCompare(b.key),
  );
  const taken = new Set(standard.map(([h]) => h.toLowerCase()));
  const columns: SheetColumn[] = standard.map(([header]) => ({ header, type: 'text' }));
  const row: CellInput[] = standard.map(([, v]) => v);
  for (const d of definitions) {
    // A label that repeats a standard header ("Email") gets its key, as in the export.
    const header = taken.has(d.label.toLowerCase()) ? `${d.label} (${d.key})` : d.label;
    taken.add(header.toLowerCase());
    columns.push(d.type === 'date' ? { header, type: 'date', dateOnly: true } : { header, type: 'text' });
    row.push(example(d));
  }
  return {
    fileName: `contacts-sample.${format}`,
    write: (out: Writable) =>
      format === 'xlsx' ? writeXlsx(out, { name: 'Contacts', columns, rows: [row] }) : writeCsv(out, { columns, rows: [row] }),
  };
}

function example(d: AttributeDefinitionRow): CellInput {
  switch (d.type) {
    case 'number':
      return '42';
    case 'date':
      return '2026-01-31';
    case 'boolean':
      return 'yes';
    case 'list':
      return d.options?.[0] ?? null;
    case 'url':
      return 'https://example.com';
    default:
      return 'example';
  }
}
