import { and, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { announceQueueChange } from './queue-events';
import { assertTransition, getConversation, type ConversationRow } from './state';
import { conversations } from './tables';

/**
 * A person is requested (the bot's menu, a handoff phrase, a bot that gave up): the conversation waits in a
 * skillset's queue, or the general queue for null. Guarded by the state machine, under the row lock.
 */
export async function handOffConversation(
  deps: Deps,
  tx: Db,
  h: { workspaceId: string; conversationId: string; skillsetId: string | null },
): Promise<ConversationRow> {
  const conv = await getConversation(tx, h.workspaceId, h.conversationId, true);
  assertTransition(conv.state, 'waiting');
  const now = deps.clock.now();
  const [row] = await tx
    .update(conversations)
    // A fresh spell in the queue: no hold or queue place left over from an earlier one.
    .set({
      state: 'waiting',
      waitingSkillsetId: h.skillsetId,
      waitingSince: now,
      reservedForUserId: null,
      reservationExpiresAt: null,
      queueOrder: null,
      updatedAt: now,
    })
    .where(and(eq(conversations.workspaceId, h.workspaceId), eq(conversations.id, h.conversationId)))
    .returning();
  await deps.realtime.publish(tx, `workspace:${h.workspaceId}`, {
    name: 'conversation.updated',
    data: { conversationId: h.conversationId, state: 'waiting', waitingSkillsetId: h.skillsetId },
  });
  await announceQueueChange(deps, tx, { workspaceId: h.workspaceId, change: 'waiting', conversationId: h.conversationId });
  return row!;
}
