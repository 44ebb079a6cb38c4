// A deactivated agent's conversations go back to the queue, and assignment runs (issue 6, the desk). Each one they
// held returns to the queue it last waited in (its skillset's, or the general one) at the head, in the order they
// took them (the 100-year offset a transfer "to the head of the queue" uses): those customers were already being
// served and should not wait behind newcomers. Conversations held for them by an exclusive transfer are released to
// the general queue at once, as if their reservation had expired.
// One conditional UPDATE each, under the agent's row lock: a transfer or close racing with it wins or loses whole,
// and a second run (or the sweep's) finds nothing left to move.
import { sql } from 'drizzle-orm';
import { conversationsTable } from '../conversations';
import { rowsOf, withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { activeStaff, ensureAgentRow, lockAgent, publishAgentUpdated } from './agents';
import { assignJob } from './job-definitions';
import { routingAgents } from './tables';

export async function requeueAgentConversations(deps: Deps, a: { workspaceId: string; userId: string }): Promise<string[]> {
  const moved = await withTx(deps.db, async (tx) => {
    // Reactivated before this ran: they keep what they have.
    if (await activeStaff(tx, a.workspaceId, a.userId)) return [];
    const now = deps.clock.now();
    await ensureAgentRow(tx, a.workspaceId, a.userId, now);
    await lockAgent(tx, a.workspaceId, a.userId);
    await tx.execute(sql`update ${routingAgents} set availability = 'offline', availability_changed_at = ${now},
        presence_lost_at = null, updated_at = ${now}
      where workspace_id = ${a.workspaceId} and user_id = ${a.userId} and availability <> 'offline'`);
    const held = rowsOf<{ id: string; waiting_skillset_id: string | null }>(
      await tx.execute(sql`update ${conversationsTable}
        set state = 'waiting', assignee_id = null, waiting_since = ${now},
            queue_order = coalesce(assigned_at, ${now}::timestamptz) - interval '36500 days',
            reserved_for_user_id = null, reservation_expires_at = null, updated_at = ${now}
        where workspace_id = ${a.workspaceId} and state = 'assigned' and assignee_id = ${a.userId}
        returning id, waiting_skillset_id`),
    );
    const reserved = rowsOf<{ id: string }>(
      await tx.execute(sql`update ${conversationsTable}
        set reserved_for_user_id = null, reservation_expires_at = null, waiting_skillset_id = null, updated_at = ${now}
        where workspace_id = ${a.workspaceId} and state = 'waiting' and reserved_for_user_id = ${a.userId}
        returning id`),
    );
    const back = [
      ...held.map((r) => ({ id: r.id, skillsetId: r.waiting_skillset_id })),
      ...reserved.map((r) => ({ id: r.id, skillsetId: null })),
    ];
    for (const c of back) {
      await deps.realtime.publish(tx, `workspace:${a.workspaceId}`, {
        name: 'conversation.updated',
        data: { conversationId: c.id, state: 'waiting', assigneeId: null, waitingSkillsetId: c.skillsetId },
      });
      // One pass serves them all (passes coalesce); each job also tells its customer they are queued if nobody
      // could take them at once.
      await deps.queue.enqueue(tx, assignJob, { workspaceId: a.workspaceId, conversationId: c.id });
    }
    await publishAgentUpdated(deps, tx, a.workspaceId, a.userId);
    return back.map((c) => c.id);
  });
  if (moved.length > 0)
    deps.log.info({ userId: a.userId, conversations: moved.length }, 'deactivated agent: conversations back in the queue');
  return moved;
}
