import type { AdminListName, AdminListPage, AdminListQuery } from '@parley/contracts';
import { adminListDefaultOrder } from '@parley/contracts';
import type { Deps } from '../../platform/deps';
import { decodeCursor, encodeCursor, keysetOf } from './list-keyset';
import { readListPage, rowId, toListItem } from './list-rows';
import { checkFilters, listWhere, sortOf } from './list-specs';
import { skillsetNames } from './names';

/** One page of an admin list: its filters, an allow-listed sort, keyset pages (no total: the counts say it). */
export async function listConversations(
  deps: Pick<Deps, 'db' | 'clock'>,
  workspaceId: string,
  list: AdminListName,
  query: AdminListQuery,
): Promise<AdminListPage> {
  const sort = sortOf(list, query.sort);
  checkFilters(list, query);
  const k = keysetOf(list, sort, query.order ?? adminListDefaultOrder[list], query);
  const after = query.cursor ? decodeCursor(query.cursor, k) : undefined;
  const now = deps.clock.now();
  const [rows, names] = await Promise.all([
    readListPage(deps.db, k, listWhere(list, workspaceId, query, now), after, query.pageSize + 1),
    skillsetNames(deps.db, workspaceId, list),
  ]);
  const page = rows.slice(0, query.pageSize);
  const last = page.at(-1);
  return {
    items: page.map((r) => toListItem(r, now, names)),
    nextCursor: rows.length > query.pageSize && last ? encodeCursor(k, { value: last.sortValue, id: rowId(last) }) : null,
  };
}
