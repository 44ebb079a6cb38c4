import { describe, expect, it } from 'vitest';
import { parseWebhook } from './inbound';
import type { InboundMessage, MessageStatus, WebhookItem } from './inbound-types';
import { BATCH, contact, DISPLAY, envelope, inbound, PNID, RAW_REACTION, WABA } from './test-fixtures';

const NOW = new Date('2026-05-01T00:00:00Z');

function one(body: unknown): InboundMessage {
  const parsed = parseWebhook(body, { now: NOW });
  const messages = parsed.items.filter((i) => i.kind === 'message');
  expect(messages).toHaveLength(1);
  return (messages[0] as Extract<WebhookItem, { kind: 'message' }>).message;
}

const statuses = (body: unknown): MessageStatus[] =>
  parseWebhook(body, { now: NOW }).items.flatMap((i) => (i.kind === 'status' ? [i.status] : []));

describe('parseWebhook: message types', () => {
  it('text, with sender, routing keys and timestamp', () => {
    const parsed = parseWebhook(inbound({ type: 'text', text: { body: 'Hello' } }), { now: NOW });
    expect(parsed.problems).toEqual([]);
    expect(parsed.object).toBe('whatsapp_business_account');
    const item = parsed.items[0]!;
    expect(item).toMatchObject({ kind: 'message', phoneNumberId: PNID, displayPhoneNumber: DISPLAY, wabaId: WABA });
    const m = (item as Extract<WebhookItem, { kind: 'message' }>).message;
    expect(m).toMatchObject({
      wamid: 'wamid.ID1',
      type: 'text',
      content: { type: 'text', body: 'Hello' },
      text: 'Hello',
      from: { waId: '16505551234', userId: 'US.165055512340001', profileName: 'Kerry Fisher' },
    });
    expect(m.timestamp.toISOString()).toBe('2025-06-08T20:59:43.000Z');
    expect(m.raw).toMatchObject({ id: 'wamid.ID1' });
  });

  it('reaction with an escaped emoji, from the raw bytes Meta sends', () => {
    const m = one(JSON.parse(RAW_REACTION));
    expect(m.content).toEqual({ type: 'reaction', messageId: 'wamid.OUR1', emoji: '😮' });
    expect(m.text).toBe('😮');
    expect(m.from).toEqual({ waId: '16505551234', userId: 'US.13491208655302741918', profileName: 'José' });
  });

  it('reaction removed: emoji omitted or empty', () => {
    expect(one(inbound({ type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '' } })).content).toEqual({
      type: 'reaction',
      messageId: 'wamid.X',
      emoji: null,
    });
    const m = one(inbound({ type: 'reaction', reaction: { message_id: 'wamid.X' } }));
    expect(m.content).toMatchObject({ emoji: null });
    expect(m.text).toBe('[reaction removed]');
  });

  it.each([
    ['image', { id: '1', mime_type: 'image/jpeg', sha256: 'aGFzaA==', caption: 'look' }, { caption: 'look' }, 'look'],
    ['video', { id: '2', mime_type: 'video/mp4', sha256: 's' }, {}, '[video]'],
    ['document', { id: '3', mime_type: 'application/pdf', sha256: 's', filename: 'x.pdf' }, { filename: 'x.pdf' }, 'x.pdf'],
    ['audio', { id: '4', mime_type: 'audio/ogg; codecs=opus', sha256: 's', voice: true }, { voice: true }, '[voice message]'],
    ['sticker', { id: '5', mime_type: 'image/webp', sha256: 's', animated: false }, { animated: false }, '[sticker]'],
  ])('media: %s', (type, body, extra, text) => {
    const m = one(inbound({ type, [type]: body }));
    expect(m.type).toBe(type);
    expect(m.content).toMatchObject({ type, mediaId: body.id, mimeType: body.mime_type, sha256: body.sha256, ...extra });
    expect(m.text).toBe(text);
  });

  it('location with numbers, and with string coordinates', () => {
    const a = one(
      inbound({ type: 'location', location: { latitude: 37.4611978, longitude: -122.2164385, name: 'Philz', address: '1 Main St' } }),
    );
    expect(a.content).toEqual({ type: 'location', latitude: 37.4611978, longitude: -122.2164385, name: 'Philz', address: '1 Main St' });
    expect(a.text).toBe('📍 Philz');
    const b = one(inbound({ type: 'location', location: { latitude: '37.46', longitude: '-122.21' } }));
    expect(b.content).toEqual({ type: 'location', latitude: 37.46, longitude: -122.21 });
    expect(b.text).toBe('📍 37.46, -122.21');
  });

  it('location with junk coordinates degrades to unknown with a problem', () => {
    const parsed = parseWebhook(inbound({ type: 'location', location: { latitude: 'north', longitude: 1 } }), { now: NOW });
    const m = (parsed.items[0] as Extract<WebhookItem, { kind: 'message' }>).message;
    expect(m.type).toBe('unknown');
    expect(m.content).toMatchObject({ type: 'unknown', rawType: 'location' });
    expect(parsed.problems.join()).toMatch(/latitude/);
  });

  it('contacts: kept as given, formatted names extracted', () => {
    const cards = [
      {
        name: { formatted_name: 'Ana Lima', first_name: 'Ana' },
        phones: [{ phone: '+1 555-555-5555', wa_id: '15555555555', type: 'CELL' }],
      },
      { name: { formatted_name: 'Bo' }, org: { company: 'X' } },
    ];
    const m = one(inbound({ type: 'contacts', contacts: cards }));
    expect(m.content).toEqual({ type: 'contacts', contacts: cards, formattedNames: ['Ana Lima', 'Bo'] });
    expect(m.text).toBe('👤 Ana Lima, Bo');
  });

  it('interactive button_reply, list_reply, nfm_reply and an unmodelled subtype', () => {
    const ctx = { from: DISPLAY, id: 'wamid.OURBUTTONS' };
    const b = one(
      inbound({ type: 'interactive', context: ctx, interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes' } } }),
    );
    expect(b.content).toMatchObject({ type: 'interactive', replyType: 'button_reply', id: 'yes', title: 'Yes' });
    expect(b.context).toEqual({ messageId: 'wamid.OURBUTTONS', from: DISPLAY });
    const l = one(
      inbound({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Row', description: 'd' } } }),
    );
    expect(l.content).toMatchObject({ replyType: 'list_reply', id: 'r1', title: 'Row', description: 'd' });
    const f = one(
      inbound({
        type: 'interactive',
        interactive: { type: 'nfm_reply', nfm_reply: { name: 'flow', body: 'Sent', response_json: '{"a":1}' } },
      }),
    );
    expect(f.content).toMatchObject({ replyType: 'nfm_reply', id: 'flow', title: 'Sent', responseJson: '{"a":1}' });
    const c = one(
      inbound({ type: 'interactive', interactive: { type: 'call_permission_reply', call_permission_reply: { response: 'accept' } } }),
    );
    expect(c.content).toMatchObject({ replyType: 'call_permission_reply', id: '', title: '' });
    expect(c.text).toBe('[call_permission_reply]');
  });

  it('template quick-reply button', () => {
    const m = one(
      inbound({ type: 'button', context: { from: DISPLAY, id: 'wamid.TPL' }, button: { payload: 'CONFIRM_123', text: 'Confirm' } }),
    );
    expect(m.content).toEqual({ type: 'button', payload: 'CONFIRM_123', text: 'Confirm' });
    expect(m.text).toBe('Confirm');
  });

  it('order with numeric strings', () => {
    const m = one(
      inbound({
        type: 'order',
        order: {
          catalog_id: 'cat1',
          text: 'asap',
          product_items: [
            { product_retailer_id: 'SKU1', quantity: '3', item_price: '30.5', currency: 'ILS' },
            { product_retailer_id: 'SKU2', quantity: 1, item_price: 10, currency: 'ILS' },
          ],
        },
      }),
    );
    expect(m.content).toEqual({
      type: 'order',
      catalogId: 'cat1',
      text: 'asap',
      items: [
        { productRetailerId: 'SKU1', quantity: 3, itemPrice: 30.5, currency: 'ILS' },
        { productRetailerId: 'SKU2', quantity: 1, itemPrice: 10, currency: 'ILS' },
      ],
    });
  });

  it('system message without a contacts array', () => {
    const body = envelope({
      messages: [
        {
          from: '16505551234',
          id: 'wamid.SYS',
          timestamp: '1700000000',
          type: 'system',
          system: { body: 'User A changed from 1650 to 1651', wa_id: '16515551234', type: 'user_changed_number' },
        },
      ],
    });
    const m = one(body);
    expect(m.content).toEqual({
      type: 'system',
      body: 'User A changed from 1650 to 1651',
      systemType: 'user_changed_number',
      newWaId: '16515551234',
    });
    expect(m.from).toEqual({ waId: '16505551234' });
  });

  it('unsupported (current) and unknown (legacy)', () => {
    const u = one(
      inbound({
        type: 'unsupported',
        unsupported: { type: 'poll' },
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
      }),
    );
    expect(u.type).toBe('unsupported');
    expect(u.content).toEqual({
      type: 'unsupported',
      originalType: 'poll',
      errors: [
        {
          code: 131051,
          title: 'Message type unknown',
          message: 'Message type unknown',
          details: 'Message type is currently not supported.',
        },
      ],
    });
    expect(u.errors).toHaveLength(1);
    expect(u.text).toBe('[unsupported: poll]');
    const legacy = one(
      inbound({
        type: 'unknown',
        errors: [{ code: 131051, details: 'Message type is not currently supported', title: 'Unsupported message type' }],
      }),
    );
    expect(legacy.type).toBe('unsupported');
    expect(legacy.content).toEqual({
      type: 'unsupported',
      errors: [{ code: 131051, title: 'Unsupported message type', details: 'Message type is not currently supported' }],
    });
  });

  it('a type we do not know keeps the raw object', () => {
    const m = one(inbound({ type: 'hologram', hologram: { beam: 1 } }));
    expect(m.type).toBe('unknown');
    expect(m.content).toMatchObject({ type: 'unknown', rawType: 'hologram', raw: { hologram: { beam: 1 } } });
    expect(m.text).toBe('[hologram]');
  });

  it('type names that exist on Object.prototype are unknown, not crashes', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(one(inbound({ type })).type).toBe('unknown');
    }
  });

  it('edit, revoke and request_welcome', () => {
    const e = one(
      inbound({ type: 'edit', edit: { original_message_id: 'wamid.OLD', message: { type: 'text', text: { body: 'fixed typo' } } } }),
    );
    expect(e.content).toEqual({ type: 'edit', originalMessageId: 'wamid.OLD', edited: { type: 'text', body: 'fixed typo' } });
    expect(e.text).toBe('fixed typo');
    const r = one(inbound({ type: 'revoke', revoke: { original_message_id: 'wamid.OLD' } }));
    expect(r.content).toEqual({ type: 'revoke', originalMessageId: 'wamid.OLD' });
    expect(one(inbound({ type: 'request_welcome' })).content).toEqual({ type: 'request_welcome' });
  });

  it('context: forwarded, frequently forwarded, referred product', () => {
    expect(one(inbound({ type: 'text', text: { body: 'x' }, context: { forwarded: true } })).context).toEqual({ forwarded: true });
    expect(one(inbound({ type: 'text', text: { body: 'x' }, context: { frequently_forwarded: true } })).context).toEqual({
      frequentlyForwarded: true,
    });
    const p = one(
      inbound({
        type: 'text',
        text: { body: 'is it in stock?' },
        context: { from: DISPLAY, id: 'wamid.P', referred_product: { catalog_id: 'c', product_retailer_id: 'SKU' } },
      }),
    );
    expect(p.context).toEqual({ messageId: 'wamid.P', from: DISPLAY, referredProduct: { catalogId: 'c', productRetailerId: 'SKU' } });
  });

  it('click-to-WhatsApp referral', () => {
    const m = one(
      inbound({
        type: 'text',
        text: { body: 'Hi' },
        referral: {
          source_url: 'https://fb.me/3cr4Wqqkv',
          source_id: '120226305854810726',
          source_type: 'ad',
          body: 'Summer succulents are here!',
          headline: 'Chat with us',
          media_type: 'image',
          image_url: 'https://scontent.xx.fbcdn.net/x',
          ctwa_clid: 'Aff-n8ZTODiE79d22Kt',
          welcome_message: { text: 'Hi there!' },
        },
      }),
    );
    expect(m.referral).toEqual({
      sourceUrl: 'https://fb.me/3cr4Wqqkv',
      sourceId: '120226305854810726',
      sourceType: 'ad',
      body: 'Summer succulents are here!',
      headline: 'Chat with us',
      mediaType: 'image',
      imageUrl: 'https://scontent.xx.fbcdn.net/x',
      ctwaClid: 'Aff-n8ZTODiE79d22Kt',
      welcomeMessageText: 'Hi there!',
    });
  });
});

describe('parseWebhook: senders and batches', () => {
  it('BSUID-only contacts (no phone) are accepted', () => {
    const body = envelope({
      contacts: [{ profile: { name: 'Zed', username: 'zed_2026' }, user_id: 'US.13491208655302741918', parent_user_id: 'US.ENT.1181' }],
      messages: [{ from_user_id: 'US.13491208655302741918', id: 'wamid.U', timestamp: '1700000000', type: 'text', text: { body: 'hey' } }],
    });
    const m = one(body);
    expect(m.from).toEqual({ userId: 'US.13491208655302741918', parentUserId: 'US.ENT.1181', profileName: 'Zed', username: 'zed_2026' });
    expect(parseWebhook(body).problems).toEqual([]);
  });

  it('pairs contacts by id, not by position', () => {
    const body = envelope({
      contacts: [contact('222', 'Second'), contact('111', 'First')],
      messages: [
        { from: '111', id: 'wamid.1', timestamp: '1', type: 'text', text: { body: 'a' } },
        { from: '222', id: 'wamid.2', timestamp: '2', type: 'text', text: { body: 'b' } },
        { from: '333', id: 'wamid.3', timestamp: '3', type: 'text', text: { body: 'c' } },
      ],
    });
    const names = parseWebhook(body).items.map((i) => (i.kind === 'message' ? i.message.from.profileName : null));
    expect(names).toEqual(['First', 'Second', undefined]);
  });

  it('iterates every entry × change × message / status / error, and surfaces other fields', () => {
    const parsed = parseWebhook(BATCH, { now: NOW });
    expect(parsed.problems).toEqual([]);
    const summary = parsed.items.map((i) => {
      if (i.kind === 'message') return `${i.phoneNumberId} message ${i.message.wamid} ${i.message.from.profileName ?? '-'}`;
      if (i.kind === 'status') return `${i.phoneNumberId} status ${i.status.wamid} ${i.status.status}`;
      if (i.kind === 'error') return `${i.phoneNumberId} error ${i.errors[0]?.code}`;
      return `${i.wabaId} other ${i.field}`;
    });
    expect(summary).toEqual([
      `${PNID} message wamid.A1 Al`,
      `${PNID} message wamid.B1 Bea`,
      `${PNID} message wamid.A2 Al`,
      `${PNID} status wamid.OUT1 sent`,
      `${PNID} status wamid.OUT2 delivered`,
      `${PNID} error 131000`,
      '200000000000002 message wamid.C1 Username Only',
      '200000000000002 status wamid.OUT3 read',
      '999000111 other message_template_status_update',
    ]);
    const c1 = parsed.items[6] as Extract<WebhookItem, { kind: 'message' }>;
    expect(c1.message.from).toEqual({ userId: 'US.555', profileName: 'Username Only', username: 'quokka' });
    expect(c1.message.timestamp.getTime()).toBe(1700000020_000);
    expect(parsed.items[8]).toMatchObject({ kind: 'other', field: 'message_template_status_update', value: { event: 'APPROVED' } });
  });
});

describe('parseWebhook: statuses', () => {
  it('sent with conversation and pricing', () => {
    const [s] = statuses(
      envelope({
        statuses: [
          {
            id: 'wamid.OUT',
            status: 'sent',
            timestamp: '1698266945',
            recipient_id: '16505551234',
            recipient_user_id: 'US.1',
            biz_opaque_callback_data: 'campaign:42',
            conversation: { id: '7270432eae37498234f4444b35ffc5', expiration_timestamp: '1698339900', origin: { type: 'service' } },
            pricing: { billable: true, pricing_model: 'PMP', category: 'marketing', type: 'regular' },
          },
        ],
      }),
    );
    expect(s).toMatchObject({
      wamid: 'wamid.OUT',
      status: 'sent',
      recipientWaId: '16505551234',
      recipientUserId: 'US.1',
      bizOpaqueCallbackData: 'campaign:42',
      pricingCategory: 'marketing',
      pricingType: 'regular',
      pricingModel: 'PMP',
      billable: true,
      conversationId: '7270432eae37498234f4444b35ffc5',
      conversationOriginType: 'service',
      errors: [],
    });
    expect(s!.timestamp.getTime()).toBe(1698266945_000);
    expect(s!.conversationExpiresAt?.getTime()).toBe(1698339900_000);
  });

  it('failed with errors and no contacts; unknown status values are kept', () => {
    const list = statuses(
      envelope({
        statuses: [
          {
            id: 'wamid.F',
            status: 'failed',
            timestamp: '1698266945',
            recipient_id: '16505551234',
            errors: [
              {
                code: 131047,
                title: 'Re-engagement message',
                message: 'Re-engagement message',
                error_data: {
                  details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
                },
                href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
              },
            ],
          },
          { id: 'wamid.D', status: 'deleted', timestamp: 1698266946 },
        ],
      }),
    );
    expect(list[0]!.errors).toEqual([
      {
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ]);
    expect(list[1]).toMatchObject({ wamid: 'wamid.D', status: 'deleted' });
  });

  it('statuses without id or status are problems, not items', () => {
    const parsed = parseWebhook(
      envelope({
        statuses: [
          { status: 'sent', timestamp: '1' },
          { id: 'wamid.X', timestamp: '1' },
        ],
      }),
    );
    expect(parsed.items).toEqual([]);
    expect(parsed.problems).toHaveLength(2);
  });
});

describe('parseWebhook: timestamps', () => {
  it('accepts strings and numbers of Unix seconds', () => {
    expect(one(inbound({ type: 'text', text: { body: 'x' }, timestamp: 1700000000 })).timestamp.getTime()).toBe(1700000000_000);
    expect(one(inbound({ type: 'text', text: { body: 'x' }, timestamp: '1700000000' })).timestamp.getTime()).toBe(1700000000_000);
  });

  it.each([['yesterday'], [-5], [null], [{}], ['1e3'], [Number.MAX_VALUE], ['']])(
    'a bad timestamp (%j) becomes the parse time with a problem',
    (timestamp) => {
      const parsed = parseWebhook(inbound({ type: 'text', text: { body: 'x' }, timestamp }), { now: NOW });
      const m = (parsed.items[0] as Extract<WebhookItem, { kind: 'message' }>).message;
      expect(m.timestamp.getTime()).toBe(NOW.getTime());
      expect(parsed.problems.join()).toMatch(/bad timestamp/);
    },
  );
});
