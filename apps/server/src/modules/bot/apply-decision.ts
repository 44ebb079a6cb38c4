// What a bot decided, carried out in the transaction of the message it answers: replies queued as the bot's
// messages, actions applied to the conversation and the contact. Shared by the built-in bot and the external one,
// so both act the same way.
import type { SQL } from 'drizzle-orm';
import type { OutboundRequestContent } from '../channels';
import { countUnresolvedQuery, optOutOfMarketing, recordGoalCompletion, setContactAttribute } from '../contacts';
import { closeConversation, getConversation, handOffConversation, queueOutboundMany } from '../conversations';
import { getSkillset } from '../routing';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import type { Action, Reply } from './engine';

/** The engine's actions, and `close`, which the external bot may ask for. */
export type BotAction = Action | { type: 'close' };

export interface BotDecision {
  replies: readonly Reply[];
  actions: readonly BotAction[];
}

/** The conversation a decision is for. */
export interface BotTurn {
  workspaceId: string;
  conversationId: string;
  contactId: string;
  channelId: string;
  /** Known when answering the customer message being processed: its window is open at least until then. */
  windowOpenUntil?: Date;
}

/** How the conversation is closed when a bot closes it (the inbox shows the reason; "by" tells it from people). */
export const BOT_CLOSE = { reason: 'bot', by: 'bot' } as const;

/**
 * Replies first (so a handoff or goodbye message goes out with the state change), then the actions in order.
 * An action that cannot apply any more (an attribute or skillset deleted since the personality was saved) is
 * logged and skipped rather than failing the customer's message; a handoff to a deleted skillset goes to the
 * general queue.
 */
export async function applyBotDecision(
  deps: Deps,
  tx: Db,
  turn: BotTurn,
  decision: BotDecision,
  /** The bot's own writes (its memory), done in the same round trip as the replies. */
  alsoWrite: readonly SQL[] = [],
): Promise<void> {
  await queueOutboundMany(deps, tx, { ...turn, senderType: 'bot', contents: decision.replies.map(toOutbound), alsoWrite });
  const at = deps.clock.now();
  for (const action of decision.actions) {
    switch (action.type) {
      case 'handoff':
        await handOff(deps, tx, turn, action.skillsetId);
        break;
      case 'unresolved_query':
        await countUnresolvedQuery(tx, turn.workspaceId, turn.contactId);
        break;
      case 'set_attribute':
        try {
          await setContactAttribute(tx, {
            workspaceId: turn.workspaceId,
            contactId: turn.contactId,
            key: action.key,
            value: action.value,
            at,
          });
        } catch (err) {
          // Validation happens before any write, so the transaction is still good.
          if (!(err instanceof AppError) || err.code !== 'validation_failed') throw err;
          deps.log.warn({ ...turn, key: action.key, reason: err.message }, 'bot attribute not set');
        }
        break;
      case 'goal':
        await recordGoalCompletion(tx, {
          workspaceId: turn.workspaceId,
          contactId: turn.contactId,
          conversationId: turn.conversationId,
          name: action.name,
          at,
        });
        break;
      case 'opt_out':
        await optOutOfMarketing(tx, turn.workspaceId, turn.contactId, at);
        break;
      case 'close': {
        const conv = await getConversation(tx, turn.workspaceId, turn.conversationId, true);
        if (conv.state !== 'closed') await closeConversation(deps, tx, { ...turn, ...BOT_CLOSE });
        break;
      }
    }
  }
}

async function handOff(deps: Deps, tx: Db, turn: BotTurn, skillsetId: string | null) {
  const conv = await getConversation(tx, turn.workspaceId, turn.conversationId, true);
  // Only a conversation the bot holds is handed off: one already waiting or with an agent stays where it is.
  if (conv.state !== 'bot') {
    deps.log.info({ ...turn, state: conv.state }, 'bot handoff skipped: the conversation is no longer the bot’s');
    return;
  }
  let queue = skillsetId;
  if (queue !== null && !(await skillsetExists(tx, turn.workspaceId, queue))) {
    deps.log.warn({ ...turn, skillsetId: queue }, 'bot handoff to a deleted skillset: general queue instead');
    queue = null;
  }
  await handOffConversation(deps, tx, { workspaceId: turn.workspaceId, conversationId: turn.conversationId, skillsetId: queue });
}

async function skillsetExists(tx: Db, workspaceId: string, skillsetId: string): Promise<boolean> {
  try {
    await getSkillset(tx, workspaceId, skillsetId);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.code === 'not_found') return false;
    throw err;
  }
}

/** The engine's reply as the channels' outbound content (the same three shapes). */
export function toOutbound(reply: Reply): OutboundRequestContent {
  switch (reply.type) {
    case 'text':
      return { type: 'text', text: reply.text };
    case 'buttons':
      return { type: 'buttons', text: reply.text, buttons: reply.buttons.map((b) => ({ id: b.id, title: b.title })) };
    case 'list':
      return {
        type: 'list',
        text: reply.text,
        button: reply.button,
        sections: reply.sections.map((s) => ({
          rows: s.rows.map((r) => ({ id: r.id, title: r.title, ...(r.description ? { description: r.description } : {}) })),
        })),
      };
  }
}
