// The job side of a bulk action. Safe to run twice, or twice at once: collecting happens once (under the action's
// row lock, only while queued); each batch claims its targets with SKIP LOCKED and deletes them in the transaction
// that applies them, so a contact is applied at most once; only the runner whose conditional UPDATE moves the
// action to done records the finish.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { type Db, rowsOf, withTx } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { recordAudit } from '../../identity';
import { selectionWhere } from '../contact-selection';
import { contacts } from '../tables';
import { applyBatch, BulkStopped } from './apply';
import type { BulkHooks } from './hooks';
import { bulkActionJob } from './job-definition';
import { bulkActions, bulkActionTargets } from './tables';
import type { BulkActionRow } from './view';

export const BULK_BATCH_SIZE = 500;
/** A run stops taking batches after this long and queues its continuation (jobs stay short; progress shows). */
const RUN_BUDGET_MS = 20_000;
const MAX_FAILURES_KEPT = 20;

export interface BulkJob {
  workspaceId: string;
  actionId: string;
}

export async function runBulkAction(deps: Deps, hooks: BulkHooks, job: BulkJob, budgetMs = RUN_BUDGET_MS): Promise<void> {
  const started = performance.now();
  const action = await collectTargets(deps, job);
  if (action?.status !== 'running') return;
  for (;;) {
    let result: 'applied' | 'empty';
    try {
      result = await withTx(deps.db, (tx) => processBatch(deps, tx, action, hooks));
    } catch (err) {
      if (!(err instanceof BulkStopped)) throw err;
      await failAction(deps, job, err.message);
      return;
    }
    if (result === 'empty') {
      await finishAction(deps, job);
      return;
    }
    if (performance.now() - started > budgetMs) {
      await deps.queue.enqueue(undefined, bulkActionJob, job);
      return;
    }
  }
}

const actionKey = (job: BulkJob) => and(eq(bulkActions.workspaceId, job.workspaceId), eq(bulkActions.id, job.actionId));

/** Copy the contacts the action applies to into its targets, once (the first run, while it is queued). */
async function collectTargets(deps: Deps, job: BulkJob): Promise<BulkActionRow | undefined> {
  return withTx(deps.db, async (tx) => {
    const [action] = await tx.select().from(bulkActions).where(actionKey(job)).for('update');
    if (!action || action.status !== 'queued') return action;
    const sel = action.selection;
    let where: SQL;
    try {
      where = !sel
        ? sql`false`
        : 'ids' in sel
          ? and(eq(contacts.workspaceId, job.workspaceId), inArray(contacts.id, sel.ids))!
          : await selectionWhere(tx, job.workspaceId, sel.allMatching, action.selectedAt, {
              filter: 'allMatching.filter',
              segment: 'allMatching.segment',
            });
    } catch (err) {
      // The segment it was to act on was deleted, or an attribute its filter names: nothing is done.
      if (!(err instanceof AppError)) throw err;
      return (await markFailed(deps, tx, action, err.message)) ?? action;
    }
    const inserted = await tx.execute(sql`
      with added as (
        insert into ${bulkActionTargets} (workspace_id, action_id, contact_id)
        select ${contacts.workspaceId}, ${action.id}::uuid, ${contacts.id} from ${contacts} where ${where}
        on conflict do nothing
        returning contact_id
      )
      select contact_id from added`);
    const collected = rowsOf<{ contact_id: string }>(inserted).map((r) => r.contact_id);
    // Ids that were not (or no longer) contacts of this workspace count as failed from the start.
    const found = new Set(collected);
    const missing = sel && 'ids' in sel ? sel.ids.filter((id) => !found.has(id)) : [];
    const [running] = await tx
      .update(bulkActions)
      .set({
        status: 'running',
        selection: null,
        total: collected.length + missing.length,
        failed: missing.length,
        failures: missing.slice(0, MAX_FAILURES_KEPT).map((contactId) => ({ contactId, reason: 'the contact no longer exists' })),
      })
      .where(actionKey(job))
      .returning();
    await publishProgress(deps, tx, running!);
    return running;
  });
}

