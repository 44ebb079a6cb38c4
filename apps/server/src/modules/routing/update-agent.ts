// An agent sets their own availability; an admin sets an agent's limit (or availability). Coming online or getting
// a higher limit frees room, so assignment is enqueued in the same transaction and runs right after commit.
import type { AgentAvailability, MyAvailability, UpdateAgentRequest } from '@parley/contracts';
import { and, eq, sql } from 'drizzle-orm';
import { recordAudit, type Principal } from '../identity';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, notFound } from '../../platform/errors';
import { activeStaff, agentLoad, ensureAgentRow, listAgents, publishAgentUpdated } from './agents';
import { assignJob } from './job-definitions';
import { markPresenceLost } from './presence';
import { getRoutingSettings } from './settings';
import { routingAgents } from './tables';

export async function setMyAvailability(deps: Deps, p: Principal, availability: AgentAvailability): Promise<MyAvailability> {
  if (p.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in staff user has an availability');
  return withTx(deps.db, async (tx) => {
    await changeAvailability(deps, tx, p.workspaceId, p.userId, availability);
    return agentLoad(tx, p.workspaceId, p.userId);
  });
}

export async function updateAgent(deps: Deps, p: Principal, userId: string, input: UpdateAgentRequest, ip?: string) {
  await withTx(deps.db, async (tx) => {
    if (!(await activeStaff(tx, p.workspaceId, userId))) throw notFound('Agent');
    await ensureAgentRow(tx, p.workspaceId, userId, deps.clock.now());
    const [before] = await tx
      .select()
      .from(routingAgents)
      .where(and(eq(routingAgents.workspaceId, p.workspaceId), eq(routingAgents.userId, userId)))
      .for('update');
    if (input.maxOpen !== undefined) {
      await tx
        .update(routingAgents)
        .set({ maxOpen: input.maxOpen, updatedAt: deps.clock.now() })
        .where(and(eq(routingAgents.workspaceId, p.workspaceId), eq(routingAgents.userId, userId)));
      const defaultMax = (await getRoutingSettings(tx, p.workspaceId)).defaultMaxOpen;
      // A higher limit is room: fill it now.
      if ((input.maxOpen ?? defaultMax) > (before!.maxOpen ?? defaultMax))
        await deps.queue.enqueue(tx, assignJob, { workspaceId: p.workspaceId });
    }
    if (input.availability !== undefined) await changeAvailability(deps, tx, p.workspaceId, userId, input.availability);
    else await publishAgentUpdated(deps, tx, p.workspaceId, userId);
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'agent.updated',
      targetType: 'user',
      targetId: userId,
      details: { fields: Object.keys(input), maxOpen: input.maxOpen },
      ip,
    });
  });
  const [agent] = await listAgents(deps.db, p.workspaceId, userId);
  return agent!;
}

/**
 * Set an availability in the caller's transaction. Online (or away) with no desk open starts the presence grace
 * period at once, so an agent who set themselves online from a script and left is not given conversations forever.
 */
export async function changeAvailability(deps: Deps, tx: Db, workspaceId: string, userId: string, availability: AgentAvailability) {
  const now = deps.clock.now();
  await ensureAgentRow(tx, workspaceId, userId, now);
  await tx
    .update(routingAgents)
    .set({
      availability,
      availabilityChangedAt: sql`case when ${routingAgents.availability} = ${availability} then ${routingAgents.availabilityChangedAt} else ${now} end`,
      ...(availability === 'offline' ? { presenceLostAt: null } : {}),
      updatedAt: now,
    })
    .where(and(eq(routingAgents.workspaceId, workspaceId), eq(routingAgents.userId, userId)));
  if (availability !== 'offline') await markPresenceLost(deps, tx, workspaceId, userId);
  if (availability === 'online') await deps.queue.enqueue(tx, assignJob, { workspaceId });
  await publishAgentUpdated(deps, tx, workspaceId, userId);
}
