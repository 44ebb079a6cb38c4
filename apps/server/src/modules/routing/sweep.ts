// The per-minute backstop (a job, on whichever worker takes it): reservations that are due, agents whose grace
// period ran out or whose process died, and an assignment pass wherever conversations wait while someone is
// online — in case a triggering job was lost or an idle close freed an agent without one.
import { sql } from 'drizzle-orm';
import { conversationsTable } from '../conversations';
import type { Deps } from '../../platform/deps';
import { assignConversations, rowsOf } from './assign-conversations';
import { expireReservations } from './expire-reservations';
import { dropAbsentAgents } from './presence';
import { routingAgents } from './tables';

export async function sweepRouting(deps: Deps): Promise<{ expired: number; dropped: number; assigned: number }> {
  const expired = (await expireReservations(deps)).length;
  const dropped = (await dropAbsentAgents(deps)).length;
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
