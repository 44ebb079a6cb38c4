// Start a bulk action: checked, then done inside the request when it touches at most BULK_INLINE_LIMIT contacts,
// else handed to a job (in the same transaction that records it, so neither exists without the other).
import { BULK_INLINE_LIMIT, type BulkActionRequest, type BulkActionView } from '@parley/contracts';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { recordAudit, type Principal } from '../../identity';
import { selectionWhere } from '../contact-selection';
import { contacts, segments } from '../tables';
import { applyBatch, BulkStopped } from './apply';
import type { BulkHooks } from './hooks';
import { bulkActionJob } from './job-definition';
import { prepareOperation } from './prepare';
import { bulkActions, type BulkSelection } from './tables';
import { operationShape, selectionShape, toBulkView } from './view';

const paths = { filter: 'allMatching.filter', segment: 'allMatching.segment' };

export async function startBulkAction(
  deps: Deps,
  p: Principal,
  req: BulkActionRequest,
  hooks: BulkHooks,
  ip?: string,
): Promise<BulkActionView> {
  const operation = await prepareOperation(deps.db, p, req.operation);
  const now = deps.clock.now();
  const selection: BulkSelection = req.contactIds ? { ids: [...new Set(req.contactIds)] } : { allMatching: req.allMatching ?? {} };
  // A bad filter or an unknown segment is a 400 before anything is written.
  const where = 'allMatching' in selection ? await selectionWhere(deps.db, p.workspaceId, selection.allMatching, now, paths) : undefined;
  const actor =
    p.kind === 'user' ? { actorType: 'user' as const, actorId: p.userId } : { actorType: 'api_token' as const, actorId: p.tokenId };

  const row = await withTx(deps.db, async (tx) => {
    const ids = await smallSet(tx, p.workspaceId, selection, where);
    const segmentId = operation.type === 'create_segment' ? await createStaticSegment(tx, p.workspaceId, operation, now) : null;
    const [action] = await tx
      .insert(bulkActions)
      .values({
        workspaceId: p.workspaceId,
        operation,
        mode: ids ? 'inline' : 'job',
        status: ids ? 'running' : 'queued',
        selection: ids ? null : selection,
        selectedAt: now,
        total: ids?.length ?? null,
        segmentId,
        ...actor,
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'contacts.bulk',
      targetType: 'bulk_action',
      targetId: action!.id,
      details: {
        operation: operationShape(operation),
        selection: selectionShape(selection),
        contacts: ids?.length ?? null,
        mode: action!.mode,
      },
      ip,
    });
    if (segmentId) {
      await recordAudit(tx, deps.clock, p, p.workspaceId, {
        action: 'segment.created',
        targetType: 'segment',
        targetId: segmentId,
        details: { kind: 'static', bulkAction: action!.id },
        ip,
      });
    }
    if (!ids) {
      await deps.queue.enqueue(tx, bulkActionJob, { workspaceId: p.workspaceId, actionId: action!.id });
      return action!;
    }
    const outcome = await applyBatch(tx, { workspaceId: p.workspaceId, operation, segmentId, at: now }, ids, hooks).catch(
      (err: unknown) => {
        // An attribute deleted between the check and this statement: the whole request is refused.
        if (err instanceof BulkStopped) throw new AppError('conflict', err.message);
        throw err;
      },
    );
    const [finished] = await tx
      .update(bulkActions)
      .set({
        status: 'done',
        done: outcome.done,
        failed: outcome.failures.length,
        failures: outcome.failures.slice(0, 20),
        finishedAt: now,
      })
      .where(and(eq(bulkActions.workspaceId, p.workspaceId), eq(bulkActions.id, action!.id)))
      .returning();
    return finished!;
  });
  return toBulkView(row);
}

/** The contacts, when there are at most BULK_INLINE_LIMIT of them; null when a job must take them. */
async function smallSet(tx: Db, workspaceId: string, selection: BulkSelection, where: SQL | undefined): Promise<string[] | null> {
  if ('ids' in selection) return selection.ids.length <= BULK_INLINE_LIMIT ? selection.ids : null;
  const rows = await tx
    .select({ id: contacts.id })
    .from(contacts)
    .where(where)
    .orderBy(asc(contacts.id))
    .limit(BULK_INLINE_LIMIT + 1);
  return rows.length <= BULK_INLINE_LIMIT ? rows.map((r) => r.id) : null;
}

async function createStaticSegment(
  tx: Db,
  workspaceId: string,
  op: { name: string; description?: string | undefined },
  now: Date,
): Promise<string> {
  const [row] = await tx
    .insert(segments)
    .values({
      workspaceId,
      name: op.name,
      description: op.description ?? '',
      kind: 'static',
      definition: null,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: segments.id });
  if (!row) {
    throw new AppError('conflict', `operation.name: a segment "${op.name}" already exists`, {
      issues: [{ field: 'operation.name', message: 'a segment with this name already exists' }],
    });
  }
  return row.id;
}
