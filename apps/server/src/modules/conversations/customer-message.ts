// What other modules may do when a customer's message arrives, without conversations knowing them: the app's
// composition root passes listeners in (the bot is one). conversations never imports its listeners.
import type { ChannelKind } from '../channels';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import type { ConversationState } from './tables';

/** A new customer message, just stored (never a redelivery), as its listeners see it. */
export interface CustomerMessageEvent {
  workspaceId: string;
  conversation: {
    id: string;
    /** The state when the message was stored; the row is locked by the transaction, so it holds until commit. */
    state: ConversationState;
    channelId: string;
    /** This message opened the conversation (a first message, or one after the last conversation closed). */
    opened: boolean;
  };
  contact: { id: string; botPausedUntil: Date | null; optedOutMarketing: boolean };
  channelKind: ChannelKind;
  message: {
    id: string;
    type: string;
    /** The plain-text summary (a caption, a tapped button's title, "[image]"…). */
    text: string;
    /** The channel's normalised content: an interactive reply's `id`, a media `caption`… */
    content: Record<string, unknown>;
    at: Date;
  };
}

/**
 * Runs inside the transaction that stored the message, after it (so its writes and enqueued jobs commit with the
 * message, or not at all). A listener that throws fails the whole event, which is retried.
 */
export type CustomerMessageListener = (deps: Deps, tx: Db, event: CustomerMessageEvent) => Promise<void>;

export interface InboundHooks {
  customerMessage: readonly CustomerMessageListener[];
}

export const noInboundHooks: InboundHooks = { customerMessage: [] };
