// Which contacts a request means: a search, a filter and a segment, ANDed, inside one workspace. The list, the
// export, "all N matching" and segment counts all start here, so they always agree.
import { contactFilter, type ContactFilter, type ContactSelection } from '@parley/contracts';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { invalidField } from '../../platform/errors';
import { attributeKeysOf, compileFilter, mentionsStatus, type AttributeInfo } from './filter-sql';
import { searchCondition } from './search-sql';
import { attributeDefinitions, contacts, segmentMembers, segments } from './tables';

export interface SelectionPaths {
  /** Error field of the filter: "query.filter" (list, export) or "allMatching.filter" (a body). */
  filter: string;
  segment: string;
}

export const queryPaths: SelectionPaths = { filter: 'query.filter', segment: 'query.segment' };

/** The `filter` query parameter: JSON of contactFilter. A 400 names the part that is wrong. */
export function parseFilterParam(raw: string | undefined, path = 'query.filter'): ContactFilter | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalidField(path, 'is not valid JSON');
  }
  const parsed = contactFilter.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalidField([path, ...issue.path.map(String)].join('.'), issue.message);
  }
  return parsed.data;
}

/**
 * The SQL condition on `contacts` for a selection. Archived contacts are left out unless the filter or the
 * segment says something about status (PRODUCT §2: hidden by default).
 */
export async function selectionWhere(
  db: Db,
  workspaceId: string,
  sel: ContactSelection,
  now: Date,
  paths: SelectionPaths = queryPaths,
): Promise<SQL> {
  const segment = sel.segment ? await loadSegment(db, workspaceId, sel.segment, paths.segment) : undefined;
  const definition = segment?.kind === 'dynamic' ? segment.definition : null;
  const attributes = await loadAttributes(db, workspaceId, [...attributeKeysOf(sel.filter), ...attributeKeysOf(definition)]);
  const showsArchived = mentionsStatus(sel.filter) || mentionsStatus(definition);
  return and(
    eq(contacts.workspaceId, workspaceId),
    showsArchived ? undefined : eq(contacts.status, 'active'),
    await searchCondition(db, workspaceId, sel.q),
    sel.filter ? compileFilter(sel.filter, { attributes, now, path: paths.filter }) : undefined,
    segment ? segmentCondition(segment, attributes, now) : undefined,
  )!;
}

type SegmentRow = typeof segments.$inferSelect;

async function loadSegment(db: Db, workspaceId: string, id: string, path: string): Promise<SegmentRow> {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
  if (!row) throw invalidField(path, 'is not a segment of this workspace');
  return row;
}

/** A segment's members: its saved conditions, leniently (a vanished attribute matches nothing), or its member list. */
export function segmentCondition(segment: SegmentRow, attributes: ReadonlyMap<string, AttributeInfo>, now: Date): SQL {
  if (segment.kind === 'dynamic') {
    if (!segment.definition) return sql`true`;
    return compileFilter(segment.definition, { attributes, now, path: 'definition', lenient: true }) ?? sql`true`;
  }
  return sql`exists (select 1 from ${segmentMembers} where ${segmentMembers.workspaceId} = ${contacts.workspaceId} and ${segmentMembers.segmentId} = ${segment.id} and ${segmentMembers.contactId} = ${contacts.id})`;
}

export async function loadAttributes(db: Db, workspaceId: string, keys: string[]): Promise<Map<string, AttributeInfo>> {
  const wanted = [...new Set(keys)];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ key: attributeDefinitions.key, type: attributeDefinitions.type, options: attributeDefinitions.options })
    .from(attributeDefinitions)
    .where(and(eq(attributeDefinitions.workspaceId, workspaceId), inArray(attributeDefinitions.key, wanted)));
  return new Map(rows.map((r) => [r.key, { type: r.type, options: r.options }]));
}
