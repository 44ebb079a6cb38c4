// The import job: the stored file streamed again, every row checked as in the preview, and written in batches.
// Each batch commits with the counters that count it, so `processed` says exactly which rows are done: a re-run
// (a retry after a crash, or pg-boss delivering the job twice) skips them and never writes a row twice. Two runs at
// once cannot both write a batch: each batch locks the import row and checks `processed` first.
import { sql } from 'drizzle-orm';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { AppError } from '../../../platform/errors';
import { openSpreadsheet } from '../../../platform/excel';
import { recordAudit } from '../../identity';
import { loadImport, progressEvent, whereImport, type ImportRow } from './imports';
import { IMPORT_BATCH_ROWS, IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './limits';
import { rulesFor } from './rules-context';
import { checkRow, DuplicateFinder, type CheckedRow, type RowRules } from './row-rules';
import { deleteFile, readFile } from './stored-file';
import { contactImports } from './tables';
import { upsertRows } from './upsert-rows';

export async function runImport(deps: Deps, d: { workspaceId: string; importId: string }): Promise<void> {
  const imp = await claim(deps, d.workspaceId, d.importId);
  if (!imp) return;
  let rules: RowRules;
  try {
    rules = await rulesFor(deps, imp);
  } catch (err) {
    // The mapping no longer fits (an attribute was deleted after the start): nothing more can be imported.
    if (err instanceof AppError && err.status === 400) return fail(deps, imp, err.message);
    throw err;
  }
  let sheet;
  try {
    sheet = await openSpreadsheet(readFile(deps.db, imp.workspaceId, imp.id), {
      filename: imp.fileName,
      maxRows: IMPORT_MAX_ROWS,
      maxBytes: IMPORT_MAX_BYTES,
    });
  } catch (err) {
    if (err instanceof AppError && err.status === 400) return fail(deps, imp, err.message);
    throw err;
  }
  // One batch is written while the next is read and checked: PostgreSQL and Node work at the same time.
  let writing: Promise<{ ok: boolean } | { err: unknown }> | null = null;
  const written = async () => {
    const outcome = await writing;
    writing = null;
    if (outcome && 'err' in outcome) throw outcome.err;
    return !outcome || outcome.ok;
  };
  try {
    const duplicates = new DuplicateFinder(rules.upsertKey);
    let seen = 0;
    let batch: CheckedRow[] = [];
    for await (const r of sheet.rows) {
      // Rows already committed are still checked: the duplicate finder must know their keys.
      const row = checkRow(rules, r);
      duplicates.check(row);
      if (++seen <= imp.processed) continue;
      batch.push(row);
      if (batch.length === IMPORT_BATCH_ROWS) {
        if (!(await written())) return;
        // Settled into a value at once, so a failure waits for the next await instead of going unhandled.
        writing = writeBatch(deps, imp, batch, seen - batch.length).then(
          (ok) => ({ ok }),
          (err: unknown) => ({ err }),
        );
        batch = [];
      }
    }
    if (!(await written())) return;
    if (batch.length && !(await writeBatch(deps, imp, batch, seen - batch.length))) return;
    await close(deps, imp, 'done', null);
  } catch (err) {
    // A batch still being written finishes first (its outcome no longer matters: the read failed).
    await writing;
    // The file turned out unreadable part-way (it was read whole at upload, so this is rare): the rows before stay.
    if (err instanceof AppError && err.status === 400) return fail(deps, imp, err.message);
    throw err;
  } finally {
    await sheet.close();
  }
}

/** queued → running (or running again after a crash); anything else means there is nothing to do. */
async function claim(deps: Deps, workspaceId: string, id: string): Promise<ImportRow | null> {
  return withTx(deps.db, async (tx) => {
    const [imp] = await tx.select().from(contactImports).where(whereImport(workspaceId, id)).for('update');
    if (!imp || (imp.status !== 'queued' && imp.status !== 'running')) return null;
    if (imp.status === 'running') return imp;
    const now = deps.clock.now();
    const [running] = await tx
      .update(contactImports)
      .set({ status: 'running', startedAt: now, updatedAt: now })
      .where(whereImport(workspaceId, id))
      .returning();
    await deps.realtime.publish(tx, `workspace:${workspaceId}`, progressEvent(running!));
    return running!;
  });
}

/** One batch and its counters, or false when another run got there first or the import was cancelled. */
async function writeBatch(deps: Deps, imp: ImportRow, rows: CheckedRow[], processedBefore: number): Promise<boolean> {
  return withTx(deps.db, async (tx) => {
    // One workspace's imports write one batch at a time: two files bringing the same new number at once must not
    // both create it (contacts have no unique phone or email).
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('contacts.import'), hashtext(${imp.workspaceId}))`);
    const current = await loadImport(tx, imp.workspaceId, imp.id, { lock: true });
    if (current.status !== 'running' || current.processed !== processedBefore) return false;
    const at = deps.clock.now();
    const counts = await upsertRows(
      tx,
      { workspaceId: imp.workspaceId, importId: imp.id, upsertKey: imp.upsertKey, source: `import:${imp.sourceLabel}`, at },
      rows,
    );
    const [next] = await tx
      .update(contactImports)
      .set({
        processed: sql`${contactImports.processed} + ${rows.length}`,
        inserted: sql`${contactImports.inserted} + ${counts.inserted}`,
        updated: sql`${contactImports.updated} + ${counts.updated}`,
        rejected: sql`${contactImports.rejected} + ${counts.rejected}`,
        updatedAt: at,
      })
      .where(whereImport(imp.workspaceId, imp.id))
      .returning();
    await deps.realtime.publish(tx, `workspace:${imp.workspaceId}`, progressEvent(next!));
    return true;
  });
}

async function fail(deps: Deps, imp: ImportRow, error: string): Promise<void> {
  await close(deps, imp, 'failed', error);
}

/** The end of an import: its status, its file deleted, an audit entry (counts only, no personal data). */
async function close(deps: Deps, imp: ImportRow, status: 'done' | 'failed', error: string | null): Promise<void> {
  await withTx(deps.db, async (tx) => {
    const current = await loadImport(tx, imp.workspaceId, imp.id, { lock: true });
    if (current.status !== 'running') return;
    const now = deps.clock.now();
    const [closed] = await tx
      .update(contactImports)
      .set({ status, error, finishedAt: now, updatedAt: now })
      .where(whereImport(imp.workspaceId, imp.id))
      .returning();
    await deleteFile(tx, imp.workspaceId, imp.id);
    await recordAudit(tx, deps.clock, 'system', imp.workspaceId, {
      action: status === 'done' ? 'contacts.import.finished' : 'contacts.import.failed',
      targetType: 'contact_import',
      targetId: imp.id,
      details: {
        rows: closed!.processed,
        inserted: closed!.inserted,
        updated: closed!.updated,
        rejected: closed!.rejected,
        ...(error ? { error } : {}),
      },
    });
    await deps.realtime.publish(tx, `workspace:${imp.workspaceId}`, progressEvent(closed!));
  });
}
