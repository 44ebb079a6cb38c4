import { integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz } from '../../db/columns';
import type { BotConfig, BotState } from './engine';

/** Who answers a workspace's customers while a conversation is in state `bot`. */
export type BotMode = 'builtin' | 'external' | 'off';

/**
 * A workspace's bot: the mode and the built-in bot's personality (stored as parsed, defaults filled in). No row is
 * the built-in bot with the default personality. The external bot's own settings live in its own table.
 */
export const botSettings = pgTable('bot_settings', {
  workspaceId: uuid('workspace_id').primaryKey(),
  mode: text('mode').$type<BotMode>().notNull(),
  personality: jsonb('personality').$type<BotConfig>().notNull(),
  /** Bumped by every save: each process keeps the compiled personality under it (a cheap re-check per message). */
  version: integer('version').notNull().default(1),
  updatedAt: timestamptz('updated_at').notNull(),
});

/** The built-in bot's memory of one conversation (pending question, misunderstandings in a row…). */
export const botConversationStates = pgTable(
  'bot_conversation_states',
  {
    workspaceId: uuid('workspace_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    state: jsonb('state').$type<BotState>().notNull(),
    updatedAt: timestamptz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.conversationId] })],
);
