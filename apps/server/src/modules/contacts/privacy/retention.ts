// The workspace's retention policy (PRODUCT §2): erase messages older than N days, and contacts inactive for more
// than N days. Run daily by a scheduled job, in small transactions (a first run may face years of history), on
// the injected clock. Contacts go through the same erasure as a GDPR request.
import type { RetentionPolicy, RetentionPolicyView } from '@parley/contracts';
import { eq, sql } from 'drizzle-orm';
import { withTx, type Db } from '../../../platform/db';
import type { Deps } from '../../../platform/deps';
import { recordAudit, type Principal } from '../../identity';
import type { ContactDataHolder, ErasureCounts } from './contact-data';
import { eraseContacts } from './erase-contacts';
import { ownContactData } from './own-data';
import { retentionPolicies } from './tables';

const DAY = 86_400_000;
/** Rows per table per transaction when pruning messages. */
const MESSAGE_BATCH = 2000;
/** Contacts per erasure transaction. */
const CONTACT_BATCH = 100;
/** A run stops after this many batches of each kind (and resumes the next day), so one workspace cannot hog the worker. */
const MAX_BATCHES = 500;

export async function getRetentionPolicy(db: Db, workspaceId: string): Promise<RetentionPolicyView> {
  const [row] = await db.select().from(retentionPolicies).where(eq(retentionPolicies.workspaceId, workspaceId));
  return {
    messagesDays: row?.messagesDays ?? null,
    inactiveContactsDays: row?.inactiveContactsDays ?? null,
    lastRunAt: row?.lastRunAt?.toISOString() ?? null,
    lastRun: row?.lastRun ?? null,
  };
}

export async function saveRetentionPolicy(
  deps: Deps,
  p: Principal,
  policy: RetentionPolicy,
  ip: string | undefined,
): Promise<RetentionPolicyView> {
  await withTx(deps.db, async (tx) => {
    const now = deps.clock.now();
    await tx
      .insert(retentionPolicies)
      .values({ workspaceId: p.workspaceId, ...policy, updatedAt: now })
      .onConflictDoUpdate({ target: retentionPolicies.workspaceId, set: { ...policy, updatedAt: now } });
    await recordAudit(tx, deps.clock, p, p.workspaceId, { action: 'settings.retention.updated', details: { ...policy }, ip });
  });
  return getRetentionPolicy(deps.db, p.workspaceId);
}

/** Apply every workspace's policy now (the daily job). */
export async function runRetention(deps: Deps, holders: readonly ContactDataHolder[]): Promise<void> {
  const policies = await deps.db
    .select({ workspaceId: retentionPolicies.workspaceId })
    .from(retentionPolicies)
    .where(sql`${retentionPolicies.messagesDays} is not null or ${retentionPolicies.inactiveContactsDays} is not null`);
  for (const { workspaceId } of policies) {
    try {
      await applyRetention(deps, holders, workspaceId);
    } catch (err) {
      // One workspace's failure must not stop the others; the next run tries again.
      deps.log.error({ err, workspaceId }, 'retention run failed');
    }
  }
}

/** Apply one workspace's policy now; returns what was erased, by kind (also kept as the policy's last run). */
export async function applyRetention(deps: Deps, holders: readonly ContactDataHolder[], workspaceId: string): Promise<ErasureCounts> {
  const policy = await getRetentionPolicy(deps.db, workspaceId);
  const now = deps.clock.now();
  const counts: ErasureCounts = {};
  const add = (more: ErasureCounts) => {
    for (const [k, v] of Object.entries(more)) if (v) counts[k] = (counts[k] ?? 0) + v;
  };
  if (policy.messagesDays !== null) {
    const cutoff = new Date(now.getTime() - policy.messagesDays * DAY);
    for (const h of [...holders, ownContactData]) {
      if (!h.pruneMessages) continue;
      for (let i = 0; i < MAX_BATCHES; i++) {
        const done = await withTx(deps.db, (tx) => h.pruneMessages!(tx, { workspaceId, cutoff, limit: MESSAGE_BATCH }));
        add(done);
        if (Object.values(done).every((n) => n < MESSAGE_BATCH)) break;
      }
    }
  }
  if (policy.inactiveContactsDays !== null) {
    const cutoff = new Date(now.getTime() - policy.inactiveContactsDays * DAY);
    for (let i = 0; i < MAX_BATCHES; i++) {
      const erased = await withTx(deps.db, async (tx) => {
        const ids = await inactiveContacts(tx, workspaceId, cutoff);
        if (ids.length === 0) return 0;
        const result = await eraseContacts(tx, holders, { workspaceId, contactIds: ids, now });
        add(result.counts);
        // One entry per batch: how many, never who.
        await recordAudit(tx, deps.clock, 'system', workspaceId, {
          action: 'contact.erased',
          targetType: 'contacts',
          details: { reason: 'retention', inactiveDays: policy.inactiveContactsDays, counts: result.counts },
        });
        return ids.length;
      });
      if (erased < CONTACT_BATCH) break;
    }
  }
  await deps.db.update(retentionPolicies).set({ lastRunAt: now, lastRun: counts }).where(eq(retentionPolicies.workspaceId, workspaceId));
  return counts;
}

/**
 * Contacts with no message either way, and not created, since the cutoff. Skipped: those locked right now (a
 * message being processed, a merge) — they are active, or next time.
 */
async function inactiveContacts(tx: Db, workspaceId: string, cutoff: Date): Promise<string[]> {
  const result = await tx.execute(sql`
    select id from contacts
    where workspace_id = ${workspaceId}
      and greatest(created_at, coalesce(last_active_at, '-infinity'::timestamptz), coalesce(last_message_at, '-infinity'::timestamptz))
        < ${cutoff.toISOString()}::timestamptz
    order by id
    limit ${CONTACT_BATCH}
    for update skip locked`);
  return (result as unknown as { rows: Array<{ id: string }> }).rows.map((r) => r.id);
}
