// An exclusive transfer holds a conversation for its target until the workspace's reservation timeout; then it
// joins the general queue (keeping its place by when it was transferred) and assignment runs. One conditional
// UPDATE: a conversation taken, closed or transferred again in the meantime is left alone, so the job is
// idempotent and may run on any node, and the per-minute sweep catches any job that ran before its time.
import { sql } from 'drizzle-orm';
import { conversationsTable } from '../conversations';
import { type Db, rowsOf, withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { assignJob, reservationExpiryJob } from './job-definitions';

export async function expireReservations(deps: Deps, only?: { workspaceId: string; conversationId: string }) {
  const now = deps.clock.now();
  return withTx(deps.db, async (tx) => {
    const result = await tx.execute(sql`update ${conversationsTable}
      set reserved_for_user_id = null, reservation_expires_at = null, waiting_skillset_id = null, updated_at = ${now}
      where state = 'waiting' and reservation_expires_at is not null and reservation_expires_at <= ${now}
        ${only ? sql`and workspace_id = ${only.workspaceId} and id = ${only.conversationId}` : sql``}
      returning workspace_id, id`);
    const expired = rowsOf<{ workspace_id: string; id: string }>(result).map((r) => ({
      workspaceId: r.workspace_id,
      conversationId: r.id,
    }));
    for (const e of expired) {
      await deps.realtime.publish(tx, `workspace:${e.workspaceId}`, {
        name: 'conversation.updated',
        data: { conversationId: e.conversationId, state: 'waiting', assigneeId: null, waitingSkillsetId: null },
      });
    }
    for (const workspaceId of new Set(expired.map((e) => e.workspaceId))) await deps.queue.enqueue(tx, assignJob, { workspaceId });
    if (only && expired.length === 0) await retryIfEarly(deps, tx, only);
    if (expired.length > 0) deps.log.info({ expired: expired.length }, 'reservations expired: conversations back in the general queue');
    return expired;
  });
}

// The job's start time is the database's clock; ours may disagree a little. Still held and not yet due: come back then.
async function retryIfEarly(deps: Deps, tx: Db, c: { workspaceId: string; conversationId: string }) {
  const result = await tx.execute(sql`select reservation_expires_at from ${conversationsTable}
    where workspace_id = ${c.workspaceId} and id = ${c.conversationId} and state = 'waiting' and reservation_expires_at > ${deps.clock.now()}`);
  const [row] = rowsOf<{ reservation_expires_at: Date | string }>(result);
  if (row) await deps.queue.enqueue(tx, reservationExpiryJob, c, { startAfter: new Date(row.reservation_expires_at) });
}
