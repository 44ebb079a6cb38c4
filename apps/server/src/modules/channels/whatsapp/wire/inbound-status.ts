// One `value.statuses[]` object (reference §4) → MessageStatus, plus the monotonic ordering of statuses.
import { parseErrors, parseTimestamp, type Problems } from './inbound-common';
import type { MessageStatus } from './inbound-types';
import { compact, isRecord, own, ownBoolean, ownId, ownRecord, ownString } from './read';

/** Null (with a note) without an id or a status: neither can be applied to a stored message. */
export function parseStatus(s: unknown, where: string, now: Date, problems: Problems): MessageStatus | null {
  if (!isRecord(s)) {
    problems.add(`${where}: status is not an object`);
    return null;
  }
  const wamid = ownId(s, 'id');
  const status = ownString(s, 'status');
  if (wamid === undefined || !status) {
    problems.add(`${where}: status without ${wamid === undefined ? 'an id' : 'a status value'} skipped`);
    return null;
  }
  const pricing = ownRecord(s, 'pricing');
  const conversation = ownRecord(s, 'conversation');
  const expires = own(conversation, 'expiration_timestamp');
  return compact({
    wamid,
    status,
    timestamp: parseTimestamp(own(s, 'timestamp'), now, where, problems),
    recipientWaId: ownId(s, 'recipient_id'),
    recipientUserId: ownId(s, 'recipient_user_id'),
    bizOpaqueCallbackData: ownString(s, 'biz_opaque_callback_data'),
    pricingCategory: ownString(pricing, 'category'),
    pricingType: ownString(pricing, 'type'),
    pricingModel: ownString(pricing, 'pricing_model'),
    // Deprecated by Meta but still sent.
    billable: ownBoolean(pricing, 'billable'),
    conversationId: ownId(conversation, 'id'),
    conversationOriginType: ownString(ownRecord(conversation, 'origin'), 'type'),
    conversationExpiresAt: expires === undefined ? undefined : parseTimestamp(expires, now, `${where}.conversation`, problems),
    errors: parseErrors(own(s, 'errors'), `${where}.errors`, problems),
    raw: s,
  });
}

const RANK: ReadonlyMap<string, number> = new Map([
  ['queued', 0],
  ['sent', 1],
  ['delivered', 2],
  ['read', 3],
  ['played', 4],
  // Failed ranks above everything: it is terminal, so a late-arriving `sent` (webhooks are unordered)
  // can never resurrect a failed message. A delivered/read after failed does not happen in practice; if
  // it ever did, we would keep `failed` — the conservative reading for billing and campaign retries.
  ['failed', 5],
]);

/**
 * Position of a status in the one-way order queued < sent < delivered < read < played < failed.
 * Unknown statuses (legacy "deleted", future values) rank -1 so they never move a message.
 */
export function statusRank(status: string): number {
  return RANK.get(status) ?? -1;
}

/** True when `next` moves a message forward from `current` (never backward, never sideways). */
export function isStatusAdvance(current: string | null | undefined, next: string): boolean {
  return statusRank(next) > (current == null ? -1 : statusRank(current));
}
