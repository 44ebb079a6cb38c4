// "Is anyone ready for this skillset now?" — an online, active member below their limit — with the counts an admin
// wants beside it: members, online members, conversations waiting in its queue.
import type { SkillsetReadiness } from '@parley/contracts';
import { sql } from 'drizzle-orm';
import { conversationsTable } from '../conversations';
import { usersTable } from '../identity';
import { type Db, rowsOf } from '../../platform/db';
import { getRoutingSettings } from './settings';
import { routingAgents, skillsetMembers, skillsets } from './tables';

export async function skillsetReadiness(db: Db, workspaceId: string, skillsetId?: string): Promise<SkillsetReadiness[]> {
  const { defaultMaxOpen } = await getRoutingSettings(db, workspaceId);
  const result = await db.execute(sql`
    select s.id, s.name,
      count(u.id)::int as members,
      count(u.id) filter (where a.availability = 'online')::int as online,
      count(u.id) filter (where a.availability = 'online' and coalesce(o.n, 0) < coalesce(a.max_open, ${defaultMaxOpen}))::int as ready,
      (select count(*) from ${conversationsTable} c
        where c.workspace_id = s.workspace_id and c.state = 'waiting' and c.waiting_skillset_id = s.id)::int as waiting
    from ${skillsets} s
    left join ${skillsetMembers} m on m.workspace_id = s.workspace_id and m.skillset_id = s.id
    left join ${usersTable} u on u.workspace_id = m.workspace_id and u.id = m.user_id and u.active
    left join ${routingAgents} a on a.workspace_id = u.workspace_id and a.user_id = u.id
    left join (
      select assignee_id, count(*) as n from ${conversationsTable}
      where workspace_id = ${workspaceId} and state = 'assigned' group by assignee_id
    ) o on o.assignee_id = u.id
    where s.workspace_id = ${workspaceId} and s.deleted_at is null ${skillsetId ? sql`and s.id = ${skillsetId}` : sql``}
    group by s.workspace_id, s.id, s.name
    order by s.name, s.id`);
  return rowsOf<{ id: string; name: string; members: number; online: number; ready: number; waiting: number }>(result).map((r) => ({
    skillsetId: r.id,
    name: r.name,
    ready: Number(r.ready) > 0,
    readyAgents: Number(r.ready),
    onlineMembers: Number(r.online),
    members: Number(r.members),
    waiting: Number(r.waiting),
  }));
}
