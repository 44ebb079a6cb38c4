// The built-in bot's memory of a conversation, one JSON row per conversation (a new conversation starts afresh;
// it is read with the rest of a turn's context, in turn.ts).
import type { Db } from '../../platform/db';
import type { BotState } from './engine';
import { botConversationStates } from './tables';

export async function saveBotState(db: Db, workspaceId: string, conversationId: string, state: BotState, at: Date): Promise<void> {
  await db
    .insert(botConversationStates)
    .values({ workspaceId, conversationId, state, updatedAt: at })
    .onConflictDoUpdate({
      target: [botConversationStates.workspaceId, botConversationStates.conversationId],
      set: { state, updatedAt: at },
    });
}
