import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { actorOf, type Principal } from './principal';
import { auditLog } from './tables';

export interface AuditInput {
  action: string;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  ip?: string;
}

/** Record an admin action. Call it inside the transaction that makes the change, so both or neither land. */
export async function recordAudit(db: Db, clock: Clock, actor: Principal | 'system', workspaceId: string, input: AuditInput) {
  const who = actor === 'system' ? { actorType: 'system' as const, actorId: null } : actorOf(actor);
  await db.insert(auditLog).values({
    workspaceId,
    at: clock.now(),
    ...who,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    details: input.details ?? {},
    ip: input.ip ?? null,
  });
}

export async function listAudit(db: Db, workspaceId: string, limit: number, before?: number) {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), before ? lt(auditLog.id, before) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actorType: r.actorType,
      actorId: r.actorId,
      action: r.action,
      targetType: r.targetType,
      targetId: r.targetId,
      details: r.details,
    })),
    nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  };
}
