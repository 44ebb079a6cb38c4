// The per-minute backstop (a job, on whichever worker takes it): reservations that are due, agents whose grace
// period ran out or whose process died, and an assignment pass wherever conversations wait while someone is
// online — in case a triggering job was lost or an idle close freed an agent without one — and conversations still
// held by a deactivated agent.
import { sql } from 'drizzle-orm';
import { conversationsTable } from '../conversations';
import { usersTable } from '../identity';
import type { Deps } from '../../platform/deps';
import { assignConversations } from './assign-conversations';
import { expireReservations } from './expire-reservations';
import { requeueAgentConversations } from './requeue-agent';
import { dropAbsentAgents } from './presence';
import { routingAgents } from './tables';
import { rowsOf } from '../../platform/db';

export async function sweepRouting(deps: Deps): Promise<{ expired: number; dropped: number; assigned: number }> {
  const expired = (await expireReservations(deps)).length;
  const dropped = (await dropAbsentAgents(deps)).length;
  await requeueDeactivated(deps);
  const result = await deps.db.execute(sql`select distinct c.workspace_id from ${conversationsTable} c
    where c.state = 'waiting'
      and exists (select 1 from ${routingAgents} a where a.workspace_id = c.workspace_id and a.availability = 'online')`);
  let assigned = 0;
  for (const { workspace_id } of rowsOf<{ workspace_id: string }>(result)) {
    try {
      assigned += (await assignConversations(deps, workspace_id)).length;
    } catch (err) {
      deps.log.error({ err, workspaceId: workspace_id }, 'routing sweep: assignment failed; next sweep retries');
    }
  }
  return { expired, dropped, assigned };
}

/** Conversations still held by (or for) someone deactivated — a lost job, or data from before the rule — go back. */
async function requeueDeactivated(deps: Deps): Promise<void> {
  // From the (few) deactivated users, each looked up in the partial indexes of assigned and waiting conversations.
  const result = await deps.db.execute(sql`select u.workspace_id, u.id as user_id from ${usersTable} u
    where not u.active and (
      exists (select 1 from ${conversationsTable} c
        where c.workspace_id = u.workspace_id and c.state = 'assigned' and c.assignee_id = u.id)
      or exists (select 1 from ${conversationsTable} c
        where c.workspace_id = u.workspace_id and c.state = 'waiting' and c.reserved_for_user_id = u.id))`);
  for (const r of rowsOf<{ workspace_id: string; user_id: string }>(result)) {
    try {
      await requeueAgentConversations(deps, { workspaceId: r.workspace_id, userId: r.user_id });
    } catch (err) {
      deps.log.error({ err, userId: r.user_id }, 'routing sweep: requeue of a deactivated agent failed; next sweep retries');
    }
  }
}
