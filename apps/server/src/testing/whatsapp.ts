// Test-only: a connected WhatsApp channel and real, signed webhook deliveries for it.
import { createHmac } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { inboundHooks } from '../jobs';
import { processInboundEvent, processInboundEvents } from '../modules/conversations';
import { inboundEvents } from '../modules/channels/tables';
import { workspaces } from '../modules/identity/tables';
import type { TestApp } from './test-app';

export const APP_SECRET = 'test-app-secret-0123456789';
export const VERIFY_TOKEN = 'test-verify-token';
export const PHONE_NUMBER_ID = '106540352242922';
export const WABA_ID = '102290129340398';
export const whatsappEnv = { WHATSAPP_APP_SECRET: APP_SECRET, WHATSAPP_VERIFY_TOKEN: VERIFY_TOKEN };

export async function connectWhatsApp(t: TestApp, cookie: string, opts: { graphBaseUrl?: string; phoneNumberId?: string } = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/channels/whatsapp',
    headers: { cookie },
    payload: {
      name: 'Support line',
      phoneNumberId: opts.phoneNumberId ?? PHONE_NUMBER_ID,
      wabaId: WABA_ID,
      displayPhoneNumber: '+1 555 078 3881',
      accessToken: 'EAAG-test-access-token-0123456789',
      graphBaseUrl: opts.graphBaseUrl ?? 'http://127.0.0.1:9',
    },
  });
  if (res.statusCode !== 201) throw new Error(`channel: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; webhookUrl: string };
}

export const sign = (raw: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

export function postWebhook(t: TestApp, body: unknown, opts: { secret?: string; signature?: string | null; url?: string } = {}) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const signature = opts.signature === null ? undefined : (opts.signature ?? sign(raw, opts.secret));
  return t.app.inject({
    method: 'POST',
    url: opts.url ?? '/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    payload: raw,
  });
}

let seq = 0;
export const wamid = () => `wamid.TEST${Date.now().toString(36)}${(seq++).toString(36).padStart(4, '0')}`;

export interface Customer {
  waId?: string;
  userId?: string;
  name?: string;
}

/** One inbound message in Meta's envelope. */
export function messageWebhook(customer: Customer, message: Record<string, unknown>, phoneNumberId = PHONE_NUMBER_ID) {
  return envelope(phoneNumberId, {
    contacts: [
      {
        profile: { name: customer.name ?? 'Customer' },
        ...(customer.waId ? { wa_id: customer.waId } : {}),
        ...(customer.userId ? { user_id: customer.userId } : {}),
      },
    ],
    messages: [
      {
        ...(customer.waId ? { from: customer.waId } : {}),
        ...(customer.userId ? { from_user_id: customer.userId } : {}),
        id: wamid(),
        timestamp: unix(new Date()),
        ...message,
      },
    ],
  });
}

export function textWebhook(customer: Customer, text: string, at = new Date(), extra: Record<string, unknown> = {}) {
  return messageWebhook(customer, { timestamp: unix(at), type: 'text', text: { body: text }, ...extra });
}

export function statusWebhook(id: string, status: string, at = new Date(), extra: Record<string, unknown> = {}) {
  return envelope(PHONE_NUMBER_ID, { statuses: [{ id, status, timestamp: unix(at), recipient_id: '16505551234', ...extra }] });
}

export function envelope(phoneNumberId: string, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

export const unix = (d: Date) => String(Math.floor(d.getTime() / 1000));

/** Run every stored, unprocessed inbound event now, in arrival order (deterministic tests, no worker). */
export async function processPending(t: TestApp): Promise<number> {
  const pending = await t.rt.deps.db
    .select({ workspaceId: inboundEvents.workspaceId, id: inboundEvents.id })
    .from(inboundEvents)
    .where(isNull(inboundEvents.processedAt))
    .orderBy(inboundEvents.seq);
  // As the worker does: in batches of 10, each event alone when its batch fails.
  for (let i = 0; i < pending.length; i += 10) {
    const batch = pending.slice(i, i + 10).map((e) => ({ workspaceId: e.workspaceId, eventId: e.id }));
    try {
      await processInboundEvents(t.rt.deps, batch, inboundHooks);
    } catch {
      for (const ref of batch) await processInboundEvent(t.rt.deps, ref, inboundHooks);
    }
  }
  return pending.length;
}

export async function eventCount(t: TestApp, channelId: string) {
  const rows = await t.rt.deps.db
    .select({ id: inboundEvents.id })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.channelId, channelId)));
  return rows.length;
}

/** The Demo workspace with a connected WhatsApp number: for tests that call the use cases themselves. */
export async function demoWhatsApp(t: TestApp): Promise<{ workspaceId: string; channelId: string }> {
  const channelId = (await connectWhatsApp(t, await t.login())).id;
  const [demo] = await t.rt.deps.db.select({ id: workspaces.id }).from(workspaces).limit(1);
  return { workspaceId: demo!.id, channelId };
}
