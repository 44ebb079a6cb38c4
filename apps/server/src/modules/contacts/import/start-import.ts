// Start: the draft becomes queued and its job is enqueued in the same transaction, with an audit entry.
import type { ContactImport } from '@parley/contracts';
import type { Deps } from '../../../platform/deps';
import { withTx } from '../../../platform/db';
import { recordAudit, type Principal } from '../../identity';
import { loadImport, toContactImport, whereImport } from './imports';
import { importContactsJob } from './job-definitions';
import { rulesFor } from './rules-context';
import { contactImports } from './tables';
import { notDraft } from './update-import';

export async function startImport(deps: Deps, p: Principal, id: string, ip?: string): Promise<ContactImport> {
  return withTx(deps.db, async (tx) => {
    const imp = await loadImport(tx, p.workspaceId, id, { lock: true });
    if (imp.status !== 'draft') throw notDraft(imp.status);
    // An attribute deleted since the mapping was saved is a 400 now, not a failed job later.
    await rulesFor({ ...deps, db: tx }, imp);
    const [queued] = await tx
      .update(contactImports)
      .set({ status: 'queued', updatedAt: deps.clock.now() })
      .where(whereImport(p.workspaceId, id))
      .returning();
    await deps.queue.enqueue(tx, importContactsJob, { workspaceId: p.workspaceId, importId: id });
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'contacts.import.started',
      targetType: 'contact_import',
      targetId: id,
      details: { fileName: imp.fileName, rows: imp.totalRows, upsertKey: imp.upsertKey, source: `import:${imp.sourceLabel}` },
      ip,
    });
    return toContactImport(queued!);
  });
}
