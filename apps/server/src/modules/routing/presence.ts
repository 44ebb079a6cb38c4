// Agents' presence, kept in PostgreSQL so it holds with several Parley processes: each open desk WebSocket is a
// row that its process renews every HEARTBEAT_MS. An agent whose last connection closed (or whose process died:
// its rows stop being renewed and lapse after LEASE_MS) is dropped to offline once the workspace's grace period
// has passed without a new connection — a page reload or a short network cut changes nothing.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import type { RealtimeHub, SocketPrincipal } from '../../platform/realtime';
import { publishAgentUpdated } from './agents';
import { presenceCheckJob } from './job-definitions';
import { defaultRoutingSettings } from './settings';
import { routingAgentConnections, routingAgents, routingSettingsTable } from './tables';

export const HEARTBEAT_MS = 15_000;
/** A connection not renewed for this long belongs to a process that is gone. */
export const LEASE_MS = 3 * HEARTBEAT_MS;

export async function connectionOpened(deps: Deps, p: SocketPrincipal, connectionId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db
    .insert(routingAgentConnections)
    .values({ workspaceId: p.workspaceId, userId: p.userId, connectionId, seenAt: now })
    .onConflictDoUpdate({
      target: [routingAgentConnections.workspaceId, routingAgentConnections.userId, routingAgentConnections.connectionId],
      set: { seenAt: now },
    });
  // Inserted first, cleared second: a close racing with this open either sees the new connection or is undone here.
  await deps.db
    .update(routingAgents)
    .set({ presenceLostAt: null })
    .where(and(eq(routingAgents.workspaceId, p.workspaceId), eq(routingAgents.userId, p.userId), sql`presence_lost_at is not null`));
}

export async function connectionClosed(deps: Deps, p: SocketPrincipal, connectionId: string): Promise<void> {
  await deps.db
    .delete(routingAgentConnections)
    .where(
      and(
        eq(routingAgentConnections.workspaceId, p.workspaceId),
        eq(routingAgentConnections.userId, p.userId),
        eq(routingAgentConnections.connectionId, connectionId),
      ),
    );
  await markPresenceLost(deps, deps.db, p.workspaceId, p.userId);
}

/**
 * If the agent is available but has no live connection, start their grace period (unless it already runs) and
 * schedule the check that ends it. Also used when an agent goes online from a client with no desk open.
 */
export async function markPresenceLost(deps: Deps, db: Db, workspaceId: string, userId: string): Promise<void> {
  const now = deps.clock.now();
  const result = await db.execute(sql`update ${routingAgents} a set presence_lost_at = ${now}
    where a.workspace_id = ${workspaceId} and a.user_id = ${userId} and a.availability <> 'offline' and a.presence_lost_at is null
      and not exists (${liveConnection(now)})
    returning (select (s.settings->>'presenceGraceSeconds')::int from ${routingSettingsTable} s where s.workspace_id = a.workspace_id) as grace`);
  const [marked] = rowsOf<{ grace: number | null }>(result);
  if (!marked) return;
  const grace = marked.grace ?? defaultRoutingSettings.presenceGraceSeconds;
  await deps.queue.enqueue(db, presenceCheckJob, { workspaceId, userId }, { startAfter: grace + 1 });
}

/** Renew this process's connections (one statement for all of them). */
export async function heartbeat(deps: Deps, connectionIds: string[]): Promise<void> {
  if (connectionIds.length === 0) return;
  await deps.db.execute(sql`update ${routingAgentConnections} set seen_at = ${deps.clock.now()}
    where connection_id in (${sql.join(
      connectionIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`);
}

/**
 * Drop to offline the agents whose grace period is over with no live connection: one agent (the job scheduled
 * when their last connection closed) or everyone (the sweep). Also forgets connections whose lease lapsed,
 * starting their agents' grace periods at the last sign of life. Returns who went offline.
 */
export async function dropAbsentAgents(
  deps: Deps,
  only?: { workspaceId: string; userId: string },
): Promise<Array<{ workspaceId: string; userId: string }>> {
  const now = deps.clock.now();
  const who = only ? sql`and a.workspace_id = ${only.workspaceId} and a.user_id = ${only.userId}` : sql``;
  if (!only) {
    await deps.db.execute(sql`with lapsed as (
        delete from ${routingAgentConnections} where seen_at <= ${new Date(now.getTime() - LEASE_MS)}
        returning workspace_id, user_id, seen_at)
      update ${routingAgents} a set presence_lost_at = l.last_seen
      from (select workspace_id, user_id, max(seen_at) as last_seen from lapsed group by workspace_id, user_id) l
      where a.workspace_id = l.workspace_id and a.user_id = l.user_id and a.availability <> 'offline' and a.presence_lost_at is null
        and not exists (${liveConnection(now)})`);
  }
  const result = await deps.db.execute(sql`update ${routingAgents} a
    set availability = 'offline', availability_changed_at = ${now}, presence_lost_at = null, updated_at = ${now}
    where a.availability <> 'offline' and a.presence_lost_at is not null ${who}
      and a.presence_lost_at <= ${now}::timestamptz - make_interval(secs => coalesce(
        (select (s.settings->>'presenceGraceSeconds')::int from ${routingSettingsTable} s where s.workspace_id = a.workspace_id),
        ${defaultRoutingSettings.presenceGraceSeconds}))
      and not exists (${liveConnection(now)})
    returning a.workspace_id, a.user_id`);
  const dropped = rowsOf<{ workspace_id: string; user_id: string }>(result).map((r) => ({
    workspaceId: r.workspace_id,
    userId: r.user_id,
  }));
  for (const d of dropped) {
    await publishAgentUpdated(deps, deps.db, d.workspaceId, d.userId);
    deps.log.info(d, 'agent dropped to offline: no desk connection for the grace period');
  }
  return dropped;
}

// Correlated on `a` (routing_agents) in the statements above.
const liveConnection = (now: Date) => sql`select 1 from ${routingAgentConnections} k
  where k.workspace_id = a.workspace_id and k.user_id = a.user_id and k.seen_at > ${new Date(now.getTime() - LEASE_MS)}`;

export interface PresenceTracker {
  /** Resolves when the opens and closes seen so far are written (tests wait on it). */
  settled(): Promise<void>;
  /** Renew this process's connections now (the timer does it every HEARTBEAT_MS). */
  beat(): Promise<void>;
  stop(): void;
}

/** Wire presence to this process's WebSockets: the composition root calls it for web processes. */
export function trackPresence(deps: Deps, hub: RealtimeHub): PresenceTracker {
  const pending = new Set<Promise<void>>();
  const track = (what: string, work: Promise<void>) => {
    const p = work.catch((err: unknown) => deps.log.warn({ err }, `presence: ${what} not recorded`)).finally(() => pending.delete(p));
    pending.add(p);
  };
  const beat = () =>
    heartbeat(
      deps,
      hub.sockets().map((s) => s.id),
    );
  const unsubscribe = hub.onSocket({
    opened: (p, id) => track('connection opened', connectionOpened(deps, p, id)),
    closed: (p, id) => track('connection closed', connectionClosed(deps, p, id)),
  });
  const timer = setInterval(() => track('heartbeat', beat()), HEARTBEAT_MS).unref();
  return {
    async settled() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    beat,
    stop() {
      clearInterval(timer);
      unsubscribe();
    },
  };
}
