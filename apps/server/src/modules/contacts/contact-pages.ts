// Keyset pagination of contacts: ordered by an allow-listed sort expression then id, each page continuing after
// the last row's (sort value, id). Stable under inserts and as fast on page 10,000 as on page 1 (each sort key
// has an index on workspace, expression, id). The cursor carries the sort value as PostgreSQL printed it, so
// timestamps keep their microseconds.
import type { ContactSortKey } from '@parley/contracts';
import { sql, type SQL } from 'drizzle-orm';
import { invalidField } from '../../platform/errors';
import { contacts } from './tables';

interface SortSpec {
  expr: SQL;
  /** The SQL type the cursor's text is cast back to (from this fixed table, never from the request). */
  cast: 'timestamptz' | 'text' | 'int';
}

const TIMESTAMP_TEXT = /^(-?infinity|\d{4,}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2})?( BC)?)$/;

export const sortSpecs: Record<ContactSortKey, SortSpec> = {
  createdAt: { expr: sql`${contacts.createdAt}`, cast: 'timestamptz' },
  // Never-active contacts sort as the oldest; the expression matches contacts_last_active_idx.
  lastActiveAt: { expr: sql`coalesce(${contacts.lastActiveAt}, '-infinity'::timestamptz)`, cast: 'timestamptz' },
  name: { expr: sql`${contacts.sortName}`, cast: 'text' },
  messagesFromCustomer: { expr: sql`${contacts.messagesFromCustomer}`, cast: 'int' },
  unresolvedQueries: { expr: sql`${contacts.unresolvedQueries}`, cast: 'int' },
  sessions: { expr: sql`${contacts.sessionsCount}`, cast: 'int' },
};

export interface Keyset {
  sort: ContactSortKey;
  order: 'asc' | 'desc';
  /** A digest of the search, filter and segment: a cursor belongs to one of them. */
  scope?: string;
}

export interface Cursor {
  value: string;
  id: string;
}

export function encodeCursor(k: Keyset, c: Cursor): string {
  return Buffer.from(JSON.stringify([k.sort, k.order, c.value, c.id, k.scope ?? ''])).toString('base64url');
}

/** A cursor from a previous page of the same sort, or a 400 on `query.cursor`. */
export function decodeCursor(raw: string, k: Keyset): Cursor {
  const bad = (why: string) => invalidField('query.cursor', why);
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('is not a cursor from a previous page');
  }
  if (!Array.isArray(parts) || parts.length !== 5 || ![0, 1, 2, 3, 4].every((i) => typeof parts[i] === 'string')) {
    throw bad('is not a cursor from a previous page');
  }
  const [sort, order, value, id, scope] = parts as [string, string, string, string, string];
  if (sort !== k.sort || order !== k.order) throw bad(`belongs to another sort (${sort} ${order}); start again from the first page`);
  if (scope !== (k.scope ?? '')) throw bad('belongs to another search, filter or segment; start again from the first page');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw bad('is not a cursor from a previous page');
  const cast = sortSpecs[k.sort].cast;
  const valid = cast === 'int' ? /^-?\d{1,10}$/.test(value) : cast === 'timestamptz' ? TIMESTAMP_TEXT.test(value) : value.length <= 2000;
  if (!valid) throw bad('is not a cursor from a previous page');
  return { value, id };
}

/** Rows strictly after the cursor in the keyset order. */
export function afterCursor(k: Keyset, c: Cursor): SQL {
  const { expr, cast } = sortSpecs[k.sort];
  const cmp = k.order === 'desc' ? sql`<` : sql`>`;
  return sql`(${expr}, ${contacts.id}) ${cmp} (${c.value}::${sql.raw(cast)}, ${c.id}::uuid)`;
}

export function keysetOrder(k: Keyset): SQL[] {
  const { expr } = sortSpecs[k.sort];
  return k.order === 'desc' ? [sql`${expr} desc`, sql`${contacts.id} desc`] : [sql`${expr} asc`, sql`${contacts.id} asc`];
}

/** The sort value of a row as text, for its cursor. */
export const sortValueText = (k: Keyset) => sql<string>`(${sortSpecs[k.sort].expr})::text`;
