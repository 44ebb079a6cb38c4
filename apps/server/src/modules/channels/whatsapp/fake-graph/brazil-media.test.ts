import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph } from './fake-graph';
import { MEDIA_URL_TTL_MS } from './routes-media';
import { NUMBER, startHarness, text, type Harness, type Json } from './test-setup';

let h: Harness;
let clock = Date.now();
beforeAll(async () => {
  h = await startHarness({ now: () => clock, legacyBrazilWaIds: ['+5521987654321'], statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
});
afterAll(() => h?.close());

describe('Brazilian wa_id without the 9th digit', () => {
  it('answers a legacy account’s wa_id without the 9, and uses it in status webhooks', async () => {
    const res = await h.send(text('Olá', { to: '+5521987654321' }));
    expect(res.json.contacts).toEqual([{ input: '+5521987654321', wa_id: '552187654321' }]);
    const [sent] = await h.receiver.waitFor(1);
    expect((sent!.body as Json).entry[0].changes[0].value.statuses[0].recipient_id).toBe('552187654321');
    expect(h.fake.sent().at(-1)!.waId).toBe('552187654321');
  });

  it('keeps the 9 for Brazilian numbers that are not legacy, and leaves the legacy form alone', async () => {
    expect((await h.send(text('x', { to: '5511987654321' }))).json.contacts[0].wa_id).toBe('5511987654321');
    expect((await h.send(text('x', { to: '552187654321' }))).json.contacts[0].wa_id).toBe('552187654321');
  });

  it("applies the simple rule to every Brazilian mobile with legacyBrazilWaIds: 'all'", async () => {
    const fake = await startFakeGraph({ legacyBrazilWaIds: 'all' });
    try {
      fake.registerNumber({ ...NUMBER, webhookUrl: h.receiver.url, sendRead: false });
      const res = await fetch(`${fake.url}/v23.0/${NUMBER.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${NUMBER.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(text('x', { to: '5511987654321' })),
      });
      expect(((await res.json()) as Json).contacts[0].wa_id).toBe('551187654321');
      // a landline (no 9 after the area code) is not a mobile: unchanged
      const landline = await fetch(`${fake.url}/v23.0/${NUMBER.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${NUMBER.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(text('x', { to: '551133334444' })),
      });
      expect(((await landline.json()) as Json).contacts[0].wa_id).toBe('551133334444');
    } finally {
      await fake.close();
    }
  });

  it('opens the window of the legacy wa_id when customerWrote is given the number with the 9', async () => {
    h.fake.setWindowEnforced(true);
    try {
      h.fake.customerWrote(NUMBER.phoneNumberId, '5521987654321');
      await h.fake.idle();
      h.receiver.hits.length = 0;
      await h.send(text('x', { to: '+5521987654321' }));
      await h.receiver.waitFor(1);
      expect((h.receiver.hits[0]!.body as Json).entry[0].changes[0].value.statuses[0].status).toBe('sent');
    } finally {
      h.fake.setWindowEnforced(false);
    }
  });
});

describe('media endpoints', () => {
  const bytes = Buffer.from('%PDF-1.4 fake invoice bytes');
  const auth = { authorization: `Bearer ${NUMBER.accessToken}` };
  const media = async () => {
    h.fake.addMedia({ id: '1037543291543636', bytes, mimeType: 'application/pdf' });
    const res = await fetch(`${h.fake.url}/v23.0/1037543291543636`, { headers: auth });
    return { status: res.status, json: (await res.json()) as Json };
  };

  it('answers the media metadata with a download URL on the fake host', async () => {
    const { status, json } = await media();
    expect(status).toBe(200);
    expect(json).toEqual({
      url: expect.stringMatching(new RegExp(`^${h.fake.url}/media-download/1037543291543636\\?token=[\\w-]+$`)),
      mime_type: 'application/pdf',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      file_size: bytes.length,
      id: '1037543291543636',
      messaging_product: 'whatsapp',
    });
    expect(new URL(json.url).hostname).toBe('127.0.0.1');
  });

  it('serves the bytes only with the bearer header', async () => {
    const { json } = await media();
    const ok = await fetch(json.url, { headers: auth });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(bytes);
    const anonymous = await fetch(json.url);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as Json).error.code).toBe(190);
    const forged = await fetch(json.url.replace(/token=.*/, 'token=forged'), { headers: auth });
    expect(forged.status).toBe(404);
  });

  it('expires the download URL after 5 minutes', async () => {
    const { json } = await media();
    clock += MEDIA_URL_TTL_MS + 1;
    try {
      expect((await fetch(json.url, { headers: auth })).status).toBe(404);
    } finally {
      clock -= MEDIA_URL_TTL_MS + 1;
    }
  });

  it('refuses metadata without a token, and answers 100/33 for an unknown media id', async () => {
    expect((await fetch(`${h.fake.url}/v23.0/1037543291543636`)).status).toBe(401);
    const unknown = await fetch(`${h.fake.url}/v23.0/999`, { headers: auth });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as Json).error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});

describe('only 127.0.0.1', () => {
  it('listens on 127.0.0.1 and refuses webhook URLs anywhere else', async () => {
    expect(h.fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const webhookUrl of [
      'http://example.com/hook',
      'http://localhost:3000/hook',
      'https://127.0.0.1:3000/hook',
      'http://10.0.0.1/hook',
    ]) {
      expect(() => h.fake.registerNumber({ ...NUMBER, phoneNumberId: '9', webhookUrl })).toThrow(/127\.0\.0\.1/);
    }
  });

  it('has delivered every webhook of this suite to 127.0.0.1', async () => {
    await h.fake.idle();
    expect(h.fake.deliveries.length).toBeGreaterThan(0);
    expect(h.fake.deliveries.every((d) => new URL(d.url).hostname === '127.0.0.1')).toBe(true);
    expect(h.receiver.hits.every((w) => w.remoteAddress === '127.0.0.1')).toBe(true);
  });
});
