// What goes in and out of `decide`. The state is plain JSON the caller stores per conversation and hands back
// with the next message; the engine never keeps anything between calls.
import { botState, type BotStateView } from '@parley/contracts';

/** Parse stored state with this (shared with the web app's test panel): unknown keys are dropped and a missing counter starts at 0. */
export const botStateSchema = botState;

export type BotState = BotStateView;

export const initialBotState: BotState = { misunderstood: 0 };

export interface ChannelCapabilities {
  /** Interactive reply buttons (up to 3). */
  buttons: boolean;
  /** Interactive lists (up to 10 rows). */
  lists: boolean;
}

export interface BotInput {
  /** The message text, a caption, or the title of the tapped button; "" for media without a caption. */
  text: string;
  /** The id of the tapped reply button or list row, when the message is an interactive reply. */
  interactiveId?: string;
  channelCapabilities: ChannelCapabilities;
  /** First message of a conversation (a new one, or a closed one coming back): state starts afresh. */
  isNewConversation: boolean;
}

export interface ChoiceRow {
  id: string;
  title: string;
  description?: string;
}

export type Reply =
  | { type: 'text'; text: string }
  | { type: 'buttons'; text: string; buttons: { id: string; title: string }[] }
  | { type: 'list'; text: string; button: string; sections: { rows: ChoiceRow[] }[] };

export type HandoffReason = 'menu' | 'phrase' | 'misunderstood';

export type Action =
  /** Move the conversation to `waiting`, in the skillset's queue or (null) the general queue. */
  | { type: 'handoff'; skillsetId: string | null; reason: HandoffReason }
  /** Count one unresolved query on the contact (seed 000). */
  | { type: 'unresolved_query' }
  | { type: 'set_attribute'; key: string; value: string | number | boolean }
  | { type: 'goal'; name: string }
  /** Opt the contact out of marketing messages. */
  | { type: 'opt_out' };

/** Which rule produced the decision: for logs, the simulator and tests; the caller need not act on it. */
export type DecisionRule =
  | 'disabled'
  | 'stop'
  | 'out_of_hours'
  | 'answer_valid'
  | 'answer_invalid'
  | 'menu'
  | 'handoff_phrase'
  | 'faq'
  | 'greeting'
  | 'misunderstood'
  | 'ask_question';

export interface Decision {
  replies: Reply[];
  actions: Action[];
  /** Store this and pass it with the next message of the conversation. */
  state: BotState;
  rule: DecisionRule;
}
