// Everything the bot step reads before it decides, in one round trip: the workspace's bot (mode and version), the
// contact's pause, and the bot's memory of the conversation. The inbound path runs this for every customer
// message, so it is one statement of primary-key look-ups rather than three.
import { and, eq, sql } from 'drizzle-orm';
import { contactsTable } from '../contacts';
import type { Db } from '../../platform/db';
import { botStateSchema, initialBotState, type BotState } from './engine';
import { botConversationStates, botSettings, type BotMode } from './tables';

export interface TurnContext {
  /** Null: no settings saved, the default built-in bot. */
  head: { mode: BotMode; version: number } | null;
  botPausedUntil: Date | null;
  state: BotState;
}

export async function loadTurn(tx: Db, t: { workspaceId: string; contactId: string; conversationId: string }): Promise<TurnContext> {
  const settings = eq(botSettings.workspaceId, t.workspaceId);
  const result = await tx.execute(sql`select
    (select ${botSettings.mode} from ${botSettings} where ${settings}) as mode,
    (select ${botSettings.version} from ${botSettings} where ${settings}) as version,
    (select ${contactsTable.botPausedUntil} from ${contactsTable}
      where ${and(eq(contactsTable.workspaceId, t.workspaceId), eq(contactsTable.id, t.contactId))}) as paused_until,
    (select ${botConversationStates.state} from ${botConversationStates}
      where ${and(eq(botConversationStates.workspaceId, t.workspaceId), eq(botConversationStates.conversationId, t.conversationId))}) as state`);
  // Both drivers answer { rows }; drizzle types a raw statement's result as unknown.
  const row = (result as { rows: unknown[] }).rows[0] as {
    mode: BotMode | null;
    version: number | null;
    paused_until: Date | string | null;
    state: unknown;
  };
  return {
    head: row.mode === null ? null : { mode: row.mode, version: Number(row.version) },
    // The drivers differ: node-postgres as drizzle configures it gives text, PGlite a Date.
    botPausedUntil: row.paused_until === null ? null : new Date(row.paused_until),
    state: parseState(row.state),
  };
}

/** Stored state is only as good as the code that wrote it: what does not parse starts afresh. */
function parseState(raw: unknown): BotState {
  if (raw === null || raw === undefined) return initialBotState;
  const parsed = botStateSchema.safeParse(typeof raw === 'string' ? JSON.parse(raw) : raw);
  return parsed.success ? parsed.data : initialBotState;
}
