import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openSpreadsheet } from '../../../platform/excel';
import { PHONE_NUMBER_ID } from '../../../testing/whatsapp';
import { startSendingWorld, TEMPLATE, type SendingWorld } from '../../../testing/campaign-sending';
import { contacts } from '../../contacts/tables';
import { conversations, messages } from '../../conversations/tables';
import { campaignSenders, messageTemplates } from '../tables';
import { deliverTemplate } from './deliver-template';
import { pauseCampaign } from './pause-campaign';

// Pause, resume and cancel; the outbound history API and its exports; a number's sending settings; the API send.
let w: SendingWorld;
beforeAll(async () => {
  w = await startSendingWorld({ env: { PARLEY_DEFAULT_COUNTRY: 'US' } });
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  w.fake.reset();
  await w.t.rt.deps.db.update(campaignSenders).set({ pausedUntil: null, nextSlotAt: null });
});

const db = () => w.t.rt.deps.db;

describe('pause, resume, cancel', () => {
  // Slow pacing, so the dispatcher waits between calls (where these tests act) however fast the machine is.
  beforeAll(async () => void (await w.call('PUT', `/campaigns/senders/${w.channelId}`, { messagesPerSecond: 5 })));
  afterAll(async () => void (await w.call('PUT', `/campaigns/senders/${w.channelId}`, { messagesPerSecond: 80 })));

  it('pause stops after the calls in flight; resume sends the rest — nobody skipped, nobody twice', async () => {
    const c = await w.campaign(12);
    let paused = false;
    const first = await w.dispatch(c.id, {
      batchSize: 2,
      sleep: async (ms) => {
        w.t.clock.advance(ms);
        if (!paused && w.fake.sent().length >= 4) {
          paused = true;
          const res = await w.call('POST', `/campaigns/${c.id}/pause`);
          expect(res.statusCode).toBe(200);
          expect(res.json()).toMatchObject({ status: 'paused' });
        }
      },
    });
    expect(first.state).toBe('paused');
    const mid = await w.recipients(c.id);
    const sentBefore = mid.filter((r) => r.status === 'sent').length;
    expect(sentBefore).toBeGreaterThanOrEqual(4);
    expect(sentBefore).toBeLessThan(12);
    // In-flight calls finished: nothing is left half-way.
    expect(mid.filter((r) => r.status === 'sending')).toHaveLength(0);
    expect(mid.filter((r) => r.status === 'pending')).toHaveLength(12 - sentBefore);
    // Paused means paused: a dispatcher started now sends nothing.
    expect((await w.dispatch(c.id)).calls).toBe(0);

    expect((await w.call('POST', `/campaigns/${c.id}/resume`)).json()).toMatchObject({ status: 'sending' });
    expect((await w.dispatch(c.id)).state).toBe('done');
    const counts = w.sendsByOpaque();
    expect(counts.size).toBe(12);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect((await w.recipients(c.id)).every((r) => r.status === 'sent')).toBe(true);
  });

  it('refuses a control that does not fit the status (409), and an unknown campaign (404)', async () => {
    const c = await w.campaign(1, { status: 'scheduled', scheduledAt: new Date(w.t.clock.now().getTime() + 60_000) });
    const resume = await w.call('POST', `/campaigns/${c.id}/resume`);
    expect(resume.statusCode).toBe(409);
    expect(resume.json().error.message).toContain('scheduled');
    expect((await w.call('POST', `/campaigns/${c.id}/pause`)).statusCode).toBe(409);
    expect((await w.call('POST', '/campaigns/00000000-0000-4000-8000-000000000000/cancel')).statusCode).toBe(404);
    expect((await w.call('POST', '/campaigns/not-a-uuid/cancel')).statusCode).toBe(400);
  });

  it('cancelling a scheduled campaign skips everyone; nothing is sent when its time comes', async () => {
    const at = new Date(w.t.clock.now().getTime() + 60_000);
    const c = await w.campaign(3, { status: 'scheduled', scheduledAt: at });
    const res = await w.call('POST', `/campaigns/${c.id}/cancel`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'cancelled', counts: { skipped: 3, pending: 0 } });
    w.t.clock.advance(120_000);
    expect((await w.dispatch(c.id)).calls).toBe(0);
    expect((await w.recipients(c.id)).every((r) => r.status === 'skipped' && r.reason?.includes('cancelled'))).toBe(true);
    expect(w.fake.sent()).toHaveLength(0);
    expect((await w.call('POST', `/campaigns/${c.id}/cancel`)).statusCode).toBe(409);
  });

  it('cancelling mid-way skips the recipients not yet called; the ones called keep their status', async () => {
    const c = await w.campaign(10);
    let cancelled = false;
    await w.dispatch(c.id, {
      batchSize: 3,
      sleep: async (ms) => {
        w.t.clock.advance(ms);
        if (!cancelled && w.fake.sent().length >= 2) {
          cancelled = true;
          expect((await w.call('POST', `/campaigns/${c.id}/cancel`)).statusCode).toBe(200);
        }
      },
    });
    const rows = await w.recipients(c.id);
    const sent = rows.filter((r) => r.status === 'sent');
    const skipped = rows.filter((r) => r.status === 'skipped');
    expect(sent.length).toBe(w.fake.sent().length);
    expect(sent.length + skipped.length).toBe(10);
    expect(skipped.length).toBeGreaterThan(0);
    expect(await w.status(c.id)).toBe('cancelled');
    // A skipped recipient's message that was already in the conversation is marked failed, never left queued.
    for (const r of skipped.filter((s) => s.messageId)) {
      const [m] = await db().select().from(messages).where(eq(messages.id, r.messageId!));
      expect(m!.status).toBe('failed');
    }
  });
});

