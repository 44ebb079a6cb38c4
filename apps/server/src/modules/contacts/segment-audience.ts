import { and, asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { loadAttributes, segmentCondition } from './contact-selection';
import { attributeKeysOf } from './filter-sql';
import { contacts, segments } from './tables';

export interface AudienceOptions {
  /** The time relative conditions ("last active within -30d") are measured from: pass deps.clock.now(). */
  now?: Date;
  /** Ids per page (default 1,000). */
  pageSize?: number;
}

/**
 * A segment as a campaign audience: the ids of its contacts, a page (array) at a time, in id order. Archived
 * contacts are never part of an audience (PRODUCT §2), whatever the segment's conditions say; opted-out ones are,
 * so the campaign decides what its kind of message allows. Each page is its own keyset query on the primary key
 * (no transaction held open), so contacts that join or leave while it runs may or may not be included.
 * A dynamic condition on an attribute that was deleted since the segment was saved matches nothing.
 * Throws not_found when the segment does not exist.
 */
export async function* segmentAudience(
  db: Db,
  workspaceId: string,
  segmentId: string,
  opts: AudienceOptions = {},
): AsyncGenerator<string[]> {
  const [segment] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, segmentId)));
  if (!segment) throw notFound('Segment');
  const now = opts.now ?? new Date();
  const pageSize = opts.pageSize ?? 1000;
  const attributes = await loadAttributes(db, workspaceId, attributeKeysOf(segment.definition));
  const members = and(eq(contacts.workspaceId, workspaceId), eq(contacts.status, 'active'), segmentCondition(segment, attributes, now));
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .select({ id: contacts.id })
      .from(contacts)
      .where(after ? and(members, gt(contacts.id, after)) : members)
      .orderBy(asc(contacts.id))
      .limit(pageSize);
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.id;
  }
}
