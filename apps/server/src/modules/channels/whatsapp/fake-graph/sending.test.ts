import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGraph } from './fake-graph';
import { startReceiver, type Receiver } from './test-receiver';
import { CUSTOMER, NUMBER, startHarness, text, type Harness, type Json } from './test-setup';

let h: Harness;
let other: Receiver;
const OTHER = {
  ...NUMBER,
  phoneNumberId: '200000000000002',
  displayPhoneNumber: '15550002222',
  accessToken: 'EAAtest-token-2',
  appSecret: 'secret-2',
};

beforeAll(async () => {
  h = await startHarness({ templates: [{ name: 'appointment_reminder', category: 'utility' }] });
  other = await startReceiver();
  h.fake.registerNumber({ ...OTHER, webhookUrl: other.url, sendRead: false });
});
afterAll(async () => {
  await h?.close();
  await other?.close();
});
beforeEach(async () => {
  await h.fake.idle(); // no webhook of a previous test may land in this one
  h.fake.reset();
  h.receiver.hits.length = 0;
  other.hits.length = 0;
});

const hmac = (secret: string, raw: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
const template = (name: string) => ({
  messaging_product: 'whatsapp',
  to: CUSTOMER,
  type: 'template',
  template: { name, language: { code: 'en_US' } },
});

describe('success answers', () => {
  it('answers a free-form send with contacts and a wamid, and records exactly what was sent', async () => {
    const body = text('Hello there', { to: '+16505551234' });
    const res = await h.send(body);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
      messages: [{ id: expect.stringMatching(/^wamid\.[\w-]{20,}$/) }],
    });
    expect(h.fake.sent()).toEqual([
      { phoneNumberId: NUMBER.phoneNumberId, wamid: res.json.messages[0].id, body, type: 'text', waId: CUSTOMER, at: expect.any(Number) },
    ]);
    expect(h.fake.sent(OTHER.phoneNumberId)).toEqual([]);
    const rec = h.fake.requests[0]!;
    expect(rec).toMatchObject({ method: 'POST', path: `/v23.0/${NUMBER.phoneNumberId}/messages`, body, status: 200, response: res.json });
    expect(rec.headers['content-type']).toBe('application/json');
    expect(rec.headers.authorization).toBeUndefined();
  });

  it('adds message_status "accepted" for templates only', async () => {
    const res = await h.send(template('appointment_reminder'));
    expect(res.json.messages).toEqual([{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }]);
  });

  it('answers user_id instead of wa_id for a BSUID recipient', async () => {
    const res = await h.send({ messaging_product: 'whatsapp', recipient: 'US.13491208655302741918', type: 'text', text: { body: 'hi' } });
    expect(res.json.contacts).toEqual([{ input: 'US.13491208655302741918', user_id: 'US.13491208655302741918' }]);
  });

  it('refuses to message the sending number itself (131021)', async () => {
    const res = await h.send(text('me', { to: NUMBER.displayPhoneNumber }));
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(131021);
  });
});