describe('outbound history', () => {
  it('lists campaigns with counts per state and progress, and pages recipients with times and reasons', async () => {
    const c = await w.campaign(4, { name: 'History check' });
    w.fake.failNext({ code: 131026 });
    await w.dispatch(c.id);
    await w.settle();
    const list = await w.call('GET', '/campaigns?page=1&pageSize=10');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((i: { id: string }) => i.id === c.id);
    expect(item).toMatchObject({
      name: 'History check',
      status: 'done_with_failures',
      templateName: TEMPLATE.name,
      total: 4,
      counts: { failed: 1, read: 3, pending: 0, sending: 0 },
      progress: 1,
    });
    const filtered = await w.call('GET', '/campaigns?status=done_with_failures');
    expect(filtered.json().items.every((i: { status: string }) => i.status === 'done_with_failures')).toBe(true);
    expect((await w.call('GET', `/campaigns/${c.id}`)).json()).toMatchObject({ id: c.id, total: 4 });

    const page = await w.call('GET', `/campaigns/${c.id}/recipients?page=1&pageSize=10`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ total: 4, page: 1, pageSize: 10 });
    const items = page.json().items as Array<Record<string, unknown>>;
    expect(items.map((i) => i.rowNo)).toEqual([1, 2, 3, 4]);
    const failed = items.find((i) => i.status === 'failed')!;
    expect(failed).toMatchObject({ errorCode: 131026, reason: expect.any(String), failedAt: expect.any(String) });
    const read = items.find((i) => i.status === 'read')!;
    expect(read).toMatchObject({
      sentAt: expect.any(String),
      deliveredAt: expect.any(String),
      readAt: expect.any(String),
      name: expect.stringContaining('Customer'),
    });
    const onlyFailed = await w.call('GET', `/campaigns/${c.id}/recipients?status=failed`);
    expect(onlyFailed.json().total).toBe(1);
  });

  it('refuses bad paging and filters with a 400 naming the field', async () => {
    const c = await w.campaign(1);
    for (const q of ['pageSize=5', 'pageSize=101', 'page=0', 'status=lost']) {
      const res = await w.call('GET', `/campaigns/${c.id}/recipients?${q}`);
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(q.split('=')[0]);
    }
    expect((await w.call('GET', '/campaigns?status=finished')).statusCode).toBe(400);
    expect((await w.call('GET', '/campaigns/00000000-0000-4000-8000-000000000000/recipients')).statusCode).toBe(404);
  });

  it('exports the list and a campaign’s recipients as Excel files', async () => {
    const c = await w.campaign(3, { name: '=HYPERLINK("x")' });
    await w.dispatch(c.id);
    const list = await w.call('GET', '/campaigns.xlsx');
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toContain('spreadsheetml');
    const sheet = await openSpreadsheet(list.rawPayload, { filename: 'campaigns.xlsx' });
    const rows = [];
    for await (const r of sheet.rows) rows.push(r);
    const mine = rows.find((r) => String(r.values['Parley ID']) === c.id)!;
    // Formula-looking names are written as text, never as a formula.
    expect(String(mine.values.Campaign)).toBe('\'=HYPERLINK("x")');
    expect(mine.values).toMatchObject({ Recipients: 3, Sent: 3, Status: 'done' });

    const recipients = await w.call('GET', `/campaigns/${c.id}/recipients.xlsx`);
    expect(recipients.statusCode).toBe(200);
    const rsheet = await openSpreadsheet(recipients.rawPayload, { filename: 'recipients.xlsx' });
    const rrows = [];
    for await (const r of rsheet.rows) rrows.push(r);
    expect(rrows.map((r) => r.values.Row)).toEqual([1, 2, 3]);
    expect(rrows.every((r) => r.values.Status === 'sent' && r.values.Sent instanceof Date)).toBe(true);
    expect((await w.call('GET', '/campaigns/00000000-0000-4000-8000-000000000000/recipients.xlsx')).statusCode).toBe(404);
  });
});

