import type { AdminListCounts, AdminListFilters, AdminListName } from '@parley/contracts';
import { sql } from 'drizzle-orm';
import { conversationsTable as c, messagesTable as m } from '../conversations';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { listSpecs, listWhere } from './list-specs';

/** Lists that only grow are counted up to this many ("10,000+"): a badge must not read a million rows. */
export const COUNT_CAP = 10_000;

const n = sql<number>`count(*)::int`.mapWith(Number);

/** Rows of a list, up to cap + 1 (one more tells that there are more). */
async function cappedCount(db: Db, workspaceId: string, list: AdminListName, f: AdminListFilters, now: Date, cap: number) {
  const table = listSpecs[list].rows === 'messages' ? m : c;
  const inner = db
    .select({ one: sql`1` })
    .from(table)
    .where(listWhere(list, workspaceId, f, now))
    .limit(cap + 1)
    .as('capped');
  const [row] = await db.select({ n }).from(inner);
  const total = row?.n ?? 0;
  return { total: Math.min(total, cap), capped: total > cap };
}

/** How many conversations each list holds now (the tabs' badges), unfiltered; the counts run side by side. */
export async function countLists(deps: Pick<Deps, 'db' | 'clock'>, workspaceId: string, cap = COUNT_CAP): Promise<AdminListCounts> {
  const now = deps.clock.now();
  const db: Db = deps.db;
  const [all, open, waiting, active, history, templates] = await Promise.all([
    cappedCount(db, workspaceId, 'unmanaged', {}, now, cap),
    cappedCount(db, workspaceId, 'unmanaged', { status: 'active' }, now, cap),
    db
      .select({
        total: n,
        generalQueue: sql<number>`(count(*) filter (where ${c.waitingSkillsetId} is null))::int`.mapWith(Number),
        reserved: sql<number>`(count(*) filter (where ${c.reservedForUserId} is not null))::int`.mapWith(Number),
      })
      .from(c)
      .where(listWhere('waiting', workspaceId, {}, now)),
    db
      .select({ total: n })
      .from(c)
      .where(listWhere('active', workspaceId, {}, now)),
    cappedCount(db, workspaceId, 'history', {}, now, cap),
    cappedCount(db, workspaceId, 'templates-sent', {}, now, cap),
  ]);
  return {
    cap,
    unmanaged: {
      active: open.total,
      // Exact only when the total is: otherwise "at least" what is left.
      closed: Math.max(0, all.total - open.total),
      total: all.total,
      capped: all.capped || open.capped,
    },
    waiting: waiting[0]!,
    active: active[0]!,
    history,
    templatesSent: templates,
  };
}
