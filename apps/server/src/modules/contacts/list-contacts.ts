import type { ContactListItem, ContactListPage, ContactListQuery, ContactSelectionQuery } from '@parley/contracts';
import { and } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Deps } from '../../platform/deps';
import { afterCursor, decodeCursor, encodeCursor, keysetOrder, sortValueText, type Keyset } from './contact-pages';
import { countSelection, parseFilterParam, selectionWhere } from './contact-selection';
import { contacts } from './tables';

type Row = typeof contacts.$inferSelect;

/**
 * One page of the contacts list: search, filter, segment, an allow-listed sort, keyset pages. The total is its own
 * request (countContacts): counting a million matching contacts takes a few hundred milliseconds, a page a few, and
 * the list should not wait for the number.
 */
export async function listContacts(
  deps: Pick<Deps, 'db' | 'clock'>,
  workspaceId: string,
  query: ContactListQuery,
): Promise<ContactListPage> {
  const scope = createHash('sha256')
    .update(JSON.stringify([query.q ?? '', query.filter ?? '', query.segment ?? '']))
    .digest('base64url')
    .slice(0, 16);
  const keyset: Keyset = { sort: query.sort, order: query.order, scope };
  const after = query.cursor ? decodeCursor(query.cursor, keyset) : undefined;
  const filter = parseFilterParam(query.filter);
  const where = await selectionWhere(deps.db, workspaceId, { q: query.q, filter, segment: query.segment }, deps.clock.now());
  const rows = await deps.db
    .select({ contact: contacts, sortValue: sortValueText(keyset) })
    .from(contacts)
    .where(after ? and(where, afterCursor(keyset, after)) : where)
    .orderBy(...keysetOrder(keyset))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toListItem(r.contact)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(keyset, { value: last.sortValue, id: last.contact.id }) : null,
  };
}

/** How many contacts the list holds for this search, filter and segment. */
export async function countContacts(deps: Pick<Deps, 'db' | 'clock'>, workspaceId: string, query: ContactSelectionQuery): Promise<number> {
  const filter = parseFilterParam(query.filter);
  return countSelection(deps.db, workspaceId, { q: query.q, filter, segment: query.segment }, deps.clock.now());
}

export function toListItem(c: Row): ContactListItem {
  return {
    id: c.id,
    firstName: c.firstName,
    lastName: c.lastName,
    channelName: c.channelName,
    phone: c.phone,
    email: c.email,
    status: c.status,
    source: c.source,
    tags: c.tags,
    gender: c.gender,
    language: c.language,
    country: c.country,
    location: c.location,
    optedOut: c.optedOutMarketing,
    createdAt: c.createdAt.toISOString(),
    lastActiveAt: c.lastActiveAt?.toISOString() ?? null,
    messagesFromCustomer: c.messagesFromCustomer,
    unresolvedQueries: c.unresolvedQueries,
    sessions: c.sessionsCount,
    averageSentiment: c.sentimentCount ? c.sentimentSum / c.sentimentCount : null,
  };
}
