// Agents as routing sees them: every active staff user, their availability and limit (a routing_agents row once
// anything changed), and their load, counted from the conversations they hold — never a counter that could drift.
import type { Agent, AgentAvailability } from '@parley/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { conversationsTable } from '../conversations';
import { usersTable } from '../identity';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { getRoutingSettings } from './settings';
import { routingAgents, skillsetMembers } from './tables';

export type AgentRow = typeof routingAgents.$inferSelect;

/** The agent's routing row, created (offline, default limit) if it does not exist yet. */
export async function ensureAgentRow(tx: Db, workspaceId: string, userId: string, at: Date): Promise<void> {
  await tx.insert(routingAgents).values({ workspaceId, userId, updatedAt: at }).onConflictDoNothing();
}

/**
 * Lock the agent's row until commit. Every assignment to an agent first takes this lock and only then counts
 * their open conversations, so two nodes can never both give away the agent's last free place.
 */
export async function lockAgent(
  tx: Db,
  workspaceId: string,
  userId: string,
  opts: { skipLocked?: boolean } = {},
): Promise<AgentRow | undefined> {
  const [row] = await tx
    .select()
    .from(routingAgents)
    .where(and(eq(routingAgents.workspaceId, workspaceId), eq(routingAgents.userId, userId)))
    .for('update', opts.skipLocked ? { skipLocked: true } : {});
  return row;
}

export async function openCount(db: Db, workspaceId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(conversationsTable)
    .where(
      and(
        eq(conversationsTable.workspaceId, workspaceId),
        eq(conversationsTable.assigneeId, userId),
        eq(conversationsTable.state, 'assigned'),
      ),
    );
  return Number(row?.n ?? 0);
}

/** An active staff user of the workspace, or undefined (unknown, deactivated, or another workspace's). */
export async function activeStaff(db: Db, workspaceId: string, userId: string) {
  const [row] = await db
    .select({ id: usersTable.id, name: usersTable.name, role: usersTable.role })
    .from(usersTable)
    .where(and(eq(usersTable.workspaceId, workspaceId), eq(usersTable.id, userId), eq(usersTable.active, true)));
  return row;
}

export interface AgentLoad {
  availability: AgentAvailability;
  maxOpen: number;
  openCount: number;
}

export async function agentLoad(db: Db, workspaceId: string, userId: string, defaultMaxOpen?: number): Promise<AgentLoad> {
  const [row] = await db
    .select()
    .from(routingAgents)
    .where(and(eq(routingAgents.workspaceId, workspaceId), eq(routingAgents.userId, userId)));
  const fallback = defaultMaxOpen ?? (await getRoutingSettings(db, workspaceId)).defaultMaxOpen;
  return {
    availability: row?.availability ?? 'offline',
    maxOpen: row?.maxOpen ?? fallback,
    openCount: await openCount(db, workspaceId, userId),
  };
}

/** Tell the workspace's desks (after commit) that an agent's availability, limit or load changed. */
export async function publishAgentUpdated(deps: Deps, tx: Db, workspaceId: string, userId: string, load?: AgentLoad): Promise<void> {
  const l = load ?? (await agentLoad(tx, workspaceId, userId));
  await deps.realtime.publish(tx, `workspace:${workspaceId}`, { name: 'agent.updated', data: { userId, ...l } });
}

interface ListedRow {
  user_id: string;
  name: string;
  email: string;
  role: Agent['role'];
  availability: AgentAvailability | null;
  max_open: number | null;
  open_count: number;
  last_assigned_at: Date | string | null;
  availability_changed_at: Date | string | null;
}

/** Every active staff user with their routing state and load, by name. */
export async function listAgents(db: Db, workspaceId: string, onlyUserId?: string): Promise<Agent[]> {
  const settings = await getRoutingSettings(db, workspaceId);
  const result = await db.execute(sql`
    select u.id as user_id, u.name, u.email, u.role, a.availability, a.max_open, a.last_assigned_at, a.availability_changed_at,
      coalesce(o.n, 0)::int as open_count
    from ${usersTable} u
    left join ${routingAgents} a on a.workspace_id = u.workspace_id and a.user_id = u.id
    left join (
      select assignee_id, count(*) as n from ${conversationsTable}
      where workspace_id = ${workspaceId} and state = 'assigned' group by assignee_id
    ) o on o.assignee_id = u.id
    where u.workspace_id = ${workspaceId} and u.active ${onlyUserId ? sql`and u.id = ${onlyUserId}` : sql``}
    order by u.name, u.id`);
  const rows = (result as unknown as { rows: ListedRow[] }).rows;
  const memberships = await db
    .select({ userId: skillsetMembers.userId, skillsetId: skillsetMembers.skillsetId })
    .from(skillsetMembers)
    .where(eq(skillsetMembers.workspaceId, workspaceId));
  const skillsetsOf = new Map<string, string[]>();
  for (const m of memberships) skillsetsOf.set(m.userId, [...(skillsetsOf.get(m.userId) ?? []), m.skillsetId]);
  return rows.map((r) => ({
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role,
    availability: r.availability ?? 'offline',
    maxOpen: r.max_open ?? settings.defaultMaxOpen,
    maxOpenOverride: r.max_open,
    openCount: Number(r.open_count),
    skillsetIds: (skillsetsOf.get(r.user_id) ?? []).sort(),
    lastAssignedAt: iso(r.last_assigned_at),
    availabilityChangedAt: iso(r.availability_changed_at),
  }));
}

// Raw statements: node-postgres (as drizzle configures it) answers timestamps as text, PGlite as Date.
const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
