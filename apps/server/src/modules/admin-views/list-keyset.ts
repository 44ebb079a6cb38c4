// Keyset pages of an admin list: ordered by the list's allow-listed sort expression then id, each page continuing
// after the last row's (sort value, id), as the contacts list does. The cursor names its list, sort, order and a
// digest of the filters, so a cursor of another view is a 400 instead of a wrong page.
import type { AdminListFilters, AdminListName } from '@parley/contracts';
import { sql, type SQL } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import { conversationsTable as c, messagesTable as m } from '../conversations';
import { invalidField } from '../../platform/errors';
import { listSpecs } from './list-specs';

export interface Keyset {
  list: AdminListName;
  sort: string;
  order: 'asc' | 'desc';
  scope: string;
}

export interface Cursor {
  value: string;
  id: string;
}

const TIMESTAMP_TEXT = /^(-?infinity|\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2})?( BC)?)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function keysetOf(list: AdminListName, sort: string, order: 'asc' | 'desc', f: AdminListFilters): Keyset {
  const scope = createHash('sha256')
    .update(JSON.stringify([f.status ?? '', f.skillsetId ?? '', f.agentId ?? '', f.from ?? '', f.to ?? '']))
    .digest('base64url')
    .slice(0, 16);
  return { list, sort, order, scope };
}

export function encodeCursor(k: Keyset, cur: Cursor): string {
  return Buffer.from(JSON.stringify([k.list, k.sort, k.order, cur.value, cur.id, k.scope])).toString('base64url');
}

/** A cursor from a previous page of the same list, sort and filters, or a 400 on `query.cursor`. */
export function decodeCursor(raw: string, k: Keyset): Cursor {
  const bad = (why: string) => invalidField('query.cursor', why);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('is not a cursor from a previous page');
  }
  if (!Array.isArray(parts) || parts.length !== 6 || !parts.every((p) => typeof p === 'string')) {
    throw bad('is not a cursor from a previous page');
  }
  const [list, sort, order, value, id, scope] = parts as string[];
  if (list !== k.list) throw bad('belongs to another list; start again from the first page');
  if (sort !== k.sort || order !== k.order) throw bad(`belongs to another sort (${sort} ${order}); start again from the first page`);
  if (scope !== k.scope) throw bad('belongs to other filters; start again from the first page');
  if (!UUID.test(id!) || !TIMESTAMP_TEXT.test(value!)) throw bad('is not a cursor from a previous page');
  return { value: value!, id: id! };
}

const idOf = (k: Keyset) => (listSpecs[k.list].rows === 'messages' ? sql`${m.id}` : sql`${c.id}`);
const exprOf = (k: Keyset) => listSpecs[k.list].sorts[k.sort]!;

/** Rows strictly after the cursor in the keyset order (every sort key is a timestamp). */
export function afterCursor(k: Keyset, cur: Cursor): SQL {
  const cmp = k.order === 'desc' ? sql`<` : sql`>`;
  return sql`(${exprOf(k)}, ${idOf(k)}) ${cmp} (${cur.value}::timestamptz, ${cur.id}::uuid)`;
}

export function keysetOrder(k: Keyset): SQL[] {
  const dir = sql.raw(k.order);
  return [sql`${exprOf(k)} ${dir}`, sql`${idOf(k)} ${dir}`];
}

/** The sort value of a row as PostgreSQL prints it (microseconds kept), for its cursor. */
export const sortValueText = (k: Keyset) => sql<string>`(${exprOf(k)})::text`;
