// What the customer hears from routing: "you are in the queue" when no agent could take them at once, and "you are
// talking to <first name>" when one does. Each is sent at most once per waiting spell / assignment (a marker row
// in the same transaction), and only while it is still true: a stale job says nothing.
import { and, eq } from 'drizzle-orm';
import { getConversation, queueOutbound, type ConversationRow } from '../conversations';
import { usersTable } from '../identity';
import { withTx, type Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { getRoutingSettings, renderAssignedMessage } from './settings';
import { routingNotices } from './tables';

export async function sendQueuedNotice(deps: Deps, workspaceId: string, conversationId: string): Promise<boolean> {
  return withTx(deps.db, async (tx) => {
    const conv = await findConversation(tx, workspaceId, conversationId);
    if (conv?.state !== 'waiting' || !conv.waitingSince) return false;
    const text = (await getRoutingSettings(tx, workspaceId)).queueMessage;
    if (!text) return false;
    return sendOnce(deps, tx, conv, 'queued', conv.waitingSince, text);
  });
}

export async function sendAssignedNotice(
  deps: Deps,
  d: { workspaceId: string; conversationId: string; assignedAt: string },
): Promise<boolean> {
  return withTx(deps.db, async (tx) => {
    const conv = await findConversation(tx, d.workspaceId, d.conversationId);
    // Transferred or closed since: this assignment is over, nobody should be announced.
    if (conv?.state !== 'assigned' || !conv.assigneeId || conv.assignedAt?.toISOString() !== d.assignedAt) return false;
    const template = (await getRoutingSettings(tx, d.workspaceId)).assignedMessage;
    if (!template) return false;
    const [agent] = await tx
      .select({ name: usersTable.name })
      .from(usersTable)
      .where(and(eq(usersTable.workspaceId, d.workspaceId), eq(usersTable.id, conv.assigneeId)));
    if (!agent) return false;
    return sendOnce(deps, tx, conv, 'assigned', conv.assignedAt, renderAssignedMessage(template, agent.name));
  });
}

async function sendOnce(deps: Deps, tx: Db, conv: ConversationRow, kind: 'queued' | 'assigned', at: Date, text: string): Promise<boolean> {
  const [marked] = await tx
    .insert(routingNotices)
    .values({ workspaceId: conv.workspaceId, conversationId: conv.id, kind, at })
    .onConflictDoNothing()
    .returning({ kind: routingNotices.kind });
  if (!marked) return false;
  try {
    // A savepoint: a notice that cannot go (the 24-hour window closed long ago) must not undo the marker.
    await tx.transaction((sp) =>
      queueOutbound(deps, sp as unknown as Db, {
        workspaceId: conv.workspaceId,
        conversationId: conv.id,
        contactId: conv.contactId,
        channelId: conv.channelId,
        senderType: 'system',
        content: { type: 'text', text },
      }),
    );
    return true;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    deps.log.info({ conversationId: conv.id, kind, reason: err.message }, 'routing notice not sent');
    return false;
  }
}

/** The conversation, or undefined if it is gone (erased): a notice job for it has nothing left to do. */
async function findConversation(tx: Db, workspaceId: string, conversationId: string): Promise<ConversationRow | undefined> {
  try {
    return await getConversation(tx, workspaceId, conversationId);
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return undefined;
    throw err;
  }
}
