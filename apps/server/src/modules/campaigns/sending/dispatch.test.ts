import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PHONE_NUMBER_ID } from '../../../testing/whatsapp';
import { startSendingWorld, TEMPLATE, type SendingWorld } from '../../../testing/campaign-sending';
import { contacts } from '../../contacts/tables';
import { conversations, messages } from '../../conversations/tables';
import { campaignRecipients, campaignSenders } from '../tables';
import { reserveSlots } from './limiter';
import { MAX_TRANSIENT_ATTEMPTS } from './outcomes';

// The dispatcher against the fake Graph API, on the fake clock (its sleeps move the clock): what goes on the wire,
// what lands in conversations and statistics, and how each WhatsApp error code is handled.
let w: SendingWorld;
beforeAll(async () => {
  w = await startSendingWorld();
});
afterAll(async () => {
  await w?.close();
});
beforeEach(async () => {
  w.fake.reset();
  // Each test starts with the number unpaused and an idle limiter.
  await w.t.rt.deps.db.update(campaignSenders).set({ pausedUntil: null, nextSlotAt: null });
});

const db = () => w.t.rt.deps.db;
const sentTo = (opaque: string) => w.sendsByOpaque().get(opaque) ?? 0;

describe('sending a campaign', () => {
  it('sends each recipient once, records sent with the provider id, and finishes the campaign', async () => {
    const c = await w.campaign(3);
    const result = await w.dispatch(c.id);
    expect(result).toMatchObject({ state: 'done', calls: 3 });
    const sent = w.fake.sent(PHONE_NUMBER_ID);
    expect(sent).toHaveLength(3);
    const rows = await w.recipients(c.id);
    for (const [i, r] of rows.entries()) {
      const call = sent.find((s) => s.body.biz_opaque_callback_data === r.id)!;
      expect(call.body).toMatchObject({
        messaging_product: 'whatsapp',
        to: r.phone.slice(1),
        type: 'template',
        template: {
          name: TEMPLATE.name,
          language: { code: TEMPLATE.language },
          components: [
            {
              type: 'body',
              parameters: [
                { type: 'text', text: `Customer ${i + 1}` },
                { type: 'text', text: `A-${i + 1}` },
              ],
            },
          ],
        },
      });
      expect(r).toMatchObject({ status: 'sent', attempts: 1, messageId: r.id, providerMessageId: call.wamid });
      expect(r.sentAt).not.toBeNull();
    }
  });

  it('puts each message in the contact’s conversation, counted as a template message', async () => {
    const c = await w.campaign(2);
    await w.dispatch(c.id);
    const rows = await w.recipients(c.id);
    const msgs = await db()
      .select()
      .from(messages)
      .where(
        inArray(
          messages.id,
          rows.map((r) => r.id),
        ),
      );
    expect(msgs).toHaveLength(2);
    for (const m of msgs) {
      expect(m).toMatchObject({
        direction: 'out',
        isTemplate: true,
        type: 'template',
        senderType: 'system',
        text: expect.stringMatching(/^Hi Customer \d, your order A-\d is ready\.$/),
      });
      const [conv] = await db().select().from(conversations).where(eq(conversations.id, m.conversationId));
      // A contact with no open conversation gets one that opens and closes with the template.
      expect(conv).toMatchObject({ contactId: m.contactId, state: 'closed', closedReason: 'Outbound template' });
      const [contact] = await db().select().from(contacts).where(eq(contacts.id, m.contactId));
      expect(contact).toMatchObject({ templateMessages: 1, lastMessagePreview: m.text });
    }
  });

  it('recipients follow their message’s statuses: delivered and read times from the status webhooks', async () => {
    const c = await w.campaign(2);
    await w.dispatch(c.id);
    await w.settle();
    for (const r of await w.recipients(c.id)) {
      expect(r.status).toBe('read');
      expect(r.deliveredAt).not.toBeNull();
      expect(r.readAt).not.toBeNull();
      const [m] = await db().select().from(messages).where(eq(messages.id, r.id));
      expect(m).toMatchObject({ status: 'read', providerMessageId: r.providerMessageId });
    }
  });

  it('a template to a customer in an open conversation joins that conversation', async () => {
    const res = await w.fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '16505559901', name: 'Talking' }, { type: 'text', body: 'hello' });
    expect(res.status).toBe(200);
    await w.settle();
    const [contact] = await db().select().from(contacts).where(eq(contacts.channelName, 'Talking'));
    const [open] = await db().select().from(conversations).where(eq(conversations.contactId, contact!.id));
    expect(open!.state).not.toBe('closed');
    const c = await w.campaign(0);
    await db()
      .insert(campaignRecipients)
      .values({
        workspaceId: w.ws,
        campaignId: c.id,
        contactId: contact!.id,
        phone: '+16505559901',
        rowNo: 1,
        values: { body: ['Talking', 'Z-9'] },
        updatedAt: w.t.clock.now(),
      });
    await w.dispatch(c.id);
    const [r] = await w.recipients(c.id);
    const [m] = await db().select().from(messages).where(eq(messages.id, r!.id));
    expect(m!.conversationId).toBe(open!.id);
  });
});

