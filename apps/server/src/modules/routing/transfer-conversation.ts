// Transfer (PRODUCT §4) to a user or a skillset, in two modes:
//   immediate — to a user: theirs now; over their limit only as a supervisor's (or admin's) override, otherwise
//               409 with the reason. To a skillset: its least-loaded available member now, else the head of its queue.
//   exclusive — held for the target only: theirs now if they have room, else it waits for them alone until the
//               workspace's reservation timeout returns it to the general queue.
// Closed conversations are refused. The conversation's row is locked first, then (at most) agents' rows.
import type { TransferRequest, TransferResult } from '@parley/contracts';
import { sql } from 'drizzle-orm';
import { assertTransition, conversationsTable, getConversation, type ConversationRow } from '../conversations';
import { recordAudit, type Principal } from '../identity';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError, forbidden } from '../../platform/errors';
import { activeStaff, ensureAgentRow, lockAgent, openCount, publishAgentUpdated } from './agents';
import { agentsWithRoom, announceAssignment } from './assign-conversations';
import { assignJob, reservationExpiryJob } from './job-definitions';
import { getRoutingSettings } from './settings';
import { getSkillset } from './skillsets';
import { routingAgents } from './tables';

/** A transfer to the head of a queue sorts before everything that entered it normally, and in transfer order. */
const HEAD_OF_QUEUE_MS = 100 * 365 * 24 * 3_600_000;

type Target = { kind: 'user'; userId: string; name: string } | { kind: 'skillset'; skillsetId: string; name: string };

interface Ctx {
  deps: Deps;
  tx: Db;
  p: Principal;
  conv: ConversationRow;
  now: Date;
  defaultMaxOpen: number;
}

export async function transferConversation(
  deps: Deps,
  p: Principal,
  conversationId: string,
  req: TransferRequest,
  ip?: string,
): Promise<TransferResult> {
  return withTx(deps.db, async (tx) => {
    const conv = await getConversation(tx, p.workspaceId, conversationId, true);
    if (conv.state === 'closed') throw new AppError('conflict', 'This conversation is closed: it cannot be transferred');
    if (p.kind === 'user' && p.role === 'agent' && !(conv.state === 'assigned' && conv.assigneeId === p.userId)) {
      throw forbidden('Agents can transfer only the conversations assigned to them');
    }
    const target = await resolveTarget(tx, p.workspaceId, req.to);
    if (target.kind === 'user' && conv.state === 'assigned' && conv.assigneeId === target.userId) {
      throw new AppError('conflict', `This conversation is already assigned to ${target.name}`);
    }
    const settings = await getRoutingSettings(tx, p.workspaceId);
    const ctx: Ctx = { deps, tx, p, conv, now: deps.clock.now(), defaultMaxOpen: settings.defaultMaxOpen };

    let result: TransferResult;
    if (req.mode === 'immediate') {
      result =
        target.kind === 'user'
          ? await assignToUser(ctx, target, { override: mayOverrideLimit(p) })
          : ((await assignToSkillsetMember(ctx, target.skillsetId)) ?? (await queueAtHead(ctx, target.skillsetId)));
    } else {
      const now = target.kind === 'user' ? await tryAssignToUser(ctx, target.userId) : await assignToSkillsetMember(ctx, target.skillsetId);
      result = now ?? (await reserve(ctx, target, settings.reservationTimeoutSeconds));
    }

    // The previous agent has room again, and a queued conversation wants an agent (and its "in the queue" notice).
    const previous = conv.state === 'assigned' ? conv.assigneeId : null;
    if (previous && previous !== result.assigneeId) await publishAgentUpdated(deps, tx, p.workspaceId, previous);
    if (previous || result.state === 'waiting') {
      await deps.queue.enqueue(tx, assignJob, {
        workspaceId: p.workspaceId,
        ...(result.state === 'waiting' ? { conversationId } : {}),
      });
    }
    if (result.outcome === 'reserved') {
      await deps.queue.enqueue(
        tx,
        reservationExpiryJob,
        { workspaceId: p.workspaceId, conversationId },
        { startAfter: new Date(result.reservationExpiresAt!) },
      );
    }
    if (result.state === 'waiting') {
      await deps.realtime.publish(tx, `workspace:${p.workspaceId}`, {
        name: 'conversation.updated',
        data: { conversationId, state: 'waiting', assigneeId: null, waitingSkillsetId: result.waitingSkillsetId },
      });
    }
    await recordAudit(tx, deps.clock, p, p.workspaceId, {
      action: 'conversation.transferred',
      targetType: 'conversation',
      targetId: conversationId,
      details: { mode: req.mode, to: req.to, outcome: result.outcome, from: previous },
      ip,
    });
    return result;
  });
}