describe('authentication', () => {
  const authError = {
    error: {
      message: 'Invalid OAuth access token - Cannot parse access token',
      type: 'OAuthException',
      code: 190,
      fbtrace_id: expect.any(String),
    },
  };

  it('answers 401 / 190 without a bearer token or with an unknown one', async () => {
    expect(await h.send(text('x'), { token: null })).toEqual({ status: 401, json: authError });
    expect(await h.send(text('x'), { token: 'EAAwrong' })).toEqual({ status: 401, json: authError });
    expect(h.fake.sent()).toEqual([]);
  });

  it("answers Graph's 100/33 when a valid token is used on a number it does not own", async () => {
    const res = await h.send(text('x'), { token: OTHER.accessToken });
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({ code: 100, error_subcode: 33, type: 'OAuthException' });
    expect(res.json.error.message).toContain(`'${NUMBER.phoneNumberId}'`);
  });

  it('answers unknown paths with code 2500', async () => {
    const res = await fetch(`${h.fake.url}/v23.0/${NUMBER.phoneNumberId}/message`, { method: 'POST' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(2500);
    const noVersion = await fetch(`${h.fake.url}/${NUMBER.phoneNumberId}/messages`, { method: 'POST' });
    expect(noVersion.status).toBe(400);
  });

  it("serves a phone number's profile to its own token", async () => {
    const res = await fetch(`${h.fake.url}/v23.0/${NUMBER.phoneNumberId}`, { headers: { authorization: `Bearer ${NUMBER.accessToken}` } });
    expect(await res.json()).toMatchObject({
      id: NUMBER.phoneNumberId,
      display_phone_number: NUMBER.displayPhoneNumber,
      quality_rating: 'GREEN',
    });
  });
});

describe('status webhooks', () => {
  it('POSTs sent, delivered, read in order, signed over the raw body, in the exact envelope', async () => {
    const { json } = await h.send(text('Hi', { biz_opaque_callback_data: 'campaign:42' }));
    const wamid = json.messages[0].id as string;
    const hits = await h.receiver.waitFor(3);
    expect(hits.map((w) => (w.body as Json).entry[0].changes[0].value.statuses[0].status)).toEqual(['sent', 'delivered', 'read']);
    for (const w of hits) {
      expect(w.signature).toBe(hmac(NUMBER.appSecret, w.rawBody));
      expect(w.remoteAddress).toBe('127.0.0.1');
    }
    const envelope = (status: Record<string, unknown>) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: NUMBER.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: NUMBER.displayPhoneNumber, phone_number_id: NUMBER.phoneNumberId },
                contacts: [{ wa_id: CUSTOMER }],
                statuses: [status],
              },
            },
          ],
        },
      ],
    });
    const common = {
      id: wamid,
      timestamp: expect.stringMatching(/^\d{10}$/),
      recipient_id: CUSTOMER,
      biz_opaque_callback_data: 'campaign:42',
      pricing: { billable: false, pricing_model: 'PMP', category: 'service', type: 'free_customer_service' },
    };
    expect(hits[0]!.body).toEqual(
      envelope({
        ...common,
        status: 'sent',
        conversation: {
          id: expect.stringMatching(/^[0-9a-f]{32}$/),
          expiration_timestamp: expect.stringMatching(/^\d{10}$/),
          origin: { type: 'service' },
        },
      }),
    );
    expect(hits[1]!.body).toEqual(envelope({ ...common, status: 'delivered' }));
    expect(hits[2]!.body).toEqual(envelope({ ...common, status: 'read' }));
    await h.fake.idle();
    expect(h.fake.deliveries.map((d) => [d.status, d.responseStatus, d.wamid])).toEqual([
      ['sent', 200, wamid],
      ['delivered', 200, wamid],
      ['read', 200, wamid],
    ]);
  });

  it('honours the default 50 / 100 / 150 ms offsets', async () => {
    const t0 = Date.now();
    await h.send(text('timing'));
    await h.receiver.waitFor(3);
    await h.fake.idle();
    const at = h.fake.deliveries.map((d) => d.at - t0);
    expect(at[0]).toBeGreaterThanOrEqual(45);
    expect(at[1]).toBeGreaterThanOrEqual(95);
    expect(at[2]).toBeGreaterThanOrEqual(145);
  });

  it("prices templates by the template's category: registered utility, unregistered marketing", async () => {
    await h.send(template('appointment_reminder'));
    await h.send(template('spring_sale'));
    await h.receiver.waitFor(6);
    await h.fake.idle();
    const pricing = h.receiver.hits
      .map((w) => (w.body as Json).entry[0].changes[0].value.statuses[0])
      .filter((s) => s.status === 'sent')
      .map((s) => [s.pricing, s.conversation.origin.type]);
    expect(pricing).toEqual(
      expect.arrayContaining([
        [{ billable: true, pricing_model: 'PMP', category: 'utility', type: 'regular' }, 'utility'],
        [{ billable: true, pricing_model: 'PMP', category: 'marketing', type: 'regular' }, 'marketing'],
      ]),
    );
  });

  it('makes a utility template free inside an open customer-service window', async () => {
    h.fake.customerWrote(NUMBER.phoneNumberId, CUSTOMER);
    await h.send(template('appointment_reminder'));
    const [sent] = await h.receiver.waitFor(1);
    expect((sent!.body as Json).entry[0].changes[0].value.statuses[0].pricing).toEqual({
      billable: false,
      pricing_model: 'PMP',
      category: 'utility',
      type: 'free_customer_service',
    });
  });

  it('skips read for a number registered with sendRead: false', async () => {
    await h.send(text('x'), { numberId: OTHER.phoneNumberId, token: OTHER.accessToken });
    await other.waitFor(2);
    await h.fake.idle();
    expect(other.hits.map((w) => (w.body as Json).entry[0].changes[0].value.statuses[0].status)).toEqual(['sent', 'delivered']);
    expect(other.hits.every((w) => w.signature === hmac(OTHER.appSecret, w.rawBody))).toBe(true);
    expect(h.receiver.hits).toEqual([]);
  });

  it("escapes non-ASCII and '/' like Meta, so only the raw bytes verify", async () => {
    await h.send(text('x', { biz_opaque_callback_data: 'ünïcode/😀' }));
    const [w] = await h.receiver.waitFor(1);
    expect(w!.rawBody).toContain('\\u00fcn\\u00efcode\\/\\ud83d\\ude00');
    expect(w!.signature).toBe(hmac(NUMBER.appSecret, w!.rawBody));
    expect(w!.signature).not.toBe(hmac(NUMBER.appSecret, JSON.stringify(w!.body)));
    expect((w!.body as Json).entry[0].changes[0].value.statuses[0].biz_opaque_callback_data).toBe('ünïcode/😀');
  });

  it('puts the customer name and BSUID in status contacts once the customer has written', async () => {
    await h.fake.inboundWebhook(NUMBER.phoneNumberId, { waId: CUSTOMER, name: 'Ana', userId: 'US.777' }, { type: 'text', body: 'hi' });
    h.receiver.hits.length = 0;
    await h.send(text('hello Ana'));
    const [w] = await h.receiver.waitFor(1);
    const value = (w!.body as Json).entry[0].changes[0].value;
    expect(value.contacts).toEqual([{ profile: { name: 'Ana' }, wa_id: CUSTOMER, user_id: 'US.777' }]);
    expect(value.statuses[0]).toMatchObject({ recipient_id: CUSTOMER, recipient_user_id: 'US.777' });
  });

  it('records a failed delivery when the receiver answers an error', async () => {
    h.receiver.answer = 500;
    try {
      await h.send(text('x'));
      await h.receiver.waitFor(3);
      await h.fake.idle();
      expect(h.fake.deliveries.map((d) => d.responseStatus)).toEqual([500, 500, 500]);
    } finally {
      h.receiver.answer = 200;
    }
  });
});

describe('recording', () => {
  it('keeps only the newest entries when recordLimit is set (long-running simulator, benchmarks)', async () => {
    const fake = await startFakeGraph({ recordLimit: 20 });
    try {
      fake.registerNumber({ ...NUMBER, webhookUrl: h.receiver.url });
      for (let i = 0; i < 60; i++) {
        await fetch(`${fake.url}/v23.0/${NUMBER.phoneNumberId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${NUMBER.accessToken}`, 'content-type': 'application/json' },
          body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: `wamid.${i}` }),
        });
      }
      expect(fake.requests.length).toBeLessThanOrEqual(20 + 16);
      expect(fake.requests.length).toBeGreaterThanOrEqual(20);
      expect(fake.markedRead().at(-1)).toBe('wamid.59');
      expect(fake.markedRead()).not.toContain('wamid.0');
    } finally {
      await fake.close();
    }
  });
});
