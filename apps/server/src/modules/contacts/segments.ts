// Segments: named sets of contacts. Dynamic ones keep conditions (checked at save against the allow-list and the
// current attributes); static ones keep a member list, fixed when made from a selection or from "all N matching".
import type { ContactFilter, CreateSegmentRequest, SegmentView, UpdateSegmentRequest } from '@parley/contracts';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf, withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { recordAudit, type Principal } from '../identity';
import { countSelection, loadAttributes, selectionWhere } from './contact-selection';
import { attributeKeysOf, validateFilter } from './filter-sql';
import { contacts, segmentMembers, segments } from './tables';

type SegmentRow = typeof segments.$inferSelect;

export const toSegmentView = (s: SegmentRow): SegmentView => ({
  id: s.id,
  name: s.name,
  description: s.description,
  kind: s.kind,
  definition: s.definition ?? null,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});

export async function listSegments(db: Db, workspaceId: string): Promise<SegmentView[]> {
  const rows = await db.select().from(segments).where(eq(segments.workspaceId, workspaceId)).orderBy(asc(segments.name));
  return rows.map(toSegmentView);
}

export async function getSegment(db: Db, workspaceId: string, id: string): Promise<SegmentView> {
  return toSegmentView(await findSegment(db, workspaceId, id));
}

async function findSegment(db: Db, workspaceId: string, id: string): Promise<SegmentRow> {
  const [row] = await db
    .select()
    .from(segments)
    .where(and(eq(segments.workspaceId, workspaceId), eq(segments.id, id)));
  if (!row) throw notFound('Segment');
  return row;
}

/** Refuse at save what could not run: unknown fields, operators, values, and attributes that do not exist (now). */
async function checkDefinition(db: Db, workspaceId: string, definition: ContactFilter, now: Date): Promise<void> {
  const attributes = await loadAttributes(db, workspaceId, attributeKeysOf(definition));
  validateFilter(definition, { attributes, now, path: 'definition' });
}

export async function createSegment(
  deps: Deps,
  p: Principal,
  input: CreateSegmentRequest,
  ip?: string,
): Promise<{ segment: SegmentView; members: number | null }> {
  const now = deps.clock.now();
  if (input.kind === 'dynamic') await checkDefinition(deps.db, p.workspaceId, input.definition, now);
  // Resolve "all N matching" (and refuse a bad filter) before anything is written.
  const allMatching =
    input.kind === 'static' && input.allMatching
      ? await selectionWhere(deps.db, p.workspaceId, input.allMatching, now, {
          filter: 'allMatching.filter',
          segment: 'allMatching.segment',
        })
      : undefined;
  return withTx(deps.db, async (tx) => {
    const [row] = await tx
      .insert(segments)
      .values({
        workspaceId: p.workspaceId,
        name: input.name,
        description: input.description ?? '',
        kind: input.kind,
        definition: input.kind === 'dynamic' ? input.definition : null,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw nameTaken(input.name);
    let members: number | null = null;
    if (input.kind === 'static') {
      const picked = allMatching ?? and(eq(contacts.workspaceId, p.workspaceId), inArray(contacts.id, input.contactIds ?? []))!;
      // One INSERT … SELECT: ids from another workspace, or unknown, simply select nothing.
      const inserted = await tx.execute(sql`
        with added as (
          insert into ${segmentMembers} (workspace_id, segment_id, contact_id)
          select ${contacts.workspaceId}, ${row.id}::uuid, ${contacts.id} from ${contacts} where ${picked}
          on conflict do nothing
          returning 1
        )
        select count(*)::int as n from added`);
      members = Number(rowsOf<{ n: number }>(inserted)[0]?.n ?? 0);
    }
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'segment.created',
      targetType: 'segment',
      targetId: row.id,
      details: { kind: row.kind, ...(members === null ? {} : { members }) },
      ip,
    });
    return { segment: toSegmentView(row), members };
  });
}

export async function updateSegment(deps: Deps, p: Principal, id: string, input: UpdateSegmentRequest, ip?: string): Promise<SegmentView> {
  const current = await findSegment(deps.db, p.workspaceId, id);
  if (input.definition !== undefined) {
    if (current.kind !== 'dynamic') throw invalidField('definition', 'a static segment has members, not conditions');
    await checkDefinition(deps.db, p.workspaceId, input.definition, deps.clock.now());
  }
  return withTx(deps.db, async (tx) => {
    const [row] = await tx
      .update(segments)
      .set({ ...input, updatedAt: deps.clock.now() })
      .where(and(eq(segments.workspaceId, p.workspaceId), eq(segments.id, id)))
      .returning()
      .catch((err: unknown) => {
        if (isUniqueViolation(err)) throw nameTaken(input.name ?? '');
        throw err;
      });
    if (!row) throw notFound('Segment');
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'segment.updated',
      targetType: 'segment',
      targetId: id,
      details: { fields: Object.keys(input) },
      ip,
    });
    return toSegmentView(row);
  });
}

export async function deleteSegment(deps: Deps, p: Principal, id: string, ip?: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const [row] = await tx
      .delete(segments)
      .where(and(eq(segments.workspaceId, p.workspaceId), eq(segments.id, id)))
      .returning({ id: segments.id });
    if (!row) throw notFound('Segment');
    await tx.delete(segmentMembers).where(and(eq(segmentMembers.workspaceId, p.workspaceId), eq(segmentMembers.segmentId, id)));
    await recordAudit(tx, deps.clock, p, p.workspaceId, { action: 'segment.deleted', targetType: 'segment', targetId: id, ip });
  });
}

/** How many contacts the segment holds now (archived ones left out unless its conditions name a status). */
export async function countSegment(deps: Pick<Deps, 'db' | 'clock'>, workspaceId: string, id: string): Promise<number> {
  await findSegment(deps.db, workspaceId, id);
  return countSelection(deps.db, workspaceId, { segment: id }, deps.clock.now());
}

const nameTaken = (name: string) =>
  new AppError('conflict', `name: a segment "${name}" already exists`, {
    issues: [{ field: 'name', message: 'a segment with this name already exists' }],
  });

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