async function processBatch(deps: Deps, tx: Db, action: BulkActionRow, hooks: BulkHooks): Promise<'applied' | 'empty'> {
  const t = bulkActionTargets;
  // Materialized: the batch is picked once (a subquery in the DELETE could be re-run and take more than a batch).
  const claimed = await tx.execute(sql`
    with batch as materialized (
      select contact_id from ${t}
      where ${t.workspaceId} = ${action.workspaceId} and ${t.actionId} = ${action.id}
      order by contact_id limit ${BULK_BATCH_SIZE}
      for update skip locked
    )
    delete from ${t} using batch
    where ${t.workspaceId} = ${action.workspaceId} and ${t.actionId} = ${action.id} and ${t.contactId} = batch.contact_id
    returning ${t.contactId} as contact_id`);
  const ids = rowsOf<{ contact_id: string }>(claimed)
    .map((r) => r.contact_id)
    .sort();
  if (ids.length === 0) return 'empty';
  const outcome = await applyBatch(
    tx,
    { workspaceId: action.workspaceId, operation: action.operation, segmentId: action.segmentId, at: deps.clock.now() },
    ids,
    hooks,
  );
  const [row] = await tx
    .update(bulkActions)
    .set({
      done: sql`${bulkActions.done} + ${outcome.done}`,
      failed: sql`${bulkActions.failed} + ${outcome.failures.length}`,
      failures: sql`(select coalesce(jsonb_agg(x.e order by x.n), '[]'::jsonb)
        from jsonb_array_elements(${bulkActions.failures} || ${JSON.stringify(outcome.failures)}::jsonb) with ordinality as x(e, n)
        where x.n <= ${MAX_FAILURES_KEPT})`,
    })
    .where(actionKey({ workspaceId: action.workspaceId, actionId: action.id }))
    .returning();
  await publishProgress(deps, tx, row!);
  return 'applied';
}

/** Done when no target is left (a concurrent runner still holding some finishes instead). Recorded once. */
async function finishAction(deps: Deps, job: BulkJob): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const [row] = await tx
      .update(bulkActions)
      // A contact erased meanwhile leaves the targets without being counted (erasure forgets it everywhere): it
      // counts as failed, so done + failed = total.
      .set({
        status: 'done',
        failed: sql`greatest(${bulkActions.failed}, ${bulkActions.total} - ${bulkActions.done})`,
        finishedAt: deps.clock.now(),
      })
      .where(
        and(
          actionKey(job),
          eq(bulkActions.status, 'running'),
          sql`not exists (select 1 from ${bulkActionTargets} where ${bulkActionTargets.workspaceId} = ${job.workspaceId} and ${bulkActionTargets.actionId} = ${job.actionId})`,
        ),
      )
      .returning();
    if (!row) return;
    await recordAudit(tx, deps.clock, 'system', job.workspaceId, {
      action: 'contacts.bulk.finished',
      targetType: 'bulk_action',
      targetId: row.id,
      details: { operation: row.operation.type, total: row.total, done: row.done, failed: row.failed, startedBy: starter(row) },
    });
    await publishProgress(deps, tx, row);
  });
}

async function failAction(deps: Deps, job: BulkJob, reason: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const [action] = await tx.select().from(bulkActions).where(actionKey(job)).for('update');
    if (action) await markFailed(deps, tx, action, reason);
  });
}

async function markFailed(deps: Deps, tx: Db, action: BulkActionRow, reason: string): Promise<BulkActionRow | undefined> {
  await tx
    .delete(bulkActionTargets)
    .where(and(eq(bulkActionTargets.workspaceId, action.workspaceId), eq(bulkActionTargets.actionId, action.id)));
  const [row] = await tx
    .update(bulkActions)
    .set({ status: 'failed', error: reason, selection: null, finishedAt: deps.clock.now() })
    .where(and(actionKey({ workspaceId: action.workspaceId, actionId: action.id }), inArray(bulkActions.status, ['queued', 'running'])))
    .returning();
  if (!row) return undefined;
  await recordAudit(tx, deps.clock, 'system', action.workspaceId, {
    action: 'contacts.bulk.failed',
    targetType: 'bulk_action',
    targetId: row.id,
    details: { operation: row.operation.type, total: row.total, done: row.done, failed: row.failed, startedBy: starter(row) },
  });
  await publishProgress(deps, tx, row);
  return row;
}

const starter = (r: BulkActionRow) => ({ type: r.actorType, id: r.actorId });

/** Progress to whoever started it (their user room; integrations poll GET /bulk-actions/:id). Sent after commit. */
async function publishProgress(deps: Deps, tx: Db, r: BulkActionRow): Promise<void> {
  if (r.actorType !== 'user') return;
  await deps.realtime.publish(tx, `user:${r.actorId}`, {
    name: 'bulk.progress',
    data: { id: r.id, status: r.status, total: r.total, done: r.done, failed: r.failed },
  });
}
