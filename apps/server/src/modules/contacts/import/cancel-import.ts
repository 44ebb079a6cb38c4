// Ending an import early, by hand (DELETE) or by the hourly sweep; and forgetting the rejected rows of old ones.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { recordAudit, type Principal } from '../../identity';
import { loadImport, progressEvent, whereImport } from './imports';
import { DRAFT_TTL_MS, REJECTS_TTL_MS } from './limits';
import { deleteFile } from './stored-file';
import { contactImportChunks, contactImportRejects, contactImports } from './tables';

const OPEN = ['draft', 'queued', 'running'] as const;
/** A queued or running import whose counters have not moved for this long has lost its job (retries used up). */
const STALLED_MS = 3_600_000;

/**
 * An import not finished is cancelled: its file is deleted and a running job stops before its next batch (the rows
 * it already wrote stay). A finished one has its rejected rows deleted.
 */
export async function cancelImport(deps: Deps, p: Principal, id: string, ip?: string): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const imp = await loadImport(tx, p.workspaceId, id, { lock: true });
    if (!(OPEN as readonly string[]).includes(imp.status)) {
      await tx
        .delete(contactImportRejects)
        .where(and(eq(contactImportRejects.workspaceId, p.workspaceId), eq(contactImportRejects.importId, id)));
      return;
    }
    const now = deps.clock.now();
    const [cancelled] = await tx
      .update(contactImports)
      .set({ status: 'cancelled', finishedAt: now, updatedAt: now })
      .where(whereImport(p.workspaceId, id))
      .returning();
    await deleteFile(tx, p.workspaceId, id);
    if (imp.status !== 'draft') {
      await recordAudit(tx, deps.clock, p, p.workspaceId, {
        action: 'contacts.import.cancelled',
        targetType: 'contact_import',
        targetId: id,
        details: { processed: imp.processed, inserted: imp.inserted, updated: imp.updated, rejected: imp.rejected },
        ip,
      });
    }
    await deps.realtime.publish(tx, `workspace:${p.workspaceId}`, progressEvent(cancelled!));
  });
}

/** The hourly sweep: abandoned drafts cancelled, stalled imports failed, files of ended imports and old rejects gone. */
export async function sweepImports(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  await withTx(deps.db, async (tx) => {
    await tx
      .update(contactImports)
      .set({ status: 'cancelled', finishedAt: now, updatedAt: now })
      .where(and(eq(contactImports.status, 'draft'), lt(contactImports.updatedAt, new Date(now.getTime() - DRAFT_TTL_MS))));
    await tx
      .update(contactImports)
      .set({
        status: 'failed',
        error: 'The import stopped: its job failed repeatedly (see the server log)',
        finishedAt: now,
        updatedAt: now,
      })
      .where(
        and(inArray(contactImports.status, ['queued', 'running']), lt(contactImports.updatedAt, new Date(now.getTime() - STALLED_MS))),
      );
    await tx.execute(sql`
      delete from ${contactImportChunks} c using ${contactImports} i
      where i.workspace_id = c.workspace_id and i.id = c.import_id and i.status not in ('draft', 'queued', 'running')`);
    await tx.execute(sql`
      delete from ${contactImportRejects} r using ${contactImports} i
      where i.workspace_id = r.workspace_id and i.id = r.import_id and i.finished_at < ${new Date(now.getTime() - REJECTS_TTL_MS).toISOString()}::timestamptz`);
  });
}
