import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CUSTOMER, NUMBER, startHarness, text, type Harness, type Json } from './test-setup';

let h: Harness;
let clock = Date.now();
const HOUR = 3_600_000;

beforeAll(async () => {
  h = await startHarness({
    now: () => clock,
    statusDelaysMs: { sent: 5, delivered: 10, read: 15 },
    strictTemplates: true,
    templates: [
      { name: 'order_update', language: 'en_US', category: 'utility', body: 'Hi {{1}}, order {{2}} ships soon.' },
      { name: 'welcome', category: 'marketing', body: 'Welcome {{first_name}}!' },
      { name: 'old_promo', category: 'marketing', status: 'PAUSED' },
    ],
  });
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.fake.idle();
  h.fake.reset();
  h.receiver.hits.length = 0;
  clock = Date.now();
});

const statusesOf = (hits: Harness['receiver']['hits']) => hits.map((w) => (w.body as Json).entry[0].changes[0].value.statuses[0]);
const tpl = (name: string, params: Array<Record<string, unknown>>, code = 'en_US') => ({
  messaging_product: 'whatsapp',
  to: CUSTOMER,
  type: 'template',
  template: { name, language: { code }, components: [{ type: 'body', parameters: params }] },
});

describe('scripted synchronous failures', () => {
  it('answers the scripted Graph error, count times, then recovers', async () => {
    h.fake.failNext({ code: 131026, count: 2, details: 'Receiver is incapable of receiving this message' });
    for (let i = 0; i < 2; i++) {
      const res = await h.send(text('x'));
      expect(res).toEqual({
        status: 400,
        json: {
          error: {
            message: '(#131026) Message undeliverable',
            type: 'OAuthException',
            code: 131026,
            error_data: { messaging_product: 'whatsapp', details: 'Receiver is incapable of receiving this message' },
            fbtrace_id: expect.any(String),
          },
        },
      });
    }
    expect((await h.send(text('x'))).status).toBe(200);
    expect(h.fake.sent()).toHaveLength(1);
  });

  it('uses a 5xx for transient codes and honours an explicit httpStatus', async () => {
    h.fake.failNext({ code: 131000 });
    h.fake.failNext({ code: 131016, httpStatus: 502 });
    h.fake.failNext({ code: 190 });
    expect((await h.send(text('x'))).status).toBe(500);
    expect((await h.send(text('x'))).status).toBe(502);
    const auth = await h.send(text('x'));
    expect([auth.status, auth.json.error.code]).toEqual([401, 190]);
  });

  it('lets bodies that Meta would reject fail validation first', async () => {
    h.fake.failNext({ code: 131026 });
    expect((await h.send(text(''))).json.error.code).toBe(131008);
    expect((await h.send(text('ok'))).json.error.code).toBe(131026);
  });

  it('scopes a script to one number when asked', async () => {
    h.fake.failNext({ code: 131026, phoneNumberId: 'another-number' });
    expect((await h.send(text('x'))).status).toBe(200);
  });
});

