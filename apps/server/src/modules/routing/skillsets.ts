import type { Skillset } from '@parley/contracts';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import { notFound } from '../../platform/errors';
import { skillsetMembers, skillsets } from './tables';

export type SkillsetRow = typeof skillsets.$inferSelect;

export interface SkillsetSummary {
  id: string;
  name: string;
  priority: number | null;
  memberIds: string[];
}

/** The workspace's live skillsets (deleted ones left out) with their members, by name. */
export async function listSkillsets(db: Db, workspaceId: string): Promise<SkillsetSummary[]> {
  return (await loadSkillsets(db, workspaceId)).map(({ createdAt: _createdAt, ...s }) => s);
}

export async function listSkillsetViews(db: Db, workspaceId: string): Promise<Skillset[]> {
  return (await loadSkillsets(db, workspaceId)).map((s) => ({ ...s, createdAt: s.createdAt.toISOString() }));
}

async function loadSkillsets(db: Db, workspaceId: string) {
  const rows = await db
    .select()
    .from(skillsets)
    .where(and(eq(skillsets.workspaceId, workspaceId), isNull(skillsets.deletedAt)))
    .orderBy(asc(skillsets.name), asc(skillsets.id));
  const members = await membersOf(
    db,
    workspaceId,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ id: r.id, name: r.name, priority: r.priority, memberIds: members.get(r.id) ?? [], createdAt: r.createdAt }));
}

/** A live skillset of this workspace; a deleted one or another workspace's answers 404. */
export async function getSkillset(db: Db, workspaceId: string, id: string, forUpdate = false): Promise<SkillsetRow> {
  const q = db
    .select()
    .from(skillsets)
    .where(and(eq(skillsets.workspaceId, workspaceId), eq(skillsets.id, id), isNull(skillsets.deletedAt)));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Skillset');
  return row;
}

export async function skillsetView(db: Db, row: SkillsetRow): Promise<Skillset> {
  const members = await membersOf(db, row.workspaceId, [row.id]);
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    memberIds: members.get(row.id) ?? [],
    createdAt: row.createdAt.toISOString(),
  };
}

async function membersOf(db: Db, workspaceId: string, skillsetIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (skillsetIds.length === 0) return out;
  const rows = await db
    .select({ skillsetId: skillsetMembers.skillsetId, userId: skillsetMembers.userId })
    .from(skillsetMembers)
    .where(and(eq(skillsetMembers.workspaceId, workspaceId), inArray(skillsetMembers.skillsetId, skillsetIds)))
    .orderBy(asc(skillsetMembers.userId));
  for (const r of rows) out.set(r.skillsetId, [...(out.get(r.skillsetId) ?? []), r.userId]);
  return out;
}
