// Everything the bot step reads before it decides: the workspace's bot (mode and version) and the bot's memory of
// the conversation. The inbound path runs this for every customer message, so it is one select-list expression
// of primary-key look-ups that the conversation core folds into the statement storing the message's effects
// (`turnRead`, the listener's read); `loadTurn` is the same read as a statement of its own. The contact's pause is
// not in it: the event carries it as read under the contact's row lock.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { CustomerMessageKeys } from '../conversations';
import { executePrepared, type Db } from '../../platform/db';
import { botStateSchema, initialBotState, type BotState } from './engine';
import { botConversationStates, botSettings, type BotMode } from './tables';

export interface TurnContext {
  /** Null: no settings saved, the default built-in bot. */
  head: { mode: BotMode; version: number } | null;
  state: BotState;
}

/**
 * `[[mode, version] | null, state | null]` as JSON. The memory is written only by transactions holding the
 * conversation's row lock, which the inbound transaction holds: it cannot change before this one commits.
 */
export function turnRead(k: CustomerMessageKeys): SQL {
  return sql`json_build_array(
    (select json_build_array(${botSettings.mode}, ${botSettings.version}) from ${botSettings}
      where ${eq(botSettings.workspaceId, k.workspaceId)}),
    (select ${botConversationStates.state} from ${botConversationStates}
      where ${and(eq(botConversationStates.workspaceId, k.workspaceId), eq(botConversationStates.conversationId, k.conversationId))}))`;
}

/** `turnRead` as a statement of its own, for a caller that did not fold it into one of its own. */
export async function loadTurn(tx: Db, k: CustomerMessageKeys): Promise<TurnContext> {
  const { rows } = await executePrepared(tx, sql`select ${turnRead(k)} as turn`);
  return parseTurn(rows[0]!.turn);
}

/** The value of `turnRead`: both drivers parse JSON, and hand strings through as they are. */
export function parseTurn(raw: unknown): TurnContext {
  const [head, state] = (typeof raw === 'string' ? JSON.parse(raw) : raw) as [[BotMode, number] | null, unknown];
  return { head: head === null ? null : { mode: head[0], version: Number(head[1]) }, state: parseState(state) };
}

/** Stored state is only as good as the code that wrote it: what does not parse starts afresh. */
function parseState(raw: unknown): BotState {
  if (raw === null || raw === undefined) return initialBotState;
  const parsed = botStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : initialBotState;
}
