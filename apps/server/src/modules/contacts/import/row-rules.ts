// A row of an import file checked against the mapping, without the database: what it would write, or every reason
// it is rejected. The preview and the job run the same checks, so the preview's verdicts are the job's.
import type { ContactImportField, ContactImportKey, ContactImportMapping, ContactImportRowError } from '@parley/contracts';
import { cellText, type SheetRow } from '../../../platform/excel';
import { invalidField } from '../../../platform/errors';
import type { AttributeDefinitionRow } from '../attributes';
import { phoneMatchKeys, type CountryCode } from '../lib';
import {
  readAttribute,
  readCountry,
  readEmail,
  readLanguage,
  readPhone,
  readTags,
  readText,
  readTimezone,
  type Read,
  type StoredAttribute,
} from './cell-values';
import { FIELD_HEADERS } from './suggest-mapping';

type TextField = Exclude<ContactImportField, 'tags'>;

/** Longer cells are cut in the preview and the rejected-rows file (no contact field holds that much anyway). */
const SHOWN_CHARS = 2000;
// A copy, not a slice: V8 keeps a slice's whole parent string alive, and a batch keeps a thousand rows.
const shortened = (t: string) => `${Buffer.from(t.slice(0, SHOWN_CHARS)).toString()}…`;
type Target = { column: string; field: ContactImportField } | { column: string; attribute: AttributeDefinitionRow };

export interface RowRules {
  targets: Target[];
  upsertKey: ContactImportKey;
  country: CountryCode;
}

export interface CheckedRow {
  row: number;
  /** The row as read, for cellsOf (kept rather than turned into text: most rows never need it). */
  source: SheetRow;
  errors: ContactImportRowError[];
  /** The upsert key as stored (E.164 phone, or email as written); null when missing or invalid. */
  key: string | null;
  fields: Partial<Record<TextField, string>>;
  tags: string[] | null;
  attributes: Array<{ key: string; value: StoredAttribute }>;
}

/**
 * Check a mapping against the file's columns and the workspace's attributes: every problem is a 400 naming the
 * field (`mapping.<column>`, `upsertKey`).
 */
export function compileRules(
  input: { mapping: ContactImportMapping; upsertKey: ContactImportKey; columns: readonly string[]; country: CountryCode },
  definitions: readonly AttributeDefinitionRow[],
  /** false for the upload's suggestion: without a key column, every row is shown as missing its key instead. */
  requireKey = true,
): RowRules {
  const byKey = new Map(definitions.map((d) => [d.key, d]));
  const claimedBy = new Map<string, string>();
  const targets: Target[] = [];
  for (const [column, target] of Object.entries(input.mapping)) {
    const field = `mapping.${column}`;
    if (!input.columns.includes(column)) throw invalidField(field, `the file has no column "${column}"`);
    if (target === null) continue;
    const before = claimedBy.get(target);
    if (before) throw invalidField(field, `${target} is already filled from column "${before}"`);
    claimedBy.set(target, column);
    if (target.startsWith('attr.')) {
      const attribute = byKey.get(target.slice(5));
      if (!attribute) throw invalidField(field, `"${target.slice(5)}" is not a defined attribute`);
      targets.push({ column, attribute });
    } else {
      targets.push({ column, field: target as ContactImportField });
    }
  }
  if (requireKey && !claimedBy.has(input.upsertKey)) {
    const other = input.upsertKey === 'phone' ? 'email' : 'phone';
    throw invalidField('upsertKey', `no column is mapped to ${input.upsertKey}: map one, or import by ${other}`);
  }
  return { targets, upsertKey: input.upsertKey, country: input.country };
}

/** Read one row with the rules (duplicates within the file are found by DuplicateFinder, which needs every row). */
export function checkRow(rules: RowRules, r: SheetRow): CheckedRow {
  const out: CheckedRow = { row: r.row, source: r, errors: [], key: null, fields: {}, tags: null, attributes: [] };
  let keyColumn: string | null = null;
  for (const t of rules.targets) {
    const value = r.values[t.column] ?? null;
    if ('field' in t && t.field === rules.upsertKey) keyColumn = t.column;
    // An empty cell leaves the contact's value as it is: an import never clears a field.
    if (value === null) continue;
    const read: Read<unknown> = 'field' in t ? readField(t.field, value, rules.country) : readAttribute(t.attribute, value);
    if (!read.ok) {
      out.errors.push({ ...read.problem, column: t.column });
      continue;
    }
    if ('attribute' in t) out.attributes.push({ key: t.attribute.key, value: read.value as StoredAttribute });
    else if (t.field === 'tags') out.tags = (read.value as string[]).length ? (read.value as string[]) : null;
    else if (read.value !== '') out.fields[t.field] = read.value as string;
  }
  out.key = out.fields[rules.upsertKey] ?? null;
  if (keyColumn === null || r.values[keyColumn] == null) {
    const what = FIELD_HEADERS[rules.upsertKey].toLowerCase();
    out.errors.unshift({ code: 'missing_key', column: keyColumn, message: `has no ${what}: contacts are found and created by ${what}` });
  }
  return out;
}

/** Every non-empty cell of the row as text, by column (the preview and the rejected-rows file show them). */
export function cellsOf(row: CheckedRow): Record<string, string> {
  const cells: Record<string, string> = {};
  for (const [column, v] of Object.entries(row.source.values)) {
    const t = cellText(v);
    if (t !== null) cells[column] = t.length > SHOWN_CHARS ? shortened(t) : t;
  }
  return cells;
}

function readField(field: ContactImportField, value: NonNullable<SheetRow['values'][string]>, country: CountryCode): Read<unknown> {
  switch (field) {
    case 'phone':
      return readPhone(value, country);
    case 'email':
      return readEmail(value);
    case 'language':
      return readLanguage(value);
    case 'timezone':
      return readTimezone(value);
    case 'country':
      return readCountry(value);
    case 'tags':
      return readTags(value);
    default:
      return readText(value);
  }
}

/**
 * In-file duplicates: the first row with a key claims it, every later row with the same key is rejected (even
 * when the first is rejected for another reason, so fixing the file never silently changes which row wins).
 * Phones compare by their WhatsApp forms (a Brazilian mobile with and without its 9th digit is one person);
 * emails case-insensitively.
 */
export class DuplicateFinder {
  private readonly seen = new Map<string, number>();

  constructor(private readonly upsertKey: ContactImportKey) {}

  check(row: CheckedRow): void {
    if (row.key === null) return;
    const keys = this.upsertKey === 'phone' ? phoneMatchKeys(row.key) : [row.key.toLowerCase()];
    const first = keys.map((k) => this.seen.get(k)).find((n) => n !== undefined);
    if (first !== undefined) {
      const what = this.upsertKey === 'phone' ? 'phone number' : 'email';
      row.errors.push({ code: 'duplicate', column: null, message: `has the same ${what} as row ${first}: only the first is imported` });
      return;
    }
    for (const k of keys) this.seen.set(k, row.row);
  }
}
