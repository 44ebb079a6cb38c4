import { GroupCommit, withTx } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { inboundEventJob } from './jobs';
import { findChannelById, findChannelByExternalId, openSecrets, type ChannelRow } from './repository';
import { inboundEvents, webhookRejects } from './tables';
import type { NormalizedEvent } from './normalized';
import { normalizeWhatsAppItem } from './whatsapp/adapter';
import { wabaChannelsAcrossWorkspaces } from './whatsapp/templates-access';
import { parseWebhook, verifySignature, type WebhookItem } from './whatsapp/wire';

export interface IngestResult {
  stored: number;
  duplicates: number;
  skipped: number;
}

/**
 * Accept one WhatsApp webhook POST: check the signature on the raw bytes, then in one transaction store each
 * event under its provider key (a redelivery changes nothing) and enqueue its processing — all before the
 * 200 goes back, so nothing acknowledged can be lost. `channelId` is set for a channel's own webhook URL.
 */
export async function ingestWhatsAppWebhook(
  deps: Deps,
  input: { rawBody: Buffer; signature: string | undefined; channelId?: string },
): Promise<IngestResult> {
  const own = input.channelId ? await findChannelById(deps.db, input.channelId) : undefined;
  if (input.channelId && !own) throw new AppError('not_found', 'Unknown webhook URL');
  const appSecret = own ? openSecrets(deps.secrets, own).appSecret : deps.config.whatsapp.appSecret;
  if (!appSecret || !verifySignature(input.rawBody, input.signature, appSecret)) {
    throw new AppError('unauthenticated', 'Invalid or missing X-Hub-Signature-256');
  }

  let body: unknown;
  try {
    body = JSON.parse(input.rawBody.toString('utf8'));
  } catch (err) {
    await reject(deps, `body is not JSON: ${(err as Error).message}`, input.rawBody);
    return { stored: 0, duplicates: 0, skipped: 1 };
  }
  const parsed = parseWebhook(body);
  const now = deps.clock.now();
  const rows: EventRow[] = [];
  const notes = [...parsed.problems];
  const channelCache = new Map<string, ChannelRow | undefined>();
  for (const item of parsed.items) {
    const pnid = item.phoneNumberId;
    if (!pnid) {
      // Account-level changes (template status, quality…) name the WABA (entry.id), not a phone number.
      const account = item.kind === 'other' && item.wabaId ? await accountChangeRows(deps, item, own, now) : undefined;
      if (typeof account === 'object') rows.push(...account);
      else notes.push(account ?? 'an item without metadata.phone_number_id');
      continue;
    }
    if (!channelCache.has(pnid)) channelCache.set(pnid, own && own.externalId === pnid ? own : await routeNumber(deps, pnid, own));
    const channel = channelCache.get(pnid);
    if (!channel) {
      deps.log.warn({ phoneNumberId: pnid }, 'WhatsApp webhook for an unknown phone number id: dropped');
      notes.push(`unknown phone_number_id ${pnid}`);
      continue;
    }
    const normalized = normalizeWhatsAppItem(item);
    if (!normalized) {
      if (item.kind === 'error') deps.log.warn({ channelId: channel.id, errors: item.errors }, 'WhatsApp reported an out-of-band error');
      else notes.push(`a ${item.kind} item with no usable sender`);
      continue;
    }
    const payload = storable(normalized.event);
    if (payload.trimmed) notes.push(`${normalized.key}: raw object nested too deeply to store with the event; kept in the raw body`);
    rows.push({
      workspaceId: channel.workspaceId,
      channelId: channel.id,
      providerKey: normalized.key,
      kind: normalized.event.kind,
      payload: payload.value,
      receivedAt: now,
      orderKey: orderKeyOf(channel.id, normalized.event),
    });
  }

  const stored = rows.length === 0 ? 0 : await storeAndEnqueue(deps, rows);
  if (notes.length > 0) await reject(deps, notes.slice(0, 20).join('; '), input.rawBody);
  return { stored, duplicates: rows.length - stored, skipped: notes.length };
}

/**
 * A change about a whole WhatsApp Business Account: stored once per workspace that has a number of that WABA
 * (under that workspace's oldest number). A channel's own URL only takes changes of its own WABA.
 */
async function accountChangeRows(deps: Deps, item: WebhookItem, own: ChannelRow | undefined, now: Date): Promise<EventRow[] | string> {
  const wabaId = item.wabaId ?? '';
  const targets = own
    ? own.kind === 'whatsapp' && own.settings.wabaId === wabaId
      ? [own]
      : []
    : await wabaChannelsAcrossWorkspaces(deps.db, wabaId, { sharedWebhookOnly: true });
  const normalized = normalizeWhatsAppItem(item);
  if (targets.length === 0 || !normalized) return `unknown WhatsApp Business Account ${wabaId}`;
  return targets.map((channel) => ({
    workspaceId: channel.workspaceId,
    channelId: channel.id,
    providerKey: normalized.key,
    kind: normalized.event.kind,
    payload: storable(normalized.event).value,
    receivedAt: now,
    orderKey: null,
  }));
}

// A channel's own URL only accepts its own number: events for others are never attached to it.
async function routeNumber(deps: Deps, phoneNumberId: string, own: ChannelRow | undefined) {
  if (own) return undefined;
  const channel = await routes.get(deps, phoneNumberId);
  // A number with its own app secret is verified on its own URL only.
  return channel?.kind === 'whatsapp' && !channel.settings.ownWebhook ? channel : undefined;
}

