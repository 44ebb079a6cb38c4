import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildInboundWebhook } from './inbound-webhook';
import { CUSTOMER, NUMBER, startHarness, type Harness, type Json } from './test-setup';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
beforeEach(async () => {
  await h.fake.idle();
  h.receiver.hits.length = 0;
});

const hmac = (raw: string) => `sha256=${createHmac('sha256', NUMBER.appSecret).update(raw).digest('hex')}`;
const number = { ...NUMBER };
const ana = { waId: CUSTOMER, name: 'Ana Souza', userId: 'US.13491208655302741918' };
const valueOf = (body: unknown) => (body as Json).entry[0].changes[0].value;

describe('buildInboundWebhook', () => {
  it('builds the exact envelope of an inbound text, signed over the raw body', () => {
    const at = Date.UTC(2026, 4, 17, 12, 0, 0);
    const built = buildInboundWebhook(number, ana, { type: 'text', body: 'Olá 😮 a/b', id: 'wamid.IN1', at });
    expect(built.signature).toBe(hmac(built.rawBody));
    expect(built.rawBody).toContain('Ol\\u00e1 \\ud83d\\ude2e a\\/b');
    expect(JSON.parse(built.rawBody)).toEqual({
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
                contacts: [{ profile: { name: 'Ana Souza' }, wa_id: CUSTOMER, user_id: ana.userId }],
                messages: [
                  {
                    from: CUSTOMER,
                    from_user_id: ana.userId,
                    id: 'wamid.IN1',
                    timestamp: String(at / 1000),
                    type: 'text',
                    text: { body: 'Olá 😮 a/b' },
                  },
                ],
              },
            },
          ],
        },
      ],
    });
    expect(built).toMatchObject({ wamid: 'wamid.IN1', timestamp: at / 1000 });
  });

  it('builds a button reply with its context, a list reply, and a template quick-reply tap', () => {
    const button = valueOf(
      JSON.parse(buildInboundWebhook(number, ana, { type: 'button_reply', id: 'yes', title: 'Yes', replyTo: 'wamid.OUT1' }).rawBody),
    );
    expect(button.messages[0]).toMatchObject({
      context: { from: NUMBER.displayPhoneNumber, id: 'wamid.OUT1' },
      type: 'interactive',
      interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } },
    });
    const list = valueOf(
      JSON.parse(buildInboundWebhook(number, ana, { type: 'list_reply', id: 'r1', title: 'Row', description: 'D' }).rawBody),
    );
    expect(list.messages[0].interactive).toEqual({ type: 'list_reply', list_reply: { id: 'r1', title: 'Row', description: 'D' } });
    const tap = valueOf(JSON.parse(buildInboundWebhook(number, ana, { type: 'button', payload: 'CONFIRM', text: 'Confirm' }).rawBody));
    expect(tap.messages[0]).toMatchObject({ type: 'button', button: { payload: 'CONFIRM', text: 'Confirm' } });
  });

  it('builds location, reaction, forwarded, unsupported and media messages', () => {
    const one = (m: Parameters<typeof buildInboundWebhook>[2]) =>
      valueOf(JSON.parse(buildInboundWebhook(number, ana, m).rawBody)).messages[0];
    expect(one({ type: 'location', latitude: -23.55, longitude: -46.63, name: 'Sé' }).location).toEqual({
      latitude: -23.55,
      longitude: -46.63,
      name: 'Sé',
    });
    expect(one({ type: 'reaction', messageId: 'wamid.OUT1', emoji: '👍' }).reaction).toEqual({ message_id: 'wamid.OUT1', emoji: '👍' });
    expect(one({ type: 'text', body: 'fw', forwarded: 'frequently' }).context).toEqual({ frequently_forwarded: true });
    expect(one({ type: 'unsupported' })).toMatchObject({ type: 'unsupported', errors: [{ code: 131051 }] });
    expect(one({ type: 'audio', mediaId: '55', mimeType: 'audio/ogg; codecs=opus', sha256: 'abc=', voice: true }).audio).toEqual({
      mime_type: 'audio/ogg; codecs=opus',
      sha256: 'abc=',
      id: '55',
      voice: true,
    });
  });

  it('carries Click-to-WhatsApp referral attribution in snake_case', () => {
    const m = valueOf(
      JSON.parse(
        buildInboundWebhook(number, ana, {
          type: 'text',
          body: 'I saw your ad',
          referral: {
            sourceUrl: 'https://fb.me/x',
            sourceId: '1202',
            sourceType: 'ad',
            headline: 'Chat',
            mediaType: 'image',
            ctwaClid: 'Aff-1',
            welcomeMessage: 'Hi!',
          },
        }).rawBody,
      ),
    ).messages[0];
    expect(m.referral).toEqual({
      source_url: 'https://fb.me/x',
      source_id: '1202',
      source_type: 'ad',
      headline: 'Chat',
      media_type: 'image',
      ctwa_clid: 'Aff-1',
      welcome_message: { text: 'Hi!' },
    });
  });

  it('omits from for a username-only customer (BSUID only), and needs one id at least', () => {
    const v = valueOf(
      JSON.parse(buildInboundWebhook(number, { name: 'Zed', userId: 'BR.42', username: 'zed' }, { type: 'text', body: 'hi' }).rawBody),
    );
    expect(v.contacts).toEqual([{ profile: { name: 'Zed', username: 'zed' }, user_id: 'BR.42' }]);
    expect(v.messages[0].from).toBeUndefined();
    expect(v.messages[0].from_user_id).toBe('BR.42');
    expect(() => buildInboundWebhook(number, { name: 'Nobody' }, { type: 'text', body: 'x' })).toThrow();
  });
});