/** Supervisors and admins (and integrations, which act as admins) may put a conversation above an agent's limit. */
const mayOverrideLimit = (p: Principal) => p.kind === 'api_token' || p.role !== 'agent';

async function resolveTarget(tx: Db, workspaceId: string, to: TransferRequest['to']): Promise<Target> {
  if ('userId' in to) {
    const user = await activeStaff(tx, workspaceId, to.userId);
    if (!user) throw badTarget('to.userId', 'is not an active user of this workspace');
    return { kind: 'user', userId: user.id, name: user.name };
  }
  try {
    const s = await getSkillset(tx, workspaceId, to.skillsetId);
    return { kind: 'skillset', skillsetId: s.id, name: s.name };
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') throw badTarget('to.skillsetId', 'is not a skillset of this workspace');
    throw err;
  }
}

const badTarget = (field: string, message: string) =>
  new AppError('validation_failed', `${field}: ${message}`, { issues: [{ field, message }] });

/** Immediate transfer to a person: online, and under their limit unless a supervisor overrides it. */
async function assignToUser(ctx: Ctx, target: Extract<Target, { kind: 'user' }>, opts: { override: boolean }): Promise<TransferResult> {
  const { tx, p, now } = ctx;
  await ensureAgentRow(tx, p.workspaceId, target.userId, now);
  const agent = await lockAgent(tx, p.workspaceId, target.userId);
  if (agent?.availability !== 'online') {
    throw new AppError(
      'conflict',
      `${target.name} is ${agent?.availability ?? 'offline'}: transfer exclusively to hold it for them, or to a skillset`,
      {
        reason: 'agent_unavailable',
      },
    );
  }
  const maxOpen = agent.maxOpen ?? ctx.defaultMaxOpen;
  const open = await openCount(tx, p.workspaceId, target.userId);
  if (open >= maxOpen && !opts.override) {
    throw new AppError(
      'conflict',
      `${target.name} already has ${open} of ${maxOpen} conversations open: transfer exclusively to hold it for them, or to a skillset`,
      { reason: 'agent_at_capacity', openCount: open, maxOpen },
    );
  }
  return assign(ctx, target.userId, { maxOpen, open });
}

/** The target person now if they are online with room (taken without waiting on a busy row), else null. */
async function tryAssignToUser(ctx: Ctx, userId: string): Promise<TransferResult | null> {
  const agent = await lockAgent(ctx.tx, ctx.p.workspaceId, userId, { skipLocked: true });
  if (agent?.availability !== 'online') return null;
  const maxOpen = agent.maxOpen ?? ctx.defaultMaxOpen;
  const open = await openCount(ctx.tx, ctx.p.workspaceId, userId);
  return open < maxOpen ? assign(ctx, userId, { maxOpen, open }) : null;
}

/** The skillset's least-loaded available member (idle longest on a tie), or null when nobody has room. */
async function assignToSkillsetMember(ctx: Ctx, skillsetId: string): Promise<TransferResult | null> {
  const candidates = await agentsWithRoom(ctx.tx, ctx.p.workspaceId, ctx.defaultMaxOpen, skillsetId);
  for (const c of candidates) {
    if (ctx.conv.state === 'assigned' && ctx.conv.assigneeId === c.userId) continue; // sending it away from them
    const done = await tryAssignToUser(ctx, c.userId);
    if (done) return done;
  }
  return null;
}

