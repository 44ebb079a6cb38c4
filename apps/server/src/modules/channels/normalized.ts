// Channel-agnostic inbound events: what every provider adapter produces and the conversation core consumes.

export interface NormalizedReferral {
  sourceId?: string;
  sourceUrl?: string;
  sourceType?: string;
  headline?: string;
  body?: string;
  mediaType?: string;
  ctwaClid?: string;
}

export interface NormalizedMessage {
  kind: 'message';
  providerMessageId: string;
  /** ISO time the customer sent it. */
  at: string;
  from: {
    /** Every key under which this person may arrive on the channel (see contact identities). */
    keys: string[];
    profileName?: string;
    phoneE164?: string;
  };
  type: string;
  /** Plain-text summary: search, previews, sentiment. */
  text: string;
  content: Record<string, unknown>;
  replyToProviderId?: string;
  referral?: NormalizedReferral;
}

export interface NormalizedStatus {
  kind: 'status';
  providerMessageId: string;
  status: string;
  at: string;
  /** Our own message id, echoed by the provider (WhatsApp biz_opaque_callback_data). */
  correlationId?: string;
  /** The customer's key as their messages carry it first (`wa:<digits>`, `bsuid:<id>`), when the provider names them. */
  recipientKey?: string;
  pricingCategory?: string;
  errors: Array<{ code: number; title?: string; details?: string }>;
}

export interface NormalizedOther {
  kind: 'other';
  field: string;
  value: unknown;
}

export type NormalizedEvent = NormalizedMessage | NormalizedStatus | NormalizedOther;
