// What other modules may do when a customer's message arrives, without conversations knowing them: the app's
// composition root passes listeners in (the bot is one). conversations never imports its listeners.
import type { SQL } from 'drizzle-orm';
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
  /** Read with its row lock (`FOR UPDATE`), which the transaction holds until it commits: these hold until then. */
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

/** What a listener's read may look up by. */
export interface CustomerMessageKeys {
  workspaceId: string;
  conversationId: string;
  contactId: string;
}

/**
 * Runs inside the transaction that stored the message, after it (so its writes and enqueued jobs commit with the
 * message, or not at all). A listener that throws fails the whole event, which is retried.
 */
export interface CustomerMessageListener {
  /** `read`: the value of the listener's `read` expression; undefined when it has none (or a caller ran none). */
  (deps: Deps, tx: Db, event: CustomerMessageEvent, read?: unknown): Promise<void>;
  /**
   * What the listener reads before it acts, as one select-list expression (primary-key look-ups). It is folded into
   * the statement that stores the message's effects, one round trip fewer on every message, and its value passed
   * as `read`. It sees that statement's snapshot, taken while the transaction holds the contact's and the
   * conversation's row locks: rows written only under those locks cannot have changed by the time it runs.
   */
  read?: (keys: CustomerMessageKeys) => SQL;
}

/** A provider change that is not a message or a status (a WhatsApp template status update…), as stored. */
export interface ProviderChangeEvent {
  workspaceId: string;
  /** The channel it arrived for (for account-level changes, the workspace's number of that account). */
  channelId: string;
  /** The provider's name for it, e.g. `message_template_status_update`. */
  field: string;
  value: unknown;
  receivedAt: Date;
}

/** Runs in the transaction that marks the change processed; a change nobody handles is only logged. */
export type ProviderChangeListener = (deps: Deps, tx: Db, event: ProviderChangeEvent) => Promise<void>;

/**
 * A provider status (sent, delivered, read, failed…) just applied to one of our outbound messages. Statuses arrive
 * twice and out of order: listeners must be idempotent and only move forward.
 */
export interface MessageStatusEvent {
  workspaceId: string;
  channelId: string;
  messageId: string;
  /** What the provider reported: sent, delivered, read, played or failed. */
  status: string;
  providerMessageId: string;
  at: Date;
  error?: { code: number; title?: string; details?: string };
}

/** Runs in the transaction that applied the status to the message (campaign recipients follow their message). */
export type MessageStatusListener = (deps: Deps, tx: Db, event: MessageStatusEvent) => Promise<void>;

export interface InboundHooks {
  customerMessage: readonly CustomerMessageListener[];
  /** Listeners for other provider changes; each decides by `field` whether the change is its business. */
  providerChange?: readonly ProviderChangeListener[];
  /** Listeners for our messages' statuses; conversations never imports them. */
  messageStatus?: readonly MessageStatusListener[];
}

export const noInboundHooks: InboundHooks = { customerMessage: [] };