async function assign(ctx: Ctx, userId: string, load: { maxOpen: number; open: number }): Promise<TransferResult> {
  const { tx, p, conv, now, deps } = ctx;
  if (conv.state !== 'assigned') assertTransition(conv.state, 'assigned');
  await tx.execute(sql`update ${conversationsTable}
    set state = 'assigned', assignee_id = ${userId}, assigned_at = ${now}, had_agent = true,
        reserved_for_user_id = null, reservation_expires_at = null, queue_order = null, updated_at = ${now}
    where workspace_id = ${p.workspaceId} and id = ${conv.id}`);
  await tx.execute(sql`update ${routingAgents} set last_assigned_at = ${now}, updated_at = ${now}
    where workspace_id = ${p.workspaceId} and user_id = ${userId}`);
  await announceAssignment(deps, tx, { workspaceId: p.workspaceId, conversationId: conv.id, agentId: userId, assignedAt: now });
  await publishAgentUpdated(deps, tx, p.workspaceId, userId, { availability: 'online', maxOpen: load.maxOpen, openCount: load.open + 1 });
  return result(conv.id, 'assigned', { assigneeId: userId });
}

async function queueAtHead(ctx: Ctx, skillsetId: string): Promise<TransferResult> {
  await toWaiting(ctx, { skillsetId, queueOrder: new Date(ctx.now.getTime() - HEAD_OF_QUEUE_MS) });
  return result(ctx.conv.id, 'queued', { waitingSkillsetId: skillsetId });
}

async function reserve(ctx: Ctx, target: Target, timeoutSeconds: number): Promise<TransferResult> {
  const expiresAt = new Date(ctx.now.getTime() + timeoutSeconds * 1000);
  const skillsetId = target.kind === 'skillset' ? target.skillsetId : null;
  const reservedFor = target.kind === 'user' ? target.userId : null;
  await toWaiting(ctx, { skillsetId, reservedFor, expiresAt });
  return result(ctx.conv.id, 'reserved', {
    waitingSkillsetId: skillsetId,
    reservedForUserId: reservedFor,
    reservationExpiresAt: expiresAt,
  });
}

/** A fresh spell in a queue: it waits from now, and nobody holds it. */
async function toWaiting(
  ctx: Ctx,
  w: { skillsetId: string | null; queueOrder?: Date; reservedFor?: string | null; expiresAt?: Date },
): Promise<void> {
  const { tx, p, conv, now } = ctx;
  if (conv.state !== 'waiting') assertTransition(conv.state, 'waiting');
  await tx.execute(sql`update ${conversationsTable}
    set state = 'waiting', waiting_skillset_id = ${w.skillsetId}, waiting_since = ${now}, queue_order = ${w.queueOrder ?? null},
        assignee_id = null, reserved_for_user_id = ${w.reservedFor ?? null}, reservation_expires_at = ${w.expiresAt ?? null},
        updated_at = ${now}
    where workspace_id = ${p.workspaceId} and id = ${conv.id}`);
}

function result(
  conversationId: string,
  outcome: TransferResult['outcome'],
  f: { assigneeId?: string; waitingSkillsetId?: string | null; reservedForUserId?: string | null; reservationExpiresAt?: Date },
): TransferResult {
  return {
    conversationId,
    outcome,
    state: outcome === 'assigned' ? 'assigned' : 'waiting',
    assigneeId: f.assigneeId ?? null,
    waitingSkillsetId: f.waitingSkillsetId ?? null,
    reservedForUserId: f.reservedForUserId ?? null,
    reservationExpiresAt: f.reservationExpiresAt?.toISOString() ?? null,
  };
}
