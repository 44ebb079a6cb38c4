// The built-in bot's memory of a conversation, one JSON row per conversation (a new conversation starts afresh;
// it is read with the rest of a turn's context, in turn.ts).
import type { Db } from '../../platform/db';
import type { BotState } from './engine';
import { botConversationStates } from './tables';

/** The write that keeps the bot's memory, unexecuted: the bot folds it into the statement queueing its replies. */
export function botStateUpsert(db: Db, workspaceId: string, conversationId: string, state: BotState, at: Date) {
  return db
    .insert(botConversationStates)
    .values({ workspaceId, conversationId, state, updatedAt: at })
    .onConflictDoUpdate({
      target: [botConversationStates.workspaceId, botConversationStates.conversationId],
      set: { state, updatedAt: at },
    });
}
