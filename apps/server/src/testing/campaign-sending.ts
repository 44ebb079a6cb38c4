// Test-only (campaign sending): a listening Parley with a WhatsApp number served by the fake Graph API (whose status webhooks come back
// to Parley), an approved template, and campaigns with recipients inserted directly (the wizard is not under test).
import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { startFakeGraph, type FakeGraph } from '../modules/channels';
import { contactsTable } from '../modules/contacts';
import { startTestApp, type TestApp } from './test-app';
import { APP_SECRET, connectWhatsApp, PHONE_NUMBER_ID, processPending, WABA_ID, whatsappEnv } from './whatsapp';
import { campaignRecipients, campaigns, messageTemplates } from '../modules/campaigns/tables';
import { dispatchCampaign, type DispatchOptions } from '../modules/campaigns/sending/dispatch';

export const TEMPLATE = { name: 'order_ready', language: 'en_US', body: 'Hi {{1}}, your order {{2}} is ready.' };

export interface SendingWorld {
  t: TestApp;
  fake: FakeGraph;
  ws: string;
  channelId: string;
  templateId: string;
  cookie: string;
  call(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** A campaign with `n` recipients (new contacts, phones +1 650 555 xxxx from `phoneBase`), in `status`. */
  campaign(
    n: number,
    opts?: { status?: 'sending' | 'scheduled' | 'paused'; scheduledAt?: Date; phoneBase?: number; name?: string },
  ): Promise<{ id: string; recipientIds: string[] }>;
  /** Run the dispatcher once with a sleep that moves the fake clock (fake-clock worlds). */
  dispatch(campaignId: string, opts?: DispatchOptions): ReturnType<typeof dispatchCampaign>;
  recipients(campaignId: string): Promise<Array<typeof campaignRecipients.$inferSelect>>;
  status(campaignId: string): Promise<string>;
  /** Wait for the fake's status webhooks, then apply every stored event (no worker in these tests). */
  settle(): Promise<void>;
  /** The number of calls the fake accepted for each biz_opaque_callback_data (= message id). */
  sendsByOpaque(): Map<string, number>;
  close(): Promise<void>;
}

let phoneSeq = 0;

export async function startSendingWorld(opts: { systemClock?: boolean; env?: Record<string, string> } = {}): Promise<SendingWorld> {
  const t = await startTestApp({ env: { ...whatsappEnv, ...opts.env }, ...(opts.systemClock ? { systemClock: true } : {}) });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = t.app.server.address() as { port: number };
  const clock = opts.systemClock ? () => Date.now() : () => t.clock.now().getTime();
  const fake = await startFakeGraph({ statusDelaysMs: { sent: 5, delivered: 10, read: 15 }, now: clock, strictTemplates: true });
  const cookie = await t.login();
  const ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie } })).json().id as string;
  const channelId = (await connectWhatsApp(t, cookie, { graphBaseUrl: fake.url })).id;
  fake.registerNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '15550783881',
    wabaId: WABA_ID,
    accessToken: 'EAAG-test-access-token-0123456789',
    appSecret: APP_SECRET,
    webhookUrl: `http://127.0.0.1:${port}/webhooks/whatsapp`,
  });
  fake.registerTemplate({ name: TEMPLATE.name, language: TEMPLATE.language, category: 'marketing', body: TEMPLATE.body });
  const db = t.rt.deps.db;
  const at = t.clock.now();
  const [template] = await db
    .insert(messageTemplates)
    .values({
      workspaceId: ws,
      wabaId: WABA_ID,
      providerTemplateId: '7000001',
      name: TEMPLATE.name,
      language: TEMPLATE.language,
      category: 'marketing',
      status: 'approved',
      content: { body: { text: TEMPLATE.body, examples: ['Ana', 'A-1'] }, buttons: [] },
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: messageTemplates.id });
  const templateId = template!.id;
  const now = () => t.clock.now();

  const world: SendingWorld = {
    t,
    fake,
    ws,
    channelId,
    templateId,
    cookie,
    call: (method, url, payload) => t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) }),
    async campaign(n, o = {}) {
      const base = o.phoneBase ?? 6505550000 + (phoneSeq += 1000);
      const [c] = await db
        .insert(campaigns)
        .values({
          workspaceId: ws,
          name: o.name ?? `Campaign ${base}`,
          channelId,
          templateId,
          mode: o.scheduledAt ? 'scheduled' : 'immediate',
          scheduledAt: o.scheduledAt ?? now(),
          status: o.status ?? 'sending',
          createdAt: now(),
          updatedAt: now(),
          confirmedAt: now(),
        })
        .returning({ id: campaigns.id });
      const people = Array.from({ length: n }, (_, i) => ({ phone: `+1${base + i}`, name: `Customer ${i + 1}` }));
      const contacts = people.length
        ? await db
            .insert(contactsTable)
            .values(
              people.map((p) => ({
                workspaceId: ws,
                firstName: p.name,
                phone: p.phone,
                source: 'import:test',
                createdAt: now(),
                updatedAt: now(),
              })),
            )
            .returning({ id: contactsTable.id })
        : [];
      const rows = people.length
        ? await db
            .insert(campaignRecipients)
            .values(
              people.map((p, i) => ({
                workspaceId: ws,
                campaignId: c!.id,
                contactId: contacts[i]!.id,
                phone: p.phone,
                rowNo: i + 1,
                values: { body: [p.name, `A-${i + 1}`] },
                updatedAt: now(),
              })),
            )
            .returning({ id: campaignRecipients.id, rowNo: campaignRecipients.rowNo })
        : [];
      return { id: c!.id, recipientIds: rows.sort((a, b) => a.rowNo - b.rowNo).map((r) => r.id) };
    },
    dispatch: (campaignId, o = {}) =>
      dispatchCampaign(t.rt.deps, { workspaceId: ws, campaignId }, { sleep: async (ms) => t.clock.advance(ms), ...o }),
    recipients: (campaignId) =>
      db
        .select()
        .from(campaignRecipients)
        .where(and(eq(campaignRecipients.workspaceId, ws), eq(campaignRecipients.campaignId, campaignId)))
        .orderBy(campaignRecipients.rowNo),
    status: async (campaignId) => (await db.select({ s: campaigns.status }).from(campaigns).where(eq(campaigns.id, campaignId)))[0]!.s,
    async settle() {
      await fake.idle();
      // A webhook answered before its event is stored cannot happen (store, then 200), but be sure none is missed.
      for (let i = 0; i < 3 && (await processPending(t)) > 0; i++) await fake.idle();
    },
    sendsByOpaque() {
      const counts = new Map<string, number>();
      for (const s of fake.sent(PHONE_NUMBER_ID)) {
        const key = String(s.body.biz_opaque_callback_data);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      return counts;
    },
    async close() {
      await fake.close();
      await t.close();
    },
  };
  return world;
}
