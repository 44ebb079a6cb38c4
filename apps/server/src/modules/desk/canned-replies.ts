// Canned replies: the workspace's list (every staff member reads it; admins keep it). A shortcut is unique in the
// workspace (the unique index decides, so two admins saving at once cannot both win), and every `{{placeholder}}`
// must be one Parley can fill: a typo would otherwise reach the customer as "{{frist_name}}".
import { unknownPlaceholders, type CannedReply, type CreateCannedReplyRequest, type UpdateCannedReplyRequest } from '@parley/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit, type Principal } from '../identity';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { cannedReplies } from './tables';

type Row = typeof cannedReplies.$inferSelect;

const toView = (r: Row): CannedReply => ({
  id: r.id,
  title: r.title,
  shortcut: r.shortcut,
  text: r.text,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

export async function listCannedReplies(db: Db, workspaceId: string): Promise<CannedReply[]> {
  const rows = await db.select().from(cannedReplies).where(eq(cannedReplies.workspaceId, workspaceId)).orderBy(asc(cannedReplies.shortcut));
  return rows.map(toView);
}

export async function createCannedReply(deps: Deps, p: Principal, input: CreateCannedReplyRequest, ip?: string): Promise<CannedReply> {
  checkPlaceholders(input.text);
  return withTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    const [row] = await tx
      .insert(cannedReplies)
      .values({ workspaceId: p.workspaceId, ...input, createdBy: p.kind === 'user' ? p.userId : null, createdAt: now, updatedAt: now })
      .onConflictDoNothing()
      .returning();
    if (!row) throw await shortcutTaken(tx, p.workspaceId, input.shortcut);
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'canned_reply.created',
      targetType: 'canned_reply',
      targetId: row.id,
      ip,
    });
    return toView(row);
  });
}

export async function updateCannedReply(
  deps: Deps,
  p: Principal,
  id: string,
  input: UpdateCannedReplyRequest,
  ip?: string,
): Promise<CannedReply> {
  if (input.text !== undefined) checkPlaceholders(input.text);
  return withTx(deps.db, async (tx) => {
    await getRow(tx, p.workspaceId, id);
    if (input.shortcut !== undefined) {
      const [other] = await tx
        .select({ id: cannedReplies.id })
        .from(cannedReplies)
        .where(and(eq(cannedReplies.workspaceId, p.workspaceId), eq(cannedReplies.shortcut, input.shortcut)));
      if (other && other.id !== id) throw await shortcutTaken(tx, p.workspaceId, input.shortcut);
    }
    const [row] = await tx
      .update(cannedReplies)
      .set({ ...input, updatedAt: deps.clock.now() })
      .where(and(eq(cannedReplies.workspaceId, p.workspaceId), eq(cannedReplies.id, id)))
      .returning();
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'canned_reply.updated',
      targetType: 'canned_reply',
      targetId: id,
      details: { fields: Object.keys(input) },
      ip,
    });
    return toView(row!);
  }).catch(async (err: unknown) => {
    // Another admin took the shortcut between our check and our write: the unique index said no.
    if (input.shortcut !== undefined && isUniqueViolation(err)) throw await shortcutTaken(deps.db, p.workspaceId, input.shortcut);
    throw err;
  });
}

export async function deleteCannedReply(deps: Deps, p: Principal, id: string, ip?: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const deleted = await tx
      .delete(cannedReplies)
      .where(and(eq(cannedReplies.workspaceId, p.workspaceId), eq(cannedReplies.id, id)))
      .returning({ id: cannedReplies.id });
    if (deleted.length === 0) throw notFound('Canned reply');
    await recordAudit(tx, deps.clock, p, p.workspaceId, { action: 'canned_reply.deleted', targetType: 'canned_reply', targetId: id, ip });
  });
}

async function getRow(db: Db, workspaceId: string, id: string): Promise<Row> {
  const [row] = await db
    .select()
    .from(cannedReplies)
    .where(and(eq(cannedReplies.workspaceId, workspaceId), eq(cannedReplies.id, id)))
    .for('update');
  if (!row) throw notFound('Canned reply');
  return row;
}

function checkPlaceholders(text: string): void {
  const unknown = unknownPlaceholders(text);
  if (unknown.length > 0) {
    throw invalidField(
      'text',
      `{{${unknown[0]}}} is not a placeholder Parley can fill; use first_name, last_name, name, phone, email, agent_name or attr.<attribute key>`,
    );
  }
}

async function shortcutTaken(db: Db, workspaceId: string, shortcut: string): Promise<AppError> {
  const [holder] = await db
    .select({ title: cannedReplies.title })
    .from(cannedReplies)
    .where(and(eq(cannedReplies.workspaceId, workspaceId), eq(cannedReplies.shortcut, shortcut)));
  const message = `${shortcut} is already the shortcut of "${holder?.title ?? 'another reply'}"`;
  return new AppError('conflict', `shortcut: ${message}`, { issues: [{ field: 'shortcut', message }] });
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
