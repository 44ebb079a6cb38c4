// One `value.messages[]` object (reference §3) → InboundMessage, with its sender paired from `contacts[]`.
import { parseErrors, parseTimestamp, type Problems } from './inbound-common';
import { parseContent } from './inbound-content';
import type { InboundMessage, InboundSender, MessageContext, MessageReferral } from './inbound-types';
import { compact, isRecord, own, ownBoolean, ownId, ownRecord, ownString, type JsonRecord } from './read';

/**
 * Find the contacts[] entry for a message by wa_id or BSUID — never by array position: the arrays are
 * not guaranteed to line up, and system messages have no contact at all.
 */
function findContact(contacts: unknown[], waId: string | undefined, userId: string | undefined): JsonRecord | undefined {
  for (const c of contacts) {
    if (!isRecord(c)) continue;
    if (waId !== undefined && ownId(c, 'wa_id') === waId) return c;
    if (userId !== undefined && ownId(c, 'user_id') === userId) return c;
  }
  return undefined;
}

function sender(msg: JsonRecord, contacts: unknown[]): InboundSender {
  const from = ownId(msg, 'from');
  const fromUserId = ownId(msg, 'from_user_id');
  const contact = findContact(contacts, from, fromUserId);
  const profile = ownRecord(contact, 'profile');
  return compact({
    waId: from ?? ownId(contact, 'wa_id'),
    userId: fromUserId ?? ownId(contact, 'user_id'),
    parentUserId: ownId(msg, 'from_parent_user_id') ?? ownId(contact, 'parent_user_id'),
    profileName: ownString(profile, 'name'),
    username: ownString(profile, 'username'),
  });
}

function context(v: unknown): MessageContext | undefined {
  if (!isRecord(v)) return undefined;
  const product = ownRecord(v, 'referred_product');
  return compact({
    messageId: ownId(v, 'id'),
    from: ownId(v, 'from'),
    forwarded: ownBoolean(v, 'forwarded'),
    frequentlyForwarded: ownBoolean(v, 'frequently_forwarded'),
    referredProduct: product
      ? compact({ catalogId: ownId(product, 'catalog_id'), productRetailerId: ownId(product, 'product_retailer_id') })
      : undefined,
  });
}

function referral(v: unknown): MessageReferral | undefined {
  if (!isRecord(v)) return undefined;
  return compact({
    sourceUrl: ownString(v, 'source_url'),
    sourceId: ownString(v, 'source_id'),
    sourceType: ownString(v, 'source_type'),
    body: ownString(v, 'body'),
    headline: ownString(v, 'headline'),
    mediaType: ownString(v, 'media_type'),
    imageUrl: ownString(v, 'image_url'),
    videoUrl: ownString(v, 'video_url'),
    thumbnailUrl: ownString(v, 'thumbnail_url'),
    ctwaClid: ownString(v, 'ctwa_clid'),
    welcomeMessageText: ownString(ownRecord(v, 'welcome_message'), 'text'),
  });
}

/** Null (with a problem note) when the message has no id: without the idempotency key it cannot be stored safely. */
export function parseMessage(msg: unknown, contacts: unknown[], where: string, now: Date, problems: Problems): InboundMessage | null {
  if (!isRecord(msg)) {
    problems.add(`${where}: message is not an object`);
    return null;
  }
  const wamid = ownId(msg, 'id');
  if (wamid === undefined) {
    problems.add(`${where}: message without an id skipped`);
    return null;
  }
  const from = sender(msg, contacts);
  if (from.waId === undefined && from.userId === undefined) problems.add(`${where}: message ${wamid} has no sender id`);
  const { content, text } = parseContent(msg, where, problems);
  const errors = own(msg, 'errors') === undefined ? undefined : parseErrors(own(msg, 'errors'), `${where}.errors`, problems);
  return compact({
    wamid,
    timestamp: parseTimestamp(own(msg, 'timestamp'), now, where, problems),
    from,
    // The legacy `unknown` type is reported as `unsupported`; content.type is always the normalised type.
    type: content.type,
    content,
    text,
    context: context(own(msg, 'context')),
    referral: referral(own(msg, 'referral')),
    errors,
    raw: msg,
  });
}
