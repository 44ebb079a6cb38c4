// parseWebhook: the whole POST body (reference §2) → a flat list of items. Never throws, on any input.
import { describe, parseErrors, Problems } from './inbound-common';
import { parseMessage } from './inbound-message';
import { parseStatus } from './inbound-status';
import type { ItemOrigin, ParsedWebhook, WebhookItem } from './inbound-types';
import { isRecord, own, ownArray, ownId, ownRecord, ownString } from './read';

export { isStatusAdvance, statusRank } from './inbound-status';

export const WHATSAPP_OBJECT = 'whatsapp_business_account';

export interface ParseOptions {
  /** Stand-in for bad timestamps; a fake clock in tests. Defaults to the current time. */
  now?: Date;
}

function parseMessagesChange(
  value: Record<string, unknown>,
  origin: ItemOrigin,
  where: string,
  now: Date,
  problems: Problems,
  items: WebhookItem[],
) {
  if (origin.phoneNumberId === null) problems.add(`${where}: metadata.phone_number_id missing`);
  // contacts[] is omitted on failed statuses and system messages; treat absent as empty.
  const contacts = ownArray(value, 'contacts') ?? [];
  const messages = own(value, 'messages');
  const statuses = own(value, 'statuses');
  const errors = own(value, 'errors');
  if (messages === undefined && statuses === undefined && errors === undefined) problems.add(`${where}: no messages, statuses or errors`);
  if (messages !== undefined && !Array.isArray(messages)) problems.add(`${where}: messages is not an array`);
  if (statuses !== undefined && !Array.isArray(statuses)) problems.add(`${where}: statuses is not an array`);

  // Each element is guarded on its own: one unreadable message must not cost the others.
  (Array.isArray(messages) ? messages : []).forEach((m, i) => {
    const message = guard(() => parseMessage(m, contacts, `${where}.messages[${i}]`, now, problems), `${where}.messages[${i}]`, problems);
    if (message) items.push({ ...origin, kind: 'message', message });
  });
  (Array.isArray(statuses) ? statuses : []).forEach((s, i) => {
    const status = guard(() => parseStatus(s, `${where}.statuses[${i}]`, now, problems), `${where}.statuses[${i}]`, problems);
    if (status) items.push({ ...origin, kind: 'status', status });
  });
  if (errors !== undefined) {
    const list = parseErrors(errors, `${where}.errors`, problems);
    if (list.length > 0) items.push({ ...origin, kind: 'error', errors: list });
  }
}

function guard<T>(fn: () => T | null, where: string, problems: Problems): T | null {
  try {
    return fn();
  } catch {
    problems.add(`${where}: unreadable, skipped`);
    return null;
  }
}

function walk(body: unknown, now: Date, problems: Problems, items: WebhookItem[]): string | null {
  if (!isRecord(body)) {
    problems.add(`body is ${describe(body)}, not an object`);
    return null;
  }
  const object = ownString(body, 'object') ?? null;
  // Anything but a WhatsApp Business Account notification is acknowledged and ignored (reference §2).
  if (object !== WHATSAPP_OBJECT) {
    problems.add(`object is ${describe(own(body, 'object'))}, not ${WHATSAPP_OBJECT}; ignored`);
    return object;
  }
  const entries = own(body, 'entry');
  if (!Array.isArray(entries)) {
    problems.add(`entry is ${describe(entries)}, not an array`);
    return object;
  }
  entries.forEach((entry, e) => {
    const changes = ownArray(entry, 'changes');
    if (!changes) {
      problems.add(`entry[${e}]: changes is not an array`);
      return;
    }
    const wabaId = ownId(entry, 'id') ?? null;
    changes.forEach((change, c) => {
      const where = `entry[${e}].changes[${c}]`;
      const field = ownString(change, 'field');
      const value = own(change, 'value');
      if (!field) {
        problems.add(`${where}: change without a field`);
        return;
      }
      const metadata = ownRecord(value, 'metadata');
      const origin: ItemOrigin = {
        phoneNumberId: ownId(metadata, 'phone_number_id') ?? null,
        displayPhoneNumber: ownId(metadata, 'display_phone_number') ?? null,
        wabaId,
      };
      if (field !== 'messages') {
        // Template status, quality, account updates…: surfaced untouched so callers can route them later.
        items.push({ ...origin, kind: 'other', field, value });
        return;
      }
      if (!isRecord(value)) {
        problems.add(`${where}: value is ${describe(value)}, not an object`);
        return;
      }
      parseMessagesChange(value, origin, `${where}.value`, now, problems, items);
    });
  });
  return object;
}

/**
 * Normalise a webhook POST body (already JSON-parsed, signature already verified). Iterates every
 * entry × change × message / status / error. Skipped or repaired parts are described in `problems`.
 */
export function parseWebhook(body: unknown, options: ParseOptions = {}): ParsedWebhook {
  const now = options.now ?? new Date();
  const problems = new Problems();
  const items: WebhookItem[] = [];
  let object: string | null = null;
  try {
    object = walk(body, now, problems, items);
  } catch {
    // Last line of defence (exotic objects such as throwing getters or proxies): keep what was parsed.
    problems.add('body could not be read completely');
  }
  return { object, items, problems: problems.done() };
}
