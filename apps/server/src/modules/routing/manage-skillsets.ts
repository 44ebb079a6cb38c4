import type { CreateSkillsetRequest, Skillset, UpdateSkillsetRequest } from '@parley/contracts';
import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { activeUserIds, recordAudit, type Principal } from '../identity';
import { getSkillset, skillsetView } from './skillsets';
import { skillsetMembers, skillsets } from './tables';

export async function createSkillset(deps: Deps, p: Principal, input: CreateSkillsetRequest, ip?: string): Promise<Skillset> {
  return uniqueName(() =>
    withTx(deps.db, async (tx) => {
      const now = deps.clock.now();
      await assertNameFree(tx, p.workspaceId, input.name);
      const [row] = await tx
        .insert(skillsets)
        .values({ workspaceId: p.workspaceId, name: input.name, priority: input.priority ?? null, createdAt: now, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (!row) throw nameTaken(); // lost a race with a create of the same name
      await recordAudit(tx, deps.clock, p, p.workspaceId, {
        action: 'skillset.created',
        targetType: 'skillset',
        targetId: row.id,
        details: { name: row.name },
        ip,
      });
      return skillsetView(tx, row);
    }),
  );
}

export async function updateSkillset(deps: Deps, p: Principal, id: string, input: UpdateSkillsetRequest, ip?: string): Promise<Skillset> {
  return uniqueName(() =>
    withTx(deps.db, async (tx) => {
      await getSkillset(tx, p.workspaceId, id, true);
      if (input.name !== undefined) await assertNameFree(tx, p.workspaceId, input.name, id);
      const [row] = await tx
        .update(skillsets)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.priority !== undefined ? { priority: input.priority } : {}),
          updatedAt: deps.clock.now(),
        })
        .where(and(eq(skillsets.workspaceId, p.workspaceId), eq(skillsets.id, id)))
        .returning();
      await recordAudit(tx, deps.clock, p, p.workspaceId, {
        action: 'skillset.updated',
        targetType: 'skillset',
        targetId: id,
        details: { fields: Object.keys(input) },
        ip,
      });
      return skillsetView(tx, row!);
    }),
  );
}

/** Soft delete: the row stays so history naming it still resolves; its members are released and its name freed. */
export async function deleteSkillset(deps: Deps, p: Principal, id: string, ip?: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const row = await getSkillset(tx, p.workspaceId, id, true);
    const now = deps.clock.now();
    await tx
      .update(skillsets)
      .set({ deletedAt: now, updatedAt: now })
      .where(and(eq(skillsets.workspaceId, p.workspaceId), eq(skillsets.id, id)));
    await tx.delete(skillsetMembers).where(and(eq(skillsetMembers.workspaceId, p.workspaceId), eq(skillsetMembers.skillsetId, id)));
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'skillset.deleted',
      targetType: 'skillset',
      targetId: id,
      details: { name: row.name },
      ip,
    });
  });
}

/** Replace the members: every id must be an active user of the workspace, else nothing changes. */
export async function setSkillsetMembers(deps: Deps, p: Principal, id: string, userIds: string[], ip?: string): Promise<Skillset> {
  const wanted = [...new Set(userIds)];
  return withTx(deps.db, async (tx) => {
    const row = await getSkillset(tx, p.workspaceId, id, true);
    const active = await activeUserIds(tx, p.workspaceId, wanted);
    const issues = userIds.flatMap((u, i) =>
      active.has(u) ? [] : [{ field: `userIds.${i}`, message: 'is not an active user of this workspace' }],
    );
    if (issues.length > 0) {
      throw new AppError('validation_failed', `userIds: ${issues.map((i) => i.field).join(', ')} is not an active user of this workspace`, {
        issues,
      });
    }
    const now = deps.clock.now();
    await tx.delete(skillsetMembers).where(and(eq(skillsetMembers.workspaceId, p.workspaceId), eq(skillsetMembers.skillsetId, id)));
    if (wanted.length > 0) {
      await tx
        .insert(skillsetMembers)
        .values(wanted.map((userId) => ({ workspaceId: p.workspaceId, skillsetId: id, userId, createdAt: now })));
    }
    await tx
      .update(skillsets)
      .set({ updatedAt: now })
      .where(and(eq(skillsets.workspaceId, p.workspaceId), eq(skillsets.id, id)));
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'skillset.members_set',
      targetType: 'skillset',
      targetId: id,
      details: { count: wanted.length },
      ip,
    });
    return skillsetView(tx, row);
  });
}

async function assertNameFree(tx: Db, workspaceId: string, name: string, exceptId?: string) {
  const [clash] = await tx
    .select({ id: skillsets.id })
    .from(skillsets)
    .where(
      and(
        eq(skillsets.workspaceId, workspaceId),
        isNull(skillsets.deletedAt),
        sql`lower(${skillsets.name}) = ${name.toLowerCase()}`,
        exceptId ? ne(skillsets.id, exceptId) : undefined,
      ),
    );
  if (clash) throw nameTaken();
}

// A concurrent create or rename can still hit the unique index after the check: same answer.
async function uniqueName<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

const nameTaken = () =>
  new AppError('conflict', 'name: a skillset with this name already exists', {
    issues: [{ field: 'name', message: 'a skillset with this name already exists' }],
  });