/**
 * phone_number_id → channel, remembered briefly: every webhook needs it and it almost never changes. A channel
 * connected or removed is seen by every node within ROUTE_TTL_MS.
 */
const ROUTE_TTL_MS = 10_000;
class RouteCache {
  private readonly entries = new Map<string, { channel: ChannelRow | undefined; until: number }>();

  async get(deps: Deps, phoneNumberId: string): Promise<ChannelRow | undefined> {
    const now = Date.now();
    const hit = this.entries.get(phoneNumberId);
    if (hit && hit.until > now) return hit.channel;
    const channel = await findChannelByExternalId(deps.db, 'whatsapp', phoneNumberId);
    if (this.entries.size > 10_000) this.entries.clear(); // unknown ids sent by anyone must not grow it forever
    this.entries.set(phoneNumberId, { channel, until: now + ROUTE_TTL_MS });
    return channel;
  }
}
const routes = new RouteCache();

type EventRow = typeof inboundEvents.$inferInsert;

// One group-commit writer per database: concurrent webhooks are stored (and their jobs enqueued) together.
const writers = new WeakMap<object, GroupCommit<EventRow, number>>();

/** Store events and enqueue their jobs; resolves, once committed, to how many were new (not redeliveries). */
export function storeAndEnqueue(deps: Deps, rows: EventRow[]): Promise<number> {
  let writer = writers.get(deps.db);
  if (!writer) {
    writer = new GroupCommit((batches) => writeEvents(deps, batches), MAX_EVENTS_PER_COMMIT);
    writers.set(deps.db, writer);
  }
  return writer.submit(rows);
}

const MAX_EVENTS_PER_COMMIT = 1000;

/** Several webhooks' events in one transaction, in arrival order (their `seq` keeps each customer's order). */
async function writeEvents(deps: Deps, batches: EventRow[][]): Promise<number[]> {
  // The same event twice in one commit (a redelivery racing the original) counts for the first webhook only.
  const owner = new Map<string, number>();
  const rows: EventRow[] = [];
  batches.forEach((batch, i) => {
    for (const row of batch) {
      const key = `${row.channelId}|${row.providerKey}`;
      if (owner.has(key)) continue;
      owner.set(key, i);
      rows.push(row);
    }
  });
  const inserted = await withTx(deps.db, async (tx) => {
    const ins = await tx.insert(inboundEvents).values(rows).onConflictDoNothing().returning({
      id: inboundEvents.id,
      workspaceId: inboundEvents.workspaceId,
      channelId: inboundEvents.channelId,
      providerKey: inboundEvents.providerKey,
    });
    await deps.queue.enqueueMany(
      tx,
      inboundEventJob,
      ins.map((r) => ({ workspaceId: r.workspaceId, eventId: r.id })),
    );
    return ins;
  });
  const counts = batches.map(() => 0);
  for (const r of inserted) counts[owner.get(`${r.channelId}|${r.providerKey}`)!]!++;
  return counts;
}

/**
 * A customer's events share a key and are applied in arrival order, one customer at a time. Statuses would be
 * right in any order (they only move forward), but sharing their customer's key keeps them from waiting on row
 * locks held by the customer's messages, or by their own message's other statuses, in other workers' batches.
 */
export function orderKeyOf(channelId: string, event: NormalizedEvent): string | null {
  if (event.kind === 'message') return `${channelId}:${event.from.keys[0]}`;
  if (event.kind === 'status' && event.recipientKey) return `${channelId}:${event.recipientKey}`;
  return null;
}

async function reject(deps: Deps, reason: string, raw: Buffer) {
  deps.log.warn({ reason }, 'WhatsApp webhook kept raw for inspection');
  await deps.db.insert(webhookRejects).values({
    provider: 'whatsapp',
    receivedAt: deps.clock.now(),
    reason: reason.slice(0, 2000),
    // NUL cannot be stored in a text column; the rest is kept exactly.
    rawBody: raw.toString('utf8').replaceAll('\u0000', '\\u0000'),
  });
}

// Deeper than this, a provider's raw object is not stored with the event (PostgreSQL and JSON.stringify both
// recurse); the normalised fields are, and the whole body is kept as text in webhook_rejects.
const MAX_STORED_DEPTH = 64;

export function storable(event: NormalizedEvent): { value: unknown; trimmed: boolean } {
  let json: string | undefined;
  try {
    json = JSON.stringify(event);
  } catch {
    json = undefined; // RangeError: deeper than the stack allows
  }
  if (json === undefined || nestingDepth(json) > MAX_STORED_DEPTH) {
    const content = event.kind === 'message' ? { ...event.content, raw: { omitted: 'nested too deeply to store' } } : undefined;
    const trimmed = content ? { ...event, content } : { kind: event.kind };
    return { value: jsonbSafe(JSON.stringify(trimmed)), trimmed: true };
  }
  return { value: jsonbSafe(json), trimmed: false };
}

function nestingDepth(json: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if (c === 93 || c === 125) depth--;
  }
  return max;
}

// PostgreSQL's jsonb refuses \u0000. Replace each escaped NUL (an odd run of backslashes before u0000 is an
// escape; an even run is literal text) with U+FFFD on the serialised form.
const ESCAPED_NUL = /(?<!\\)((?:\\\\)*)\\u0000/g;
function jsonbSafe(json: string): unknown {
  return JSON.parse(json.includes('\\u0000') ? json.replace(ESCAPED_NUL, '$1\\ufffd') : json);
}
