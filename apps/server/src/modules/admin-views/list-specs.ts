// The five lists of the admin menu (seed 004): who belongs to each, its filters and its allow-listed sort keys.
// Each membership predicate is written exactly as its partial index's (conversations/tables.ts), so PostgreSQL
// can prove the index applies; each sort key is the index's expression, id breaking ties (keyset pages).
import { adminListSorts, type AdminListFilters, type AdminListName } from '@parley/contracts';
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { conversationsTable as c, messagesTable as m } from '../conversations';
import { contactIdentitiesTable } from '../contacts';
import { invalidField } from '../../platform/errors';

/** The 24-hour customer-service window. */
export const WINDOW_MS = 24 * 3_600_000;

// Bound as text and cast, so both engines read the same instant whatever the driver does with a Date.
const instant = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const ts = (col: SQL | AnyPgColumn) => sql`coalesce(${col}, '-infinity'::timestamptz)`;

export interface ListSpec {
  /** Rows are conversations, or (templates sent) messages joined to their conversation. */
  rows: 'conversations' | 'messages';
  /** Membership: matches the list's partial index word for word. */
  base: SQL;
  sorts: Record<string, SQL>;
  /** The filters this list takes (a filter meant for another list is a 400, not silently ignored). */
  filters: ReadonlyArray<keyof Omit<AdminListFilters, 'sort' | 'order'>>;
  where(f: AdminListFilters, now: Date): SQL[];
}

const unmanagedBase = sql`${c.hadAgent} = false and ${c.state} in ('bot', 'closed') and ${c.lastCustomerMessageAt} is not null`;
const historyBase = sql`${c.state} = 'closed' and ${c.hadAgent} = true`;

/**
 * Unmanaged and "active": a bot conversation whose 24-hour window is still open. The window is read on the
 * conversation (a customer's messages go to their open conversation, so its last one is the channel's last one);
 * written on the index's expression, so "active" is a short range of it.
 */
export const unmanagedActive = (now: Date) =>
  sql`(${c.state} = 'bot' and ${ts(c.lastCustomerMessageAt)} > ${instant(new Date(now.getTime() - WINDOW_MS))})`;

export const listSpecs: Record<AdminListName, ListSpec> = {
  // Conversations no agent ever took part in, that a customer started (the bot's, and those that ended with it).
  unmanaged: {
    rows: 'conversations',
    base: unmanagedBase,
    sorts: { lastCustomerMessageAt: ts(c.lastCustomerMessageAt), openedAt: ts(c.openedAt) },
    filters: ['status'],
    where: (f, now) => (f.status === 'active' ? [unmanagedActive(now)] : f.status === 'closed' ? [sql`not ${unmanagedActive(now)}`] : []),
  },
  waiting: {
    rows: 'conversations',
    base: sql`${c.state} = 'waiting'`,
    sorts: { waitingSince: ts(c.waitingSince), lastCustomerMessageAt: ts(c.lastCustomerMessageAt) },
    filters: ['skillsetId'],
    where: (f) =>
      f.skillsetId === 'general' ? [isNull(c.waitingSkillsetId)] : f.skillsetId ? [eq(c.waitingSkillsetId, f.skillsetId)] : [],
  },
  active: {
    rows: 'conversations',
    base: sql`${c.state} = 'assigned'`,
    sorts: { assignedAt: ts(c.assignedAt), lastCustomerMessageAt: ts(c.lastCustomerMessageAt) },
    filters: ['agentId'],
    where: (f) => (f.agentId ? [eq(c.assigneeId, f.agentId)] : []),
  },
  // Closed after an agent handled them; the agent is who had it last.
  history: {
    rows: 'conversations',
    base: historyBase,
    sorts: { closedAt: ts(c.closedAt) },
    filters: ['agentId', 'from', 'to'],
    where: (f) => {
      const range = dateRange(f);
      return [
        ...(f.agentId ? [eq(c.assigneeId, f.agentId)] : []),
        ...(range.from ? [sql`${ts(c.closedAt)} >= ${instant(range.from)}`] : []),
        ...(range.to ? [sql`${ts(c.closedAt)} < ${instant(range.to)}`] : []),
      ];
    },
  },
  // Templates an agent (or the API) sent that the customer has not answered: no message from them on that channel
  // since. The contact's window (last inbound on the channel) tells, whichever conversation the reply opened.
  'templates-sent': {
    rows: 'messages',
    base: sql`${m.isTemplate} = true and ${m.direction} = 'out' and ${m.senderType} in ('agent', 'api')`,
    sorts: { sentAt: sql`${m.createdAt}` },
    filters: ['agentId'],
    where: (f) => [
      sql`not exists (select 1 from ${contactIdentitiesTable} ci
        where ci.workspace_id = ${m.workspaceId} and ci.contact_id = ${m.contactId} and ci.channel_id = ${m.channelId}
          and ci.last_inbound_at >= ${m.createdAt})`,
      ...(f.agentId ? [eq(m.senderUserId, f.agentId)] : []),
    ],
  },
};

/** The list's sort key (its default when absent), or a 400 naming the allowed ones. */
export function sortOf(list: AdminListName, sort: string | undefined): string {
  const allowed: readonly string[] = adminListSorts[list];
  if (sort === undefined) return allowed[0]!;
  if (!allowed.includes(sort)) throw invalidField('query.sort', `must be one of ${allowed.join(', ')} for this list`);
  return sort;
}

/** Filters meant for another list are refused, so nobody reads an unfiltered list believing it filtered. */
export function checkFilters(list: AdminListName, f: AdminListFilters): void {
  const allowed = new Set<string>(listSpecs[list].filters);
  for (const key of ['status', 'skillsetId', 'agentId', 'from', 'to'] as const) {
    if (f[key] !== undefined && !allowed.has(key)) {
      throw invalidField(
        `query.${key}`,
        `does not apply to the ${list} list${allowed.size ? ` (it takes ${[...allowed].join(', ')})` : ''}`,
      );
    }
  }
  dateRange(f);
}

/** History's range: a date-time as it is; a date is a UTC day, `to` covering all of it. Bad ends are 400s. */
export function dateRange(f: Pick<AdminListFilters, 'from' | 'to'>): { from?: Date; to?: Date } {
  const read = (v: string | undefined, field: 'from' | 'to'): Date | undefined => {
    if (v === undefined) return undefined;
    const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
    const d = new Date(dateOnly ? `${v}T00:00:00Z` : v);
    if (Number.isNaN(d.getTime())) throw invalidField(`query.${field}`, 'is not a real date');
    if (dateOnly && d.toISOString().slice(0, 10) !== v) throw invalidField(`query.${field}`, 'is not a real date');
    return dateOnly && field === 'to' ? new Date(d.getTime() + 86_400_000) : d;
  };
  const from = read(f.from, 'from');
  const to = read(f.to, 'to');
  if (from && to && from >= to) throw invalidField('query.to', 'must be after from');
  return { from, to };
}

/** Membership, filters, and the workspace, for one list. */
export function listWhere(list: AdminListName, workspaceId: string, f: AdminListFilters, now: Date): SQL {
  const spec = listSpecs[list];
  const ws = spec.rows === 'messages' ? eq(m.workspaceId, workspaceId) : eq(c.workspaceId, workspaceId);
  return and(ws, spec.base, ...spec.where(f, now))!;
}
