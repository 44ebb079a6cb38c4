// One batch of checked rows written in the caller's transaction: new contacts inserted, existing ones updated,
// attribute values upserted and rejected rows kept — each a single statement whose rows travel as one JSON
// parameter (jsonb_to_recordset), the same on both engines. A rejected row writes nothing but its reject record.
import type { ContactImportKey } from '@parley/contracts';
import { sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../../platform/db';
import { contactAttributeValues, contacts } from '../tables';
import { findContacts } from './find-contacts';
import { cellsOf, type CheckedRow } from './row-rules';
import { contactImportRejects } from './tables';

export interface BatchContext {
  workspaceId: string;
  importId: string;
  upsertKey: ContactImportKey;
  /** `import:<label>`, for the contacts the batch creates. */
  source: string;
  at: Date;
}

export interface BatchCounts {
  inserted: number;
  updated: number;
  rejected: number;
}

const FIELDS = ['firstName', 'lastName', 'email', 'phone', 'gender', 'language', 'timezone', 'location', 'country'] as const;
const COLUMN: Record<(typeof FIELDS)[number], string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  phone: 'phone',
  gender: 'gender',
  language: 'language',
  timezone: 'timezone',
  location: 'location',
  country: 'country',
};
const recordType = sql.raw(`id uuid, ${FIELDS.map((f) => `${COLUMN[f]} text`).join(', ')}, tags text[]`);

export async function upsertRows(tx: Db, ctx: BatchContext, rows: readonly CheckedRow[]): Promise<BatchCounts> {
  const valid = rows.filter((r) => r.errors.length === 0);
  const existing = await findContacts(tx, ctx.workspaceId, ctx.upsertKey, [...new Set(valid.map((r) => r.key!))]);
  const owner = new Map<string, number>();
  for (const r of valid) {
    const id = existing.get(r.key!);
    if (id === undefined) continue;
    // Two rows of the file reaching one contact (a key in both its forms): the first wins, as for duplicates.
    const first = owner.get(id);
    if (first !== undefined) r.errors.push({ code: 'duplicate', column: null, message: `updates the same contact as row ${first}` });
    else owner.set(id, r.row);
  }
  const inserts: object[] = [];
  const updates: object[] = [];
  const values: object[] = [];
  for (const r of valid) {
    if (r.errors.length) continue;
    const found = existing.get(r.key!);
    const id = found ?? randomUUID();
    const record = { id, tags: r.tags, ...Object.fromEntries(FIELDS.map((f) => [COLUMN[f], r.fields[f] ?? null])) };
    (found ? updates : inserts).push(record);
    for (const a of r.attributes) {
      values.push({
        contact_id: id,
        key: a.key,
        value_text: a.value.valueText,
        value_number: a.value.valueNumber,
        value_date: a.value.valueDate,
        value_bool: a.value.valueBool,
      });
    }
  }
  const rejected = rows.filter((r) => r.errors.length > 0);
  const at = ctx.at.toISOString();
  if (inserts.length) {
    await tx.execute(sql`
      insert into ${contacts} (workspace_id, id, ${sql.raw(FIELDS.map((f) => COLUMN[f]).join(', '))}, tags, source, created_at, updated_at)
      select ${ctx.workspaceId}::uuid, r.id, ${sql.raw(FIELDS.map((f) => `r.${COLUMN[f]}`).join(', '))},
        coalesce(r.tags, '{}'), ${ctx.source}, ${at}::timestamptz, ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(inserts)}::jsonb) as r(${recordType})`);
  }
  if (updates.length) {
    // Empty cells were left out of the record (null): the contact keeps its value. Tags are added, never removed.
    await tx.execute(sql`
      update ${contacts} as c set
        ${sql.raw(
          FIELDS.filter((f) => f !== 'email')
            .map((f) => `${COLUMN[f]} = coalesce(r.${COLUMN[f]}, c.${COLUMN[f]})`)
            .join(', '),
        )},
        -- The same email in another case ("Eva@x.com" found by "eva@X.COM") keeps its spelling.
        email = case when lower(r.email) = lower(c.email) then c.email else coalesce(r.email, c.email) end,
        tags = case when r.tags is null then c.tags
          else c.tags || array(select t from unnest(r.tags) as t where not t = any(c.tags)) end,
        updated_at = ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as r(${recordType})
      where c.workspace_id = ${ctx.workspaceId}::uuid and c.id = r.id`);
  }
  if (values.length) {
    await tx.execute(sql`
      insert into ${contactAttributeValues} (workspace_id, contact_id, key, value_text, value_number, value_date, value_bool, updated_at)
      select ${ctx.workspaceId}::uuid, r.contact_id, r.key, r.value_text, r.value_number, r.value_date, r.value_bool, ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(values)}::jsonb)
        as r(contact_id uuid, key text, value_text text, value_number double precision, value_date date, value_bool boolean)
      on conflict (workspace_id, contact_id, key) do update set value_text = excluded.value_text, value_number = excluded.value_number,
        value_date = excluded.value_date, value_bool = excluded.value_bool, updated_at = excluded.updated_at`);
  }
  if (rejected.length) {
    const json = JSON.stringify(rejected.map((r) => ({ row_no: r.row, cells: cellsOf(r), errors: r.errors })));
    await tx.execute(sql`
      insert into ${contactImportRejects} (workspace_id, import_id, row_no, cells, errors)
      select ${ctx.workspaceId}::uuid, ${ctx.importId}::uuid, r.row_no, r.cells, r.errors
      from jsonb_to_recordset(${json}::jsonb) as r(row_no int, cells jsonb, errors jsonb)
      on conflict do nothing`);
  }
  return { inserted: inserts.length, updated: updates.length, rejected: rejected.length };
}