describe('a number’s sending settings', () => {
  it('reads the defaults and changes the rate within 1–1,000 messages per second', async () => {
    const url = `/campaigns/senders/${w.channelId}`;
    expect((await w.call('GET', url)).json()).toMatchObject({ channelId: w.channelId, messagesPerSecond: 80 });
    for (const bad of [
      { messagesPerSecond: 1001 },
      { messagesPerSecond: 0 },
      { messagesPerSecond: 2.5 },
      { dailyLimit: 0 },
      { other: 1 },
    ]) {
      const res = await w.call('PUT', url, bad);
      expect(res.statusCode).toBe(400);
    }
    const ok = await w.call('PUT', url, { messagesPerSecond: 1000, dailyLimit: null });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ messagesPerSecond: 1000, dailyLimit: null });
    await w.call('PUT', url, { messagesPerSecond: 80 });
    expect((await w.call('GET', '/campaigns/senders/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });
});

describe('POST /messages/template', () => {
  it('to a new number: creates the contact (source api) and its conversation, then sends through the pacing', async () => {
    const res = await w.call('POST', '/messages/template', {
      channelId: w.channelId,
      to: '(650) 555-7788',
      templateId: w.templateId,
      body: ['Zoe', 'Q-7'],
    });
    expect(res.statusCode).toBe(202);
    const out = res.json();
    expect(out).toMatchObject({ contactCreated: true, status: 'queued' });
    const [contact] = await db().select().from(contacts).where(eq(contacts.id, out.contactId));
    expect(contact).toMatchObject({ source: 'api', phone: '+16505557788', templateMessages: 1 });
    const [conv] = await db().select().from(conversations).where(eq(conversations.id, out.conversationId));
    expect(conv!.contactId).toBe(out.contactId);
    const [m] = await db().select().from(messages).where(eq(messages.id, out.messageId));
    expect(m).toMatchObject({ status: 'queued', isTemplate: true, senderType: 'api', text: 'Hi Zoe, your order Q-7 is ready.' });

    await deliverTemplate(w.t.rt.deps, { workspaceId: w.ws, messageId: out.messageId, attempt: 1 }, async (ms) => w.t.clock.advance(ms));
    const [call] = w.fake.sent(PHONE_NUMBER_ID);
    expect(call!.body).toMatchObject({ to: '16505557788', biz_opaque_callback_data: out.messageId, template: { name: TEMPLATE.name } });
    await w.settle();
    expect((await db().select().from(messages).where(eq(messages.id, out.messageId)))[0]).toMatchObject({
      status: 'read',
      providerMessageId: call!.wamid,
    });
    // A job that runs twice sends nothing more.
    await deliverTemplate(w.t.rt.deps, { workspaceId: w.ws, messageId: out.messageId, attempt: 1 }, async (ms) => w.t.clock.advance(ms));
    expect(w.fake.sent()).toHaveLength(1);

    // The same number again: the same contact, not a new one.
    const again = await w.call('POST', '/messages/template', {
      channelId: w.channelId,
      to: '+16505557788',
      templateId: w.templateId,
      body: ['Zoe', 'Q-8'],
    });
    expect(again.json()).toMatchObject({ contactCreated: false, contactId: out.contactId });
  });

  it('refuses what cannot be sent, naming the field', async () => {
    const send = (body: object) =>
      w.call('POST', '/messages/template', {
        channelId: w.channelId,
        to: '+16505557799',
        templateId: w.templateId,
        body: ['a', 'b'],
        ...body,
      });
    const cases: Array<[object, string]> = [
      [{ body: ['only one'] }, 'body'],
      [{ body: ['a', 'tab\there'] }, 'body'],
      [{ to: '12' }, 'to'],
      [{ to: '5.511987654321E+12' }, 'to'],
      [{ templateId: '00000000-0000-4000-8000-000000000000' }, 'templateId'],
      [{ urlButtons: { 0: 'x' } }, 'urlButtons'],
      [{ channelId: 'nope' }, 'channelId'],
    ];
    for (const [patch, field] of cases) {
      const res = await send(patch);
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(res.body).toContain(field);
    }
    const [pending] = await db()
      .insert(messageTemplates)
      .values({
        workspaceId: w.ws,
        wabaId: '102290129340398',
        name: 'not_yet',
        language: 'en_US',
        category: 'marketing',
        status: 'pending',
        content: { body: { text: 'Hi', examples: [] }, buttons: [] },
        createdAt: w.t.clock.now(),
        updatedAt: w.t.clock.now(),
      })
      .returning({ id: messageTemplates.id });
    const notApproved = await send({ templateId: pending!.id, body: [] });
    expect(notApproved.statusCode).toBe(400);
    expect(notApproved.body).toContain('approved');
    expect(w.fake.sent()).toHaveLength(0);
  });

  it('pauses a campaign through the use case too (the route is a thin wrapper)', async () => {
    const c = await w.campaign(1, { status: 'paused' });
    await expect(pauseCampaign(w.t.rt.deps, w.ws, c.id)).rejects.toMatchObject({ code: 'conflict' });
  });
});
