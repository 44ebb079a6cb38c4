// Test-only: proving an erasure complete (every text, JSON and binary column of every table in the public and
// pgboss schemas, and every file under a folder, searched for a customer's phone, email and name), and reading
// back the ZIP archives a GDPR export streams.
import { sql } from 'drizzle-orm';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, inflateRawSync } from 'node:zlib';
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

/** The files of a ZIP, by name, read from its central directory (stored or deflated entries). */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a ZIP: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const offset = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = offset + 30 + zip.readUInt16LE(offset + 26) + zip.readUInt16LE(offset + 28);
    const data = zip.subarray(local, local + compressed);
    const bytes = method === 8 ? inflateRawSync(data) : Buffer.from(data);
    if (bytes.length !== size) throw new Error(`${name}: ${bytes.length} bytes, the directory says ${size}`);
    if (crc32(bytes) !== zip.readUInt32LE(at + 16)) throw new Error(`${name}: CRC mismatch`);
    files.set(name, bytes);
    at += 46 + nameLength + extra + comment;
  }
  return files;
}
