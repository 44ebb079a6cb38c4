// Test-only: proving an erasure complete (every text, JSON and binary column of every table in the public and
// pgboss schemas, and every file under a folder, searched for a customer's phone, email and name), and reading
// back the ZIP archives a GDPR export streams.
import { sql } from 'drizzle-orm';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../platform/db';

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;
const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every `schema.table.column: needle` where a stored value contains a needle (case-insensitive for text). */
export async function findInDatabase(db: Db, needles: readonly string[], schemas = ['public', 'pgboss']): Promise<string[]> {
  const columns = rows<{ table_schema: string; table_name: string; column_name: string; data_type: string }>(
    await db.execute(sql`
      select c.table_schema, c.table_name, c.column_name, c.data_type
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = any(${`{${schemas.join(',')}}`}::text[]) and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')
      order by 1, 2, 3`),
  );
  if (columns.length < 20) throw new Error(`only ${columns.length} columns to search: is the schema there?`);
  const list = `{${needles.map((n) => `"${n.toLowerCase().replace(/[\\"]/g, (ch) => `\\${ch}`)}"`).join(',')}}`;
  const hits: string[] = [];
  for (const c of columns) {
    const col = `${ident(c.table_schema)}.${ident(c.table_name)}.${ident(c.column_name)}`;
    const from = `${ident(c.table_schema)}.${ident(c.table_name)}`;
    const test = c.data_type === 'bytea' ? `strpos(lower(encode(${col}, 'escape')), n.v) > 0` : `strpos(lower(${col}::text), n.v) > 0`;
    const found = rows<{ v: string }>(
      await db.execute(
        sql`select n.v from unnest(${list}::text[]) as n(v) where exists (select 1 from ${sql.raw(from)} where ${sql.raw(test)})`,
      ),
    );
    for (const f of found) hits.push(`${c.table_schema}.${c.table_name}.${c.column_name}: ${f.v}`);
  }
  return hits;
}

/** Every `path: needle` where a file under `dir` contains a needle (as UTF-8, case-insensitive). */
export async function findInFiles(dir: string, needles: readonly string[]): Promise<string[]> {
  const hits: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    const path = join(e.parentPath, e.name);
    const text = (await readFile(path)).toString('latin1').toLowerCase();
    for (const n of needles) if (text.includes(n.toLowerCase())) hits.push(`${path}: ${n}`);
  }
  return hits;
}

export { readZip } from './zip-files';