describe('fake.inboundWebhook', () => {
  it("POSTs the signed body to the number's webhook and returns Parley's status", async () => {
    const res = await h.fake.inboundWebhook(NUMBER.phoneNumberId, ana, { type: 'text', body: 'Quero ajuda' });
    expect(res.status).toBe(200);
    expect(res.wamid).toMatch(/^wamid\./);
    const [w] = h.receiver.hits;
    expect(w!.rawBody).toBe(res.rawBody);
    expect(w!.signature).toBe(hmac(w!.rawBody));
    expect(valueOf(w!.body).messages[0]).toMatchObject({ id: res.wamid, type: 'text', text: { body: 'Quero ajuda' } });
    expect(h.fake.deliveries.at(-1)).toMatchObject({ kind: 'inbound', wamid: res.wamid, responseStatus: 200 });
  });

  it('reports the receiver’s error status', async () => {
    h.receiver.answer = 403;
    try {
      expect((await h.fake.inboundWebhook(NUMBER.phoneNumberId, ana, { type: 'text', body: 'x' })).status).toBe(403);
    } finally {
      h.receiver.answer = 200;
    }
  });

  it('registers media given as bytes so Parley can download what the customer sent', async () => {
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await h.fake.inboundWebhook(NUMBER.phoneNumberId, ana, { type: 'image', bytes, mimeType: 'image/jpeg', caption: 'foto' });
    const image = valueOf(h.receiver.hits[0]!.body).messages[0].image;
    expect(image).toMatchObject({ mime_type: 'image/jpeg', caption: 'foto', sha256: createHash('sha256').update(bytes).digest('base64') });
    const auth = { authorization: `Bearer ${NUMBER.accessToken}` };
    const meta = (await (await fetch(`${h.fake.url}/v23.0/${image.id}`, { headers: auth })).json()) as { url: string };
    expect(Buffer.from(await (await fetch(meta.url, { headers: auth })).arrayBuffer())).toEqual(bytes);
  });

  it('throws for an unregistered number', async () => {
    await expect(h.fake.inboundWebhook('nope', ana, { type: 'text', body: 'x' })).rejects.toThrow(/not registered/);
  });
});
