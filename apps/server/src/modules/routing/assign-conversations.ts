// Event-driven assignment (PRODUCT §4): the longest-waiting conversation someone may take — reserved ones for
// their target first, then higher skillset priority, then oldest — goes to the eligible online agent with the
// fewest open conversations (ties: idle longest). Safe to run on any number of workers and nodes at once:
//   - conversations are claimed with FOR UPDATE SKIP LOCKED (two passes never pick the same one) and moved with
//     a conditional UPDATE … WHERE state = 'waiting' (never two owners);
//   - the agents' rows are locked FOR UPDATE (SKIP LOCKED: a busy agent's share waits for the next batch) and
//     their load is counted only then: a plan that no longer fits is trimmed (nobody above their limit).
// Work goes in batches: a batch plans up to BATCH assignments in order, exactly as one-at-a-time would (each
// conversation to the best agent given the ones planned before it), and writes them in a handful of statements.
import { sql, type SQL } from 'drizzle-orm';
import { conversationsTable } from '../conversations';
import { usersTable } from '../identity';
import { type Db, rowsOf } from '../../platform/db';
import { withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { publishAgentUpdated } from './agents';
import { assignedNoticeJob, assignJob } from './job-definitions';
import { getRoutingSettings } from './settings';
import { routingAgents, skillsetMembers, skillsets } from './tables';

export interface Assignment {
  conversationId: string;
  agentId: string;
  assignedAt: Date;
}

/** Assignments planned and written per transaction: locks are held briefly, statements are shared. */
const BATCH = 50;
/**
 * How many batches in a row may find their plan overtaken (an agent busy in another transaction, gone offline or
 * full) before the pass hands over to a new job a second later. Each retry waits a little longer.
 */
const MAX_RETRIES = 20;

/**
 * Assign everything that can be assigned in the workspace now. Returns the assignments made; a pass that finds
 * nothing to do costs two queries. Deadlocks and serialisation failures (another node got there first) retry.
 */
export async function assignConversations(deps: Deps, workspaceId: string, opts: { max?: number } = {}): Promise<Assignment[]> {
  const done: Assignment[] = [];
  let retries = 0;
  for (;;) {
    const room = (opts.max ?? Infinity) - done.length;
    if (room <= 0) break;
    let step: Batch;
    try {
      step = await withTx(deps.db, (tx) => assignBatch(deps, tx, workspaceId, Math.min(BATCH, room)));
    } catch (err) {
      if (!isContention(err)) throw err;
      step = { made: [], overtaken: true };
    }
    done.push(...step.made);
    if (step.overtaken) {
      if (++retries > MAX_RETRIES) {
        // Someone holds an agent this long (a slow transfer?): never drop the work, come back to it.
        deps.log.warn({ workspaceId }, 'assignment kept being overtaken; retrying in a second');
        await deps.queue.enqueue(undefined, assignJob, { workspaceId }, { startAfter: 1 });
        break;
      }
      await new Promise((r) => setTimeout(r, retries * (1 + Math.random() * 4)));
      continue;
    }
    retries = 0;
    if (step.made.length === 0) break;
  }
  if (done.length > 0) deps.log.debug({ workspaceId, assigned: done.length }, 'conversations assigned');
  return done;
}

export interface Candidate {
  userId: string;
  maxOpen: number;
  openCount: number;
}

interface Batch {
  made: Assignment[];
  /** Some of the plan could not be written (an agent changed meanwhile): try again at once. */
  overtaken: boolean;
}

/** Up to `max` assignments in the caller's transaction. */
export async function assignBatch(deps: Deps, tx: Db, workspaceId: string, max: number): Promise<Batch> {
  const none = { made: [], overtaken: false };
  const settings = await getRoutingSettings(tx, workspaceId);
  const agents = await agentsWithRoom(tx, workspaceId, settings.defaultMaxOpen);
  if (agents.length === 0) return none;
  const skillsetsOf = await membershipsOf(
    tx,
    workspaceId,
    agents.map((a) => a.userId),
  );
  const heads = await claimHeads(tx, workspaceId, agents, skillsetsOf, max);
  if (heads.length === 0) return none;

  // The plan: each conversation in order to the best agent for it, given what was planned before it.
  const load = new Map(agents.map((a, rank) => [a.userId, { open: a.openCount, max: a.maxOpen, rank }]));
  let nextRank = agents.length; // an agent given one just now is the least idle of all
  const plan: Array<{ conversationId: string; agentId: string }> = [];
  for (const head of heads) {
    let best: string | undefined;
    for (const a of agents) {
      const l = load.get(a.userId)!;
      if (l.open >= l.max || !mayTake(a.userId, head, skillsetsOf)) continue;
      const b = best ? load.get(best)! : undefined;
      if (!b || l.open < b.open || (l.open === b.open && l.rank < b.rank)) best = a.userId;
    }
    if (!best) continue;
    const l = load.get(best)!;
    l.open++;
    l.rank = nextRank++;
    plan.push({ conversationId: head.id, agentId: best });
  }

  // Lock the agents, skipping any another transaction holds (their share of the plan waits for the next batch,
  // so nobody waits and fairness is kept), then count again in a new statement: its snapshot sees whatever the
  // previous holder of a lock committed. What no longer fits is trimmed.
  const planned = [...new Set(plan.map((p) => p.agentId))].sort();
  const locked = await tx.execute(sql`select user_id, availability, coalesce(max_open, ${settings.defaultMaxOpen})::int as max_open
    from ${routingAgents}
    where workspace_id = ${workspaceId} and user_id in (${list(planned)})
    order by user_id
    for update skip locked`);
  const counted = await tx.execute(sql`select assignee_id, count(*)::int as n from ${conversationsTable}
    where workspace_id = ${workspaceId} and state = 'assigned' and assignee_id in (${list(planned)})
    group by assignee_id`);
  const open = new Map(rowsOf<{ assignee_id: string; n: number }>(counted).map((r) => [r.assignee_id, Number(r.n)]));
  const fits = new Map<string, number>();
  const limits = new Map<string, number>();
  for (const r of rowsOf<{ user_id: string; availability: string; max_open: number }>(locked)) {
    limits.set(r.user_id, Number(r.max_open));
    fits.set(r.user_id, r.availability === 'online' ? Math.max(0, Number(r.max_open) - (open.get(r.user_id) ?? 0)) : 0);
  }
  const kept = plan.filter((p) => {
    const left = fits.get(p.agentId) ?? 0;
    fits.set(p.agentId, left - 1);
    return left > 0;
  });
  const overtaken = kept.length < plan.length;
  if (kept.length === 0) return { made: [], overtaken };

  const now = deps.clock.now();
  const moved = await tx.execute(sql`update ${conversationsTable} c
    set state = 'assigned', assignee_id = v.agent_id::uuid, assigned_at = ${now}, had_agent = true,
        reserved_for_user_id = null, reservation_expires_at = null, queue_order = null, updated_at = ${now}
    from (values ${sql.join(
      kept.map((k) => sql`(${k.conversationId}::uuid, ${k.agentId})`),
      sql`, `,
    )}) as v(id, agent_id)
    where c.workspace_id = ${workspaceId} and c.id = v.id and c.state = 'waiting'
    returning c.id, c.assignee_id`);
  // In the plan's order (UPDATE … RETURNING keeps none).
  const order = new Map(kept.map((k, i) => [k.conversationId, i]));
  const made = rowsOf<{ id: string; assignee_id: string }>(moved)
    .map((r) => ({ conversationId: r.id, agentId: r.assignee_id, assignedAt: now }))
    .sort((a, b) => order.get(a.conversationId)! - order.get(b.conversationId)!);
  if (made.length === 0) return { made, overtaken: true };
  const agentsGiven = [...new Set(made.map((m) => m.agentId))];
  await tx.execute(sql`update ${routingAgents} set last_assigned_at = ${now}, updated_at = ${now}
    where workspace_id = ${workspaceId} and user_id in (${list(agentsGiven)})`);
  for (const m of made) {
    await deps.realtime.publish(tx, `workspace:${workspaceId}`, {
      name: 'conversation.updated',
      data: { conversationId: m.conversationId, state: 'assigned', assigneeId: m.agentId },
    });
  }
  // "You are talking to …", unless the workspace turned it off.
  if (settings.assignedMessage) {
    await deps.queue.enqueueMany(
      tx,
      assignedNoticeJob,
      made.map((m) => ({ workspaceId, conversationId: m.conversationId, assignedAt: now.toISOString() })),
    );
  }
  // Their load is known here (counted under the lock, plus what this batch gave them): no query per agent.
  const given = new Map<string, number>();
  for (const m of made) given.set(m.agentId, (given.get(m.agentId) ?? 0) + 1);
  for (const [agentId, n] of given) {
    await publishAgentUpdated(deps, tx, workspaceId, agentId, {
      availability: 'online',
      maxOpen: limits.get(agentId)!,
      openCount: (open.get(agentId) ?? 0) + n,
    });
  }
  return { made, overtaken: overtaken || made.length < kept.length };
}

/** After an assignment (or a transfer to a person): the desks see it live, and the customer hears who has them. */
export async function announceAssignment(deps: Deps, tx: Db, a: Assignment & { workspaceId: string }): Promise<void> {
  await deps.realtime.publish(tx, `workspace:${a.workspaceId}`, {
    name: 'conversation.updated',
    data: { conversationId: a.conversationId, state: 'assigned', assigneeId: a.agentId },
  });
  await deps.queue.enqueue(tx, assignedNoticeJob, {
    workspaceId: a.workspaceId,
    conversationId: a.conversationId,
    assignedAt: a.assignedAt.toISOString(),
  });
}

/**
 * Online, active agents below their limit, best first: fewest open conversations, then idle longest. With a
 * skillset, only its members. A snapshot: whoever assigns locks the agent and counts again.
 */
export async function agentsWithRoom(tx: Db, workspaceId: string, defaultMaxOpen: number, skillsetId?: string): Promise<Candidate[]> {
  const result = await tx.execute(sql`
    select a.user_id, coalesce(a.max_open, ${defaultMaxOpen})::int as max_open, coalesce(o.n, 0)::int as open_count
    from ${routingAgents} a
    join ${usersTable} u on u.workspace_id = a.workspace_id and u.id = a.user_id and u.active
    left join (
      select assignee_id, count(*) as n from ${conversationsTable}
      where workspace_id = ${workspaceId} and state = 'assigned' group by assignee_id
    ) o on o.assignee_id = a.user_id
    where a.workspace_id = ${workspaceId} and a.availability = 'online'
      and coalesce(o.n, 0) < coalesce(a.max_open, ${defaultMaxOpen})
      ${skillsetId ? sql`and exists (select 1 from ${skillsetMembers} m where m.workspace_id = a.workspace_id and m.skillset_id = ${skillsetId} and m.user_id = a.user_id)` : sql``}
    order by open_count, a.last_assigned_at nulls first, a.user_id`);
  return rowsOf<{ user_id: string; max_open: number; open_count: number }>(result).map((r) => ({
    userId: r.user_id,
    maxOpen: Number(r.max_open),
    openCount: Number(r.open_count),
  }));
}

async function membershipsOf(tx: Db, workspaceId: string, userIds: string[]): Promise<Map<string, Set<string>>> {
  const result = await tx.execute(sql`select user_id, skillset_id from ${skillsetMembers}
    where workspace_id = ${workspaceId} and user_id in (${list(userIds)})`);
  const out = new Map<string, Set<string>>();
  for (const r of rowsOf<{ user_id: string; skillset_id: string }>(result)) {
    let set = out.get(r.user_id);
    if (!set) out.set(r.user_id, (set = new Set()));
    set.add(r.skillset_id);
  }
  return out;
}

interface Head {
  id: string;
  /** Null: the general queue (also for a skillset deleted since it queued). */
  skillsetId: string | null;
  reservedFor: string | null;
}

/**
 * Lock the first `max` waiting conversations these agents may take, skipping any another transaction holds.
 * Order: held for a person first (a colleague sent it to them), then skillset priority, then place in the queue.
 */
async function claimHeads(
  tx: Db,
  workspaceId: string,
  agents: Candidate[],
  skillsetsOf: Map<string, Set<string>>,
  max: number,
): Promise<Head[]> {
  const agentIds = agents.map((a) => a.userId);
  const skillsetIds = [...new Set([...skillsetsOf.values()].flatMap((s) => [...s]))];
  const result = await tx.execute(sql`
    select c.id, case when s.id is null or s.deleted_at is not null then null else c.waiting_skillset_id end as skillset_id,
      c.reserved_for_user_id
    from ${conversationsTable} c
    left join ${skillsets} s on s.workspace_id = c.workspace_id and s.id = c.waiting_skillset_id
    where c.workspace_id = ${workspaceId} and c.state = 'waiting'
      and case
        when c.reserved_for_user_id is not null then c.reserved_for_user_id in (${list(agentIds)})
        when c.waiting_skillset_id is null or s.id is null or s.deleted_at is not null then true
        else ${skillsetIds.length > 0 ? sql`c.waiting_skillset_id in (${list(skillsetIds)})` : sql`false`}
      end
    order by (c.reserved_for_user_id is not null) desc, coalesce(s.priority, 0) desc,
      coalesce(c.queue_order, c.waiting_since) asc, c.id
    limit ${max}
    for update of c skip locked`);
  return rowsOf<{ id: string; skillset_id: string | null; reserved_for_user_id: string | null }>(result).map((r) => ({
    id: r.id,
    skillsetId: r.skillset_id,
    reservedFor: r.reserved_for_user_id,
  }));
}

function mayTake(userId: string, head: Head, skillsetsOf: Map<string, Set<string>>): boolean {
  if (head.reservedFor) return head.reservedFor === userId;
  if (!head.skillsetId) return true;
  return skillsetsOf.get(userId)?.has(head.skillsetId) ?? false;
}

const list = (ids: readonly string[]): SQL =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/** Another transaction won a race: a deadlock (40P01) or serialisation failure (40001) is retried, not an error. */
export function isContention(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '40P01' || code === '40001') return true;
  }
  return false;
}