describe('WhatsApp errors', () => {
  it('130429 pauses the number for every sender, and the refused recipient is sent after the pause without counting an attempt', async () => {
    const c = await w.campaign(1);
    w.fake.failNext({ code: 130429 });
    const seen: Array<{ ok: boolean }> = [];
    const result = await w.dispatch(c.id, {
      // A pause long enough to outlast the real time the answer takes to be recorded (the default is a few intervals).
      throttlePauseMs: 1000,
      sleep: async (ms) => {
        // Another process reserving on the same number while the pause holds is refused too.
        seen.push({ ok: (await reserveSlots(db(), w.channelId, 1, w.t.clock.now())).ok });
        w.t.clock.advance(ms);
      },
    });
    expect(result.state).toBe('done');
    expect(seen[0]).toEqual({ ok: false });
    const [sender] = await db().select().from(campaignSenders).where(eq(campaignSenders.channelId, w.channelId));
    expect(sender!.pausedUntil).not.toBeNull();
    const [r] = await w.recipients(c.id);
    expect(r).toMatchObject({ status: 'sent', attempts: 1 });
    expect(w.fake.requests.filter((q) => q.status === 400)).toHaveLength(1);
    expect(sentTo(r!.id)).toBe(1);
  });

  it('131056 defers only that recipient (4^n s) while the others go out', async () => {
    const c = await w.campaign(3);
    w.fake.failNext({ code: 131056 });
    const first = await w.dispatch(c.id);
    expect(first.state).toBe('sending');
    const rows = await w.recipients(c.id);
    const deferred = rows.find((r) => r.status === 'pending')!;
    expect(rows.filter((r) => r.status === 'sent')).toHaveLength(2);
    expect(deferred).toMatchObject({ attempts: 1, reason: expect.stringContaining('131056') });
    expect(deferred.notBefore!.getTime() - w.t.clock.now().getTime()).toBeLessThanOrEqual(1000);
    expect(first.wakeAt!.getTime()).toBe(deferred.notBefore!.getTime());
    // Not before its time…
    await w.dispatch(c.id);
    expect((await w.recipients(c.id)).find((r) => r.id === deferred.id)!.status).toBe('pending');
    w.t.clock.advance(1000);
    expect((await w.dispatch(c.id)).state).toBe('done');
    expect((await w.recipients(c.id)).find((r) => r.id === deferred.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(sentTo(deferred.id)).toBe(1);
  });

  it('transient errors (131000) are retried with growing backoff, then sent once', async () => {
    const c = await w.campaign(1);
    w.fake.failNext({ code: 131000, count: 2 });
    await w.dispatch(c.id);
    let [r] = await w.recipients(c.id);
    expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    const firstWait = r!.notBefore!.getTime() - w.t.clock.now().getTime();
    expect(firstWait).toBeGreaterThanOrEqual(4000);
    expect(firstWait).toBeLessThanOrEqual(6000);
    w.t.clock.advance(firstWait);
    await w.dispatch(c.id);
    [r] = await w.recipients(c.id);
    const secondWait = r!.notBefore!.getTime() - w.t.clock.now().getTime();
    expect(secondWait).toBeGreaterThanOrEqual(8000);
    w.t.clock.advance(secondWait);
    expect((await w.dispatch(c.id)).state).toBe('done');
    [r] = await w.recipients(c.id);
    expect(r).toMatchObject({ status: 'sent', attempts: 3 });
    expect(sentTo(r!.id)).toBe(1);
  });

  it('transient errors give up after the retry limit with the code and reason', async () => {
    const c = await w.campaign(1);
    w.fake.failNext({ code: 131016, count: MAX_TRANSIENT_ATTEMPTS });
    for (let i = 0; i < MAX_TRANSIENT_ATTEMPTS; i++) {
      await w.dispatch(c.id);
      w.t.clock.advance(10 * 60_000);
    }
    const [r] = await w.recipients(c.id);
    expect(r).toMatchObject({ status: 'failed', attempts: MAX_TRANSIENT_ATTEMPTS, errorCode: 131016 });
    expect(await w.status(c.id)).toBe('done_with_failures');
  });

  it.each([131026, 131049, 131047, 131050, 132000, 132001, 131048])('%i fails the recipient at once, never retried', async (code) => {
    const c = await w.campaign(2);
    w.fake.failNext({ code });
    const result = await w.dispatch(c.id);
    expect(result.state).toBe('done_with_failures');
    const failed = (await w.recipients(c.id)).find((r) => r.status === 'failed')!;
    expect(failed).toMatchObject({ errorCode: code, attempts: 1 });
    expect(failed.reason).toBeTruthy();
    const [m] = await db().select().from(messages).where(eq(messages.id, failed.id));
    expect(m).toMatchObject({ status: 'failed', errorCode: code });
    const calls = w.fake.requests.length;
    w.t.clock.advance(3_600_000);
    await w.dispatch(c.id);
    expect(w.fake.requests.length).toBe(calls);
  });

  it('a failure reported later by status webhook (131026) fails the recipient with its code', async () => {
    const c = await w.campaign(1);
    w.fake.failNext({ code: 131026, async: true });
    await w.dispatch(c.id);
    await w.settle();
    const [r] = await w.recipients(c.id);
    expect(r).toMatchObject({ status: 'failed', errorCode: 131026 });
    expect(r!.failedAt).not.toBeNull();
  });

  it('an access error (190) pauses the campaign instead of failing everyone', async () => {
    const c = await w.campaign(3);
    w.fake.failNext({ code: 190, count: 3 });
    const result = await w.dispatch(c.id);
    expect(result.state).toBe('paused');
    const rows = await w.recipients(c.id);
    expect(rows.every((r) => r.status === 'pending')).toBe(true);
    expect(rows.every((r) => r.attempts === 0)).toBe(true);
  });
});

describe('recipients of other campaigns and messages', () => {
  it('a status for a message that is no campaign recipient changes no recipient', async () => {
    const c = await w.campaign(1);
    await w.dispatch(c.id);
    const before = await w.recipients(c.id);
    // A customer's conversation message: its statuses go through the same listener.
    await w.fake.inboundWebhook(PHONE_NUMBER_ID, { waId: '16505559902', name: 'Other' }, { type: 'text', body: 'hi' });
    await w.settle();
    const after = await w.recipients(c.id);
    expect(after.map((r) => r.providerMessageId)).toEqual(before.map((r) => r.providerMessageId));
    const mine = await db()
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.direction, 'out'), eq(messages.contactId, before[0]!.contactId)));
    expect(mine).toHaveLength(1);
  });
});
