import {
  at,
  elementObj,
  isObj,
  oneOf,
  onlyKeys,
  optionalBoolean,
  optionalObj,
  optionalString,
  reject,
  Rejection,
  requireArray,
  requireNumber,
  requireObj,
  requireString,
  type Obj,
} from './checks';
import { parseRecipient, type Recipient } from './recipients';
import { validateInteractive } from './validate-interactive';
import { MEDIA_TYPES, validateMediaMessage, type MediaType } from './validate-media';
import { validateTemplate, type ParsedTemplate } from './validate-template';

export const MESSAGE_TYPES = ['text', 'interactive', 'template', 'reaction', 'location', 'contacts', ...MEDIA_TYPES] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const TEXT_BODY_MAX = 4096;
export const BIZ_OPAQUE_MAX_BYTES = 512;

export type SendValidation =
  | { ok: true; kind: 'message'; type: MessageType; recipient: Recipient; bizOpaque?: string; template?: ParsedTemplate }
  | { ok: true; kind: 'mark-read'; messageId: string }
  | { ok: false; code: number; details: string };

const COMMON_KEYS = ['messaging_product', 'recipient_type', 'to', 'recipient', 'context', 'biz_opaque_callback_data', 'type'];

/**
 * Validates a `POST /{phone-number-id}/messages` body the way Graph does, independently of Parley's own
 * validators (the fake exists to catch what those miss). Pure: no registry, no clock.
 */
export function validateSendBody(body: unknown): SendValidation {
  try {
    if (!isObj(body)) reject(100, 'The request body must be a JSON object.');
    const product = requireString(body, 'messaging_product', '');
    oneOf(product, ['whatsapp'], 'messaging_product');
    if (body.status !== undefined) return validateMarkRead(body);
    return validateMessage(body);
  } catch (e) {
    if (e instanceof Rejection) return { ok: false, code: e.code, details: e.details };
    throw e;
  }
}

/** `{ messaging_product, status: 'read', message_id, typing_indicator? }`: a read receipt, not a message. */
function validateMarkRead(body: Obj): SendValidation {
  onlyKeys(body, ['messaging_product', 'status', 'message_id', 'typing_indicator'], '');
  oneOf(requireString(body, 'status', ''), ['read'], 'status');
  const messageId = requireString(body, 'message_id', '');
  const typing = optionalObj(body, 'typing_indicator', '');
  if (typing) {
    onlyKeys(typing, ['type'], 'typing_indicator');
    oneOf(requireString(typing, 'type', 'typing_indicator'), ['text'], "typing_indicator['type']");
  }
  return { ok: true, kind: 'mark-read', messageId };
}

function validateMessage(body: Obj): SendValidation {
  // Graph defaults `type` to text when it is omitted (§5.1 lists it as optional).
  const rawType = body.type ?? 'text';
  if (typeof rawType !== 'string') reject(100, 'Param type must be a string.');
  if (!(MESSAGE_TYPES as readonly string[]).includes(rawType)) reject(131051, `Message type "${rawType}" is not supported.`);
  const type = rawType as MessageType;
  onlyKeys(body, [...COMMON_KEYS, type], '');

  const recipientType = optionalString(body, 'recipient_type', '');
  // Group messaging exists on Meta's side but is not modeled here; Parley only messages individuals.
  if (recipientType !== undefined) oneOf(recipientType, ['individual'], 'recipient_type');
  const recipient = parseRecipient(body);
  const context = optionalObj(body, 'context', '');
  if (context) {
    onlyKeys(context, ['message_id'], 'context');
    requireString(context, 'message_id', 'context');
  }
  const bizOpaque = optionalString(body, 'biz_opaque_callback_data', '', { maxBytes: BIZ_OPAQUE_MAX_BYTES });

  let template: ParsedTemplate | undefined;
  switch (type) {
    case 'text':
      validateText(body);
      break;
    case 'interactive':
      validateInteractive(body);
      break;
    case 'template':
      template = validateTemplate(body);
      break;
    case 'reaction':
      validateReaction(body);
      break;
    case 'location':
      validateLocation(body);
      break;
    case 'contacts':
      validateContacts(body);
      break;
    default:
      validateMediaMessage(body, type satisfies MediaType);
  }
  return {
    ok: true,
    kind: 'message',
    type,
    recipient,
    ...(bizOpaque !== undefined ? { bizOpaque } : {}),
    ...(template ? { template } : {}),
  };
}

function validateText(body: Obj): void {
  const text = requireObj(body, 'text', '');
  onlyKeys(text, ['body', 'preview_url'], 'text');
  requireString(text, 'body', 'text', { max: TEXT_BODY_MAX });
  optionalBoolean(text, 'preview_url', 'text');
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]/u;

function validateReaction(body: Obj): void {
  const reaction = requireObj(body, 'reaction', '');
  onlyKeys(reaction, ['message_id', 'emoji'], 'reaction');
  requireString(reaction, 'message_id', 'reaction');
  // An empty emoji removes the reaction; anything else must actually be an emoji.
  const emoji = optionalString(reaction, 'emoji', 'reaction', { max: 10 });
  if (emoji && !EMOJI.test(emoji)) reject(131009, `Param reaction['emoji'] must be an emoji - got "${emoji}".`);
}

function validateLocation(body: Obj): void {
  const location = requireObj(body, 'location', '');
  onlyKeys(location, ['latitude', 'longitude', 'name', 'address'], 'location');
  requireNumber(location, 'latitude', 'location', { min: -90, max: 90 });
  requireNumber(location, 'longitude', 'location', { min: -180, max: 180 });
  optionalString(location, 'name', 'location');
  optionalString(location, 'address', 'location');
}

function validateContacts(body: Obj): void {
  const contacts = requireArray(body, 'contacts', '');
  if (contacts.length < 1) reject(131008, 'The parameter contacts must contain at least 1 contact.');
  contacts.forEach((raw, i) => {
    const p = at('contacts', i);
    const contact = elementObj(raw, p);
    onlyKeys(contact, ['name', 'phones', 'emails', 'org', 'addresses', 'urls', 'birthday'], p);
    const name = requireObj(contact, 'name', p);
    requireString(name, 'formatted_name', at(p, 'name'));
    const birthday = optionalString(contact, 'birthday', p);
    if (birthday !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(birthday))
      reject(131009, `Param ${at(p, 'birthday')} must be YYYY-MM-DD - got "${birthday}".`);
  });
}