describe('scripted asynchronous failures', () => {
  it('accepts the send, then POSTs a failed status with errors and without pricing, conversation or contacts', async () => {
    h.fake.failNext({ code: 131049, async: true });
    const res = await h.send(text('x', { biz_opaque_callback_data: 'c1' }));
    expect(res.status).toBe(200);
    const wamid = res.json.messages[0].id;
    const [w] = await h.receiver.waitFor(1);
    await h.fake.idle();
    expect(h.receiver.hits).toHaveLength(1); // no sent/delivered/read after a failure
    const value = (w!.body as Json).entry[0].changes[0].value;
    expect(value.contacts).toBeUndefined();
    expect(value.statuses).toEqual([
      {
        id: wamid,
        status: 'failed',
        timestamp: String(Math.floor(clock / 1000)),
        recipient_id: CUSTOMER,
        biz_opaque_callback_data: 'c1',
        errors: [
          {
            code: 131049,
            title: 'This message was not delivered to maintain healthy ecosystem engagement.',
            message: 'This message was not delivered to maintain healthy ecosystem engagement.',
            error_data: { details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.' },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ],
      },
    ]);
    expect(h.fake.sent()[0]).toMatchObject({ wamid, failedWith: 131049 });
  });
});

describe('hangs', () => {
  it('never answers within the hang: the client times out and nothing is sent', async () => {
    h.fake.hangNext(300);
    const err = await h.send(text('x'), { signal: AbortSignal.timeout(100) }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('TimeoutError');
    await expect.poll(() => h.fake.requests.length, { timeout: 2000 }).toBe(1);
    expect(h.fake.requests[0]).toMatchObject({ status: 0, response: undefined });
    expect(h.fake.sent()).toEqual([]);
    expect((await h.send(text('after'))).status).toBe(200); // only the next request hangs
  });

  it("with then: 'respond', still sends the message after the client gave up (the ambiguous timeout)", async () => {
    h.fake.hangNext(200, { then: 'respond' });
    await expect(h.send(text('x'), { signal: AbortSignal.timeout(50) })).rejects.toThrow();
    expect(h.fake.sent()).toEqual([]);
    await expect.poll(() => h.fake.sent().length, { timeout: 2000 }).toBe(1);
    await h.receiver.waitFor(3);
  });
});

describe('24 h customer-service window', () => {
  beforeEach(() => h.fake.setWindowEnforced(true));

  it('fails a free-form send to a customer who never wrote with async 131047', async () => {
    const res = await h.send(text('hello?'));
    expect(res.status).toBe(200);
    const [w] = await h.receiver.waitFor(1);
    const [status] = statusesOf([w!]);
    expect(status).toMatchObject({ status: 'failed', errors: [{ code: 131047, title: 'Re-engagement message' }] });
    expect(status.errors[0].error_data.details).toContain('24 hours');
  });

  it('fails when the customer last wrote more than 24 h ago, delivers when within 24 h', async () => {
    h.fake.customerWrote(NUMBER.phoneNumberId, CUSTOMER, clock - 25 * HOUR);
    await h.send(text('late'));
    await h.receiver.waitFor(1);
    await h.fake.idle();
    expect(statusesOf(h.receiver.hits).map((s) => s.status)).toEqual(['failed']);

    h.receiver.hits.length = 0;
    h.fake.customerWrote(NUMBER.phoneNumberId, CUSTOMER, new Date(clock - 23 * HOUR));
    await h.send(text('in time'));
    await h.receiver.waitFor(3);
    expect(statusesOf(h.receiver.hits).map((s) => s.status)).toEqual(['sent', 'delivered', 'read']);
  });

  it('lets templates through outside the window', async () => {
    await h.send(
      tpl('order_update', [
        { type: 'text', text: 'Ana' },
        { type: 'text', text: '#1' },
      ]),
    );
    await h.receiver.waitFor(3);
    expect(statusesOf(h.receiver.hits)[0]).toMatchObject({ status: 'sent', pricing: { category: 'utility', billable: true } });
  });

  it('opens the window when a customer writes through inboundWebhook', async () => {
    await h.fake.inboundWebhook(NUMBER.phoneNumberId, { waId: CUSTOMER, name: 'Ana' }, { type: 'text', body: 'hi' });
    h.receiver.hits.length = 0;
    await h.send(text('reply'));
    await h.receiver.waitFor(3);
    expect(statusesOf(h.receiver.hits)[0].status).toBe('sent');
  });
});

describe('limits', () => {
  it('answers 130429 over the per-number throughput, and recovers a second later', async () => {
    h.fake.setThroughput(NUMBER.phoneNumberId, 2);
    try {
      expect((await h.send(text('1'))).status).toBe(200);
      expect((await h.send(text('2', { to: '16505550002' }))).status).toBe(200);
      const over = await h.send(text('3', { to: '16505550003' }));
      expect([over.status, over.json.error.code, over.json.error.message]).toEqual([400, 130429, '(#130429) Rate limit hit']);
      clock += 1001;
      expect((await h.send(text('4'))).status).toBe(200);
    } finally {
      h.fake.setThroughput(NUMBER.phoneNumberId, undefined);
    }
  });

  it('answers 131056 over the pair limit for the same recipient only', async () => {
    h.fake.setPairLimit(NUMBER.phoneNumberId, { max: 1, perMs: 6000 });
    try {
      expect((await h.send(text('1'))).status).toBe(200);
      const over = await h.send(text('2'));
      expect([over.status, over.json.error.code]).toEqual([400, 131056]);
      expect((await h.send(text('3', { to: '16505550009' }))).status).toBe(200);
      clock += 6001;
      expect((await h.send(text('4'))).status).toBe(200);
    } finally {
      h.fake.setPairLimit(NUMBER.phoneNumberId, undefined);
    }
  });
});

describe('templates against the registry', () => {
  it('answers 132001 for an unknown template (strictTemplates) or language', async () => {
    expect((await h.send(tpl('nope', []))).json.error.code).toBe(132001);
    expect(
      (
        await h.send(
          tpl(
            'order_update',
            [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
            'pt_BR',
          ),
        )
      ).json.error.code,
    ).toBe(132001);
  });

  it('answers 132000 when the body parameter count differs', async () => {
    const res = await h.send(tpl('order_update', [{ type: 'text', text: 'Ana' }]));
    expect(res.json.error).toMatchObject({ code: 132000, error_data: { details: expect.stringContaining('(1)') } });
  });

  it('checks named parameters and the rendered length (132005)', async () => {
    expect((await h.send(tpl('welcome', [{ type: 'text', parameter_name: 'first_name', text: 'Ana' }]))).status).toBe(200);
    expect((await h.send(tpl('welcome', [{ type: 'text', parameter_name: 'other', text: 'Ana' }]))).json.error.code).toBe(132000);
    const long = await h.send(tpl('welcome', [{ type: 'text', parameter_name: 'first_name', text: 'x'.repeat(1020) }]));
    expect(long.json.error.code).toBe(132005);
  });

  it('answers 132015 for a paused template', async () => {
    expect((await h.send(tpl('old_promo', []))).json.error.code).toBe(132015);
  });
});
