// Fields shared by every outbound message (reference §5.1): addressing, reply context, callback data.
import { invalidField } from '../../../../platform/errors';
import { Issues } from './outbound-validate';

export interface Addressing {
  /** Phone number or wa_id: digits with an optional leading '+'. Exactly one of `to` / `recipient`. */
  to?: string;
  /** Business-scoped user id (BSUID, e.g. "US.13491208655302741918"), for users without a known phone. */
  recipient?: string;
  /** wamid of the message to quote (context.message_id). */
  replyTo?: string;
  /** Echoed back in status webhooks; at most 512 bytes (UTF-8). */
  bizOpaqueCallbackData?: string;
}

/** The addressing part every message body starts with. */
export interface Envelope {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  to?: string;
  recipient?: string;
  context?: { message_id: string };
  biz_opaque_callback_data?: string;
}

/** The JSON body for `POST /{version}/{phone-number-id}/messages`. */
export interface OutboundMessageBody extends Envelope {
  type: 'text' | 'image' | 'audio' | 'video' | 'document' | 'sticker' | 'interactive' | 'template' | 'reaction';
  [payload: string]: unknown;
}

// E.164 allows at most 15 digits and no leading zero; 7 digits is the shortest real international number.
const PHONE = /^\+?[1-9]\d{6,14}$/;
// "CC.<digits>", and parent BSUIDs "CC.ENT.<…>" (reference §2.1).
const BSUID = /^[A-Z]{2}(?:\.[A-Za-z0-9]+)+$/;
// wamids are at most 128 characters (Meta messages reference) and never contain whitespace.
export const WAMID = /^\S{1,128}$/;

/** Validate the addressing fields into `issues`; returns the envelope to spread into a body. */
export function envelope(issues: Issues, a: Addressing): Envelope {
  const out: Envelope = { messaging_product: 'whatsapp', recipient_type: 'individual' };
  const hasTo = a.to !== undefined && a.to !== null;
  const hasRecipient = a.recipient !== undefined && a.recipient !== null;
  if (hasTo === hasRecipient) issues.add('to', 'exactly one of to (phone) or recipient (BSUID) is required');
  else if (hasTo) {
    if (typeof a.to === 'string' && PHONE.test(a.to)) out.to = a.to;
    else issues.add('to', 'must be a phone number: 7 to 15 digits with an optional leading +');
  } else if (typeof a.recipient === 'string' && a.recipient.length <= 128 && BSUID.test(a.recipient)) out.recipient = a.recipient;
  else issues.add('recipient', 'must be a business-scoped user id such as US.13491208655302741918');

  if (a.replyTo !== undefined && a.replyTo !== null) {
    if (typeof a.replyTo === 'string' && WAMID.test(a.replyTo)) out.context = { message_id: a.replyTo };
    else issues.add('replyTo', 'must be a message id (wamid) of 1 to 128 characters without spaces');
  }
  const cb: unknown = a.bizOpaqueCallbackData;
  if (cb !== undefined && cb !== null) {
    if (typeof cb !== 'string' || cb === '') issues.add('bizOpaqueCallbackData', 'must be a non-empty string');
    else if (Buffer.byteLength(cb, 'utf8') > 512) issues.add('bizOpaqueCallbackData', 'must be at most 512 bytes');
    else out.biz_opaque_callback_data = cb;
  }
  return out;
}

/**
 * Run `build` with a fresh issue list; throw every issue at once, or return the body. Inputs may come
 * straight from an API request, so a non-object is a validation error, not a TypeError.
 */
export function validated<I extends object>(input: I, build: (input: I, issues: Issues) => OutboundMessageBody): OutboundMessageBody {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidField('message', 'must be an object');
  const issues = new Issues();
  const body = build(input, issues);
  issues.throwIfAny();
  return body;
}
