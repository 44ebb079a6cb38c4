// The bot step of the inbound path: after a new customer message is stored, in its transaction, the workspace's
// bot answers — but only while the conversation is in state `bot` and the contact's bot is not paused.
import { sql } from 'drizzle-orm';
import { windowOpenedBy } from '../contacts';
import type { CustomerMessageEvent, CustomerMessageListener } from '../conversations';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { applyBotDecision } from './apply-decision';
import { botInput, hearsMessage } from './bot-input';
import { botStateUpsert } from './conversation-state';
import { decide, type BotState } from './engine';
import { enqueueExternalBot } from './external';
import { activeBot } from './settings';
import { loadTurn, parseTurn, turnRead } from './turn';

async function answer(deps: Deps, tx: Db, event: CustomerMessageEvent, read?: unknown): Promise<void> {
  // The conversation's state was read under its row lock, which this transaction holds until it commits (the
  // conversation core locks it to store the message), so it cannot have changed since.
  if (event.conversation.state !== 'bot' || !hearsMessage(event.message.type)) return;
  const { workspaceId } = event;
  const conversationId = event.conversation.id;
  // The pause as read under the contact's row lock (held until commit): an agent's pause waits for this message.
  if (event.contact.botPausedUntil && event.contact.botPausedUntil > deps.clock.now()) return;
  // The turn's context comes with the statement that stored the message's effects (the listener's read), or else
  // in a round trip of its own.
  const turn = read === undefined ? await loadTurn(tx, { workspaceId, contactId: event.contact.id, conversationId }) : parseTurn(read);
  const bot = await activeBot(deps.db, tx, workspaceId, turn.head, deps.log);
  if (bot.mode === 'off') return;

  // External mode: the integrator's bot answers from a job (its HTTP call must not hold this transaction).
  if (bot.mode === 'external') {
    await enqueueExternalBot(deps, tx, event);
    return;
  }
  if (!bot.config) return;

  const now = deps.clock.now();
  const input = botInput(event.message, event.channelKind, event.conversation.opened);
  const decision = decide(bot.config, turn.state, input, now);
  // Most answers leave the memory as it was (an FAQ answer, say): no write then. No row reads as the initial state.
  const remember = sameState(decision.state, turn.state)
    ? []
    : [sql`bot_memory as (${botStateUpsert(tx, workspaceId, conversationId, decision.state, now).getSQL()})`];
  await applyBotDecision(
    deps,
    tx,
    {
      workspaceId,
      conversationId,
      contactId: event.contact.id,
      channelId: event.conversation.channelId,
      windowOpenUntil: windowOpenedBy(event.message.at),
    },
    decision,
    remember,
  );
}

/** The bot step of the inbound path, with the read the conversation core folds into its statement. */
export const onCustomerMessage: CustomerMessageListener = Object.assign(answer, { read: turnRead });

function sameState(a: BotState, b: BotState): boolean {
  return (
    a.misunderstood === b.misunderstood &&
    a.pendingQuestionId === b.pendingQuestionId &&
    Boolean(a.askedMenu) === Boolean(b.askedMenu) &&
    Boolean(a.outOfHoursNotified) === Boolean(b.outOfHoursNotified) &&
    a.skillsetId === b.skillsetId
  );
}
