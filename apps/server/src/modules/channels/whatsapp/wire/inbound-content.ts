// Per-type message bodies (reference §3.1) → typed content plus a plain-text summary.
import { parseErrors, type Problems } from './inbound-common';
import type { InboundContent, InteractiveContent, MediaType, OrderItem } from './inbound-types';
import { compact, own, ownArray, ownBoolean, ownId, ownNumber, ownRecord, ownString, type JsonRecord } from './read';

export interface ParsedContent {
  content: InboundContent;
  text: string;
}

/** Thrown inside this file only: a known type whose body is unusable degrades to `unknown`. */
class Malformed extends Error {}

const need = <T>(v: T | undefined, what: string): T => {
  if (v === undefined) throw new Malformed(what);
  return v;
};

type Parser = (msg: JsonRecord, where: string, problems: Problems, depth: number) => ParsedContent;

function media(type: MediaType): Parser {
  return (msg) => {
    const m = need(ownRecord(msg, type), `${type} object missing`);
    const content = compact({
      type,
      mediaId: need(ownId(m, 'id'), `${type}.id missing`),
      mimeType: ownString(m, 'mime_type') || 'application/octet-stream',
      sha256: ownString(m, 'sha256') ?? null,
      caption: ownString(m, 'caption'),
      filename: type === 'document' ? ownString(m, 'filename') : undefined,
      voice: type === 'audio' ? ownBoolean(m, 'voice') : undefined,
      animated: type === 'sticker' ? ownBoolean(m, 'animated') : undefined,
      url: ownString(m, 'url'),
    });
    const label = type === 'audio' && content.voice ? '[voice message]' : `[${type}]`;
    const text = content.caption || (type === 'document' ? content.filename : undefined) || label;
    return { content, text };
  };
}

const formattedName = (card: unknown) => ownString(ownRecord(card, 'name'), 'formatted_name');

function interactive(msg: JsonRecord): ParsedContent {
  const i = need(ownRecord(msg, 'interactive'), 'interactive object missing');
  const replyType = need(ownString(i, 'type'), 'interactive.type missing');
  const sub = ownRecord(i, replyType);
  let content: InteractiveContent;
  if (replyType === 'nfm_reply') {
    content = compact({
      type: 'interactive',
      replyType,
      id: ownString(sub, 'name') ?? '',
      title: ownString(sub, 'body') ?? '',
      responseJson: ownString(sub, 'response_json'),
      raw: i,
    });
  } else {
    content = compact({
      type: 'interactive',
      replyType,
      id: ownString(sub, 'id') ?? '',
      title: ownString(sub, 'title') ?? '',
      description: ownString(sub, 'description'),
      raw: i,
    });
  }
  return { content, text: content.title || `[${replyType}]` };
}

function order(msg: JsonRecord, where: string, problems: Problems): ParsedContent {
  const o = need(ownRecord(msg, 'order'), 'order object missing');
  const items: OrderItem[] = [];
  (ownArray(o, 'product_items') ?? []).forEach((it, n) => {
    const productRetailerId = ownId(it, 'product_retailer_id');
    const quantity = ownNumber(it, 'quantity');
    const itemPrice = ownNumber(it, 'item_price');
    const currency = ownString(it, 'currency');
    if (productRetailerId === undefined || quantity === undefined || itemPrice === undefined || currency === undefined) {
      problems.add(`${where}.order.product_items[${n}]: incomplete item skipped`);
      return;
    }
    items.push({ productRetailerId, quantity, itemPrice, currency });
  });
  const note = ownString(o, 'text');
  const content = compact({ type: 'order' as const, catalogId: ownId(o, 'catalog_id') ?? '', text: note, items });
  const count = items.reduce((sum, it) => sum + it.quantity, 0);
  return { content, text: note || `🛒 ${count} item${count === 1 ? '' : 's'}` };
}

