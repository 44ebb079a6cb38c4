// What the conversation core hands a channel to deliver, and how a channel refuses. Kept apart from send.ts
// so each kind's sender (whatsapp/send.ts, telegram/send.ts…) can use it without an import cycle.
import type { TelegramErrorClass } from './telegram/wire';
import type { GraphErrorClass, ListSection, OutboundMediaType, ReplyButton, TemplateButton, TemplateParameter } from './whatsapp/wire';

/**
 * What the conversation core asks a channel to deliver. Channel-agnostic and stored as the message's content;
 * `text` is always a plain-text summary (previews, search).
 */
export type OutboundRequestContent =
  | { type: 'text'; text: string; previewUrl?: boolean }
  | {
      type: 'media';
      text: string;
      mediaType: OutboundMediaType;
      id?: string;
      link?: string;
      /** A file staff attached (stored by channels/outbound-media.ts): uploaded to the provider when sent. */
      fileId?: string;
      caption?: string;
      filename?: string;
    }
  | { type: 'buttons'; text: string; buttons: ReplyButton[]; header?: string; footer?: string }
  | { type: 'list'; text: string; button: string; sections: ListSection[]; header?: string; footer?: string }
  | {
      type: 'template';
      text: string;
      name: string;
      language: string;
      header?: TemplateParameter[];
      body?: TemplateParameter[];
      buttons?: TemplateButton[];
    }
  | { type: 'reaction'; text: string; targetProviderId: string; emoji: string };

export interface SendRequest {
  /** The contact's identity keys on this channel (wa:<digits>, bsuid:<id>, tg:<user id>). */
  recipientKeys: string[];
  content: OutboundRequestContent;
  /** Our message id, echoed in status webhooks so a lost answer can be reconciled. */
  correlationId: string;
}

export interface SendResult {
  providerMessageId: string;
  /** The key the provider says this person has, when it differs from what we sent (Brazil's mobile 9). */
  recipientKey?: string;
  /**
   * Set by providers that send no delivery receipts (Telegram): the message is `sent` as soon as the provider
   * accepted it, since no status webhook will ever move it. Absent: it stays `queued` until a status arrives.
   */
  status?: 'sent';
}

export type ChannelSendErrorClass = GraphErrorClass | TelegramErrorClass | 'invalid_request' | 'no_recipient';

// Throughput / pair limits (WhatsApp), rate_limit (Telegram 429) and transient failures can succeed later as they are.
const RETRYABLE = new Set<ChannelSendErrorClass>(['transient', 'throughput_limit', 'pair_limit', 'rate_limit']);

/** A provider refusal, classified so the caller knows whether to retry. */
export class ChannelSendError extends Error {
  constructor(
    readonly classification: ChannelSendErrorClass,
    message: string,
    readonly code?: number,
    readonly title?: string,
    readonly details?: string,
    readonly ambiguous = false,
    /** Seconds the provider asked us to wait before trying again (Telegram 429 retry_after). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.classification);
  }
}