const PARSERS: ReadonlyMap<string, Parser> = new Map<string, Parser>([
  [
    'text',
    (msg) => {
      const body = need(ownString(ownRecord(msg, 'text'), 'body'), 'text.body missing');
      return { content: { type: 'text', body }, text: body };
    },
  ],
  ['image', media('image')],
  ['audio', media('audio')],
  ['video', media('video')],
  ['document', media('document')],
  ['sticker', media('sticker')],
  [
    'location',
    (msg) => {
      const l = need(ownRecord(msg, 'location'), 'location object missing');
      const content = compact({
        type: 'location' as const,
        latitude: need(ownNumber(l, 'latitude'), 'location.latitude missing or not numeric'),
        longitude: need(ownNumber(l, 'longitude'), 'location.longitude missing or not numeric'),
        name: ownString(l, 'name'),
        address: ownString(l, 'address'),
        url: ownString(l, 'url'),
      });
      return { content, text: `📍 ${content.name || content.address || `${content.latitude}, ${content.longitude}`}` };
    },
  ],
  [
    'contacts',
    (msg) => {
      const contacts = need(ownArray(msg, 'contacts'), 'contacts array missing');
      const formattedNames = contacts.map(formattedName).filter((n): n is string => !!n);
      return { content: { type: 'contacts', contacts, formattedNames }, text: `👤 ${formattedNames.join(', ') || 'contact'}` };
    },
  ],
  ['interactive', interactive],
  [
    'button',
    (msg) => {
      const b = need(ownRecord(msg, 'button'), 'button object missing');
      const content = { type: 'button' as const, payload: ownString(b, 'payload') ?? '', text: ownString(b, 'text') ?? '' };
      return { content, text: content.text || content.payload };
    },
  ],
  [
    'reaction',
    (msg) => {
      const r = need(ownRecord(msg, 'reaction'), 'reaction object missing');
      const messageId = need(ownId(r, 'message_id'), 'reaction.message_id missing');
      // Omitted or "" both mean the reaction was removed (reference §3.1).
      const emoji = ownString(r, 'emoji') || null;
      return { content: { type: 'reaction', messageId, emoji }, text: emoji ?? '[reaction removed]' };
    },
  ],
  ['order', order],
  [
    'system',
    (msg) => {
      const s = need(ownRecord(msg, 'system'), 'system object missing');
      const content = compact({
        type: 'system' as const,
        body: ownString(s, 'body') ?? '',
        systemType: ownString(s, 'type') ?? '',
        // Current payloads use wa_id; the legacy customer_changed_number used new_wa_id.
        newWaId: ownId(s, 'wa_id') ?? ownId(s, 'new_wa_id'),
        newUserId: ownId(s, 'user_id') ?? ownId(s, 'new_user_id'),
      });
      return { content, text: content.body || `[${content.systemType || 'system'}]` };
    },
  ],
  [
    'unsupported',
    (msg, where, problems) => {
      const originalType = ownString(ownRecord(msg, 'unsupported'), 'type');
      const errors = parseErrors(own(msg, 'errors'), `${where}.errors`, problems);
      return {
        content: compact({ type: 'unsupported', originalType, errors }),
        text: `[unsupported${originalType ? `: ${originalType}` : ''}]`,
      };
    },
  ],
  [
    'unknown',
    // The legacy name of `unsupported`: same meaning, no sub-object.
    (msg, where, problems) => ({
      content: { type: 'unsupported', errors: parseErrors(own(msg, 'errors'), `${where}.errors`, problems) },
      text: '[unsupported]',
    }),
  ],
  [
    'edit',
    (msg, where, problems, depth) => {
      const e = need(ownRecord(msg, 'edit'), 'edit object missing');
      const originalMessageId = need(ownId(e, 'original_message_id'), 'edit.original_message_id missing');
      const inner = ownRecord(e, 'message');
      // One level only: an edit of an edit is not a thing, and recursion must stay bounded on hostile input.
      const edited: ParsedContent =
        inner && depth === 0
          ? parseContent(inner, `${where}.edit.message`, problems, depth + 1)
          : { content: { type: 'unknown', rawType: inner ? (ownString(inner, 'type') ?? null) : null, raw: inner ?? null }, text: '' };
      return { content: { type: 'edit', originalMessageId, edited: edited.content }, text: edited.text || '[edited]' };
    },
  ],
  [
    'revoke',
    (msg) => {
      const r = need(ownRecord(msg, 'revoke'), 'revoke object missing');
      return {
        content: { type: 'revoke', originalMessageId: need(ownId(r, 'original_message_id'), 'revoke.original_message_id missing') },
        text: '[deleted]',
      };
    },
  ],
  ['request_welcome', () => ({ content: { type: 'request_welcome' }, text: '' })],
]);

/** Typed content for one message object; never throws — unusable bodies become `unknown` with a note. */
export function parseContent(msg: JsonRecord, where: string, problems: Problems, depth = 0): ParsedContent {
  const t = own(msg, 'type');
  const rawType = typeof t === 'string' ? t : null;
  const parser = rawType === null ? undefined : PARSERS.get(rawType);
  const unknown = (): ParsedContent => ({ content: { type: 'unknown', rawType, raw: msg }, text: rawType ? `[${rawType}]` : '[message]' });
  if (!parser) {
    if (rawType === null) problems.add(`${where}: message without a type`);
    return unknown();
  }
  try {
    return parser(msg, where, problems, depth);
  } catch (err) {
    problems.add(`${where}: ${err instanceof Malformed ? err.message : 'unreadable body'}, kept as unknown`);
    return unknown();
  }
}
