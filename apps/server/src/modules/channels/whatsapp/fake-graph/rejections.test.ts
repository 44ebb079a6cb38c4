import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_PARAM_RULE } from './validate-template';
import { CUSTOMER, startHarness, text, type Harness } from './test-setup';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ statusDelaysMs: { sent: 5, delivered: 10, read: 15 } });
});
afterAll(() => h?.close());

const msg = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({
  messaging_product: 'whatsapp',
  to: CUSTOMER,
  type,
  [type]: payload,
  ...extra,
});
const s = (n: number, ch = 'a') => ch.repeat(n);
const reply = (id: string, title: string) => ({ type: 'reply', reply: { id, title } });
const buttons = (action: unknown, more: Record<string, unknown> = {}) =>
  msg('interactive', { type: 'button', body: { text: 'Pick one' }, action, ...more });
const okButtons = { buttons: [reply('a', 'Yes'), reply('b', 'No')] };
const rows = (n: number, prefix = 'r') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
const list = (action: unknown, more: Record<string, unknown> = {}) =>
  msg('interactive', { type: 'list', body: { text: 'Choose' }, action, ...more });
const okList = (sections: unknown) => list({ button: 'Menu', sections });
const template = (components: unknown, more: Record<string, unknown> = {}) =>
  msg('template', { name: 'order_update', language: { code: 'en_US' }, components, ...more });
const bodyParam = (t: string) => [{ type: 'body', parameters: [{ type: 'text', text: t }] }];

/** [case, body, code, substring of error_data.details] — one just over each limit, each missing field. */
const rejected: Array<[string, unknown, number, string]> = [
  ['a non-object body', [], 100, 'JSON object'],
  ['missing messaging_product', { to: CUSTOMER, text: { body: 'x' } }, 131008, 'messaging_product'],
  ['wrong messaging_product', text('x', { messaging_product: 'sms' }), 131009, 'messaging_product'],
  ['missing to', { messaging_product: 'whatsapp', type: 'text', text: { body: 'x' } }, 131008, 'to'],
  ['to with letters', text('x', { to: '1650555abcd' }), 131009, 'Param to'],
  ['to with 4 digits', text('x', { to: '1234' }), 131009, 'Param to'],
  ['to with 21 digits', text('x', { to: '+' + s(21, '1') }), 131009, 'Param to'],
  ['to as a number', text('x', { to: 16505551234 }), 100, 'Param to must be a string'],
  ['a malformed BSUID', { messaging_product: 'whatsapp', recipient: 'us.123', type: 'text', text: { body: 'x' } }, 131009, 'recipient'],
  ['an unknown top-level key', text('x', { priority: 'high' }), 100, 'Unexpected key "priority"'],
  ['another type’s payload', text('x', { image: { id: '1' } }), 100, 'Unexpected key "image"'],
  ['an unsupported type', msg('poll', { q: 1 }), 131051, 'poll'],
  ['group recipient_type', text('x', { recipient_type: 'group' }), 131009, 'recipient_type'],
  ['context without message_id', text('x', { context: {} }), 131008, "context['message_id']"],
  ['biz_opaque_callback_data of 513 bytes', text('x', { biz_opaque_callback_data: s(513) }), 131009, 'biz_opaque_callback_data'],
  ['biz_opaque_callback_data of 514 UTF-8 bytes', text('x', { biz_opaque_callback_data: s(257, 'é') }), 131009, 'got 514'],
  // text
  ['missing text object', { messaging_product: 'whatsapp', to: CUSTOMER, type: 'text' }, 131008, 'text'],
  ['missing text body', msg('text', {}), 131008, "text['body']"],
  ['empty text body', text(''), 131008, "text['body']"],
  ['text body of 4097', text(s(4097)), 131009, 'Max length: 4096'],
  ['preview_url not boolean', msg('text', { body: 'x', preview_url: 'yes' }), 100, 'preview_url'],
  ['an unknown key in text', msg('text', { body: 'x', bodyText: 'y' }), 100, 'Unexpected key "bodyText"'],
  // reply buttons
  ['zero buttons', buttons({ buttons: [] }), 131008, "interactive['action']['buttons']"],
  ['4 buttons', buttons({ buttons: [reply('a', 'A'), reply('b', 'B'), reply('c', 'C'), reply('d', 'D')] }), 131009, 'Max: 3'],
  ['button title of 21', buttons({ buttons: [reply('a', s(21))] }), 131009, "['reply']['title']"],
  ['duplicate button titles', buttons({ buttons: [reply('a', 'Yes'), reply('b', 'Yes')] }), 131009, 'unique'],
  ['duplicate button ids', buttons({ buttons: [reply('a', 'Yes'), reply('a', 'No')] }), 131009, 'unique'],
  ['button id of 257', buttons({ buttons: [reply(s(257), 'Yes')] }), 131009, "['reply']['id']"],
  ['button id with a trailing space', buttons({ buttons: [reply('a ', 'Yes')] }), 131009, 'trailing spaces'],
  ['button type not reply', buttons({ buttons: [{ type: 'url', reply: { id: 'a', title: 'A' } }] }), 131009, "['type']"],
  ['button body of 1025', buttons(okButtons, { body: { text: s(1025) } }), 131009, 'Max length: 1024'],
  ['button body missing', msg('interactive', { type: 'button', action: okButtons }), 131008, "interactive['body']"],
  ['button header text of 61', buttons(okButtons, { header: { type: 'text', text: s(61) } }), 131009, 'Max length: 60'],
  ['button footer of 61', buttons(okButtons, { footer: { text: s(61) } }), 131009, "interactive['footer']['text']"],
  ['an image header without id or link', buttons(okButtons, { header: { type: 'image', image: {} } }), 131008, "['image']['id']"],
  [
    'an unknown interactive type',
    msg('interactive', { type: 'carousel_x', body: { text: 'x' }, action: {} }),
    131009,
    "interactive['type']",
  ],
  // list
  ['list button of 21', list({ button: s(21), sections: [{ rows: rows(1) }] }), 131009, "['action']['button']"],
  ['list body of 4097', list({ button: 'Menu', sections: [{ rows: rows(1) }] }, { body: { text: s(4097) } }), 131009, 'Max length: 4096'],
  [
    '11 sections',
    okList(Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: [{ id: `r${i}`, title: 'R' }] }))),
    131009,
    'Max: 10',
  ],
  [
    '11 rows across two sections',
    okList([
      { title: 'A', rows: rows(6, 'a') },
      { title: 'B', rows: rows(5, 'b') },
    ]),
    131009,
    'too many rows',
  ],
  ['row title of 25', okList([{ rows: [{ id: 'a', title: s(25) }] }]), 131009, "['title']"],
  ['row id of 201', okList([{ rows: [{ id: s(201), title: 'A' }] }]), 131009, "['id']"],
  ['row description of 73', okList([{ rows: [{ id: 'a', title: 'A', description: s(73) }] }]), 131009, "['description']"],
  [
    'duplicate row ids',
    okList([
      { title: 'A', rows: [{ id: 'x', title: 'A' }] },
      { title: 'B', rows: [{ id: 'x', title: 'B' }] },
    ]),
    131009,
    'unique',
  ],
  [
    'untitled sections when there are two',
    okList([{ rows: rows(1, 'a') }, { title: 'B', rows: rows(1, 'b') }]),
    131008,
    "['sections'][0]['title']",
  ],
  ['section title of 25', okList([{ title: s(25), rows: rows(1) }]), 131009, "['title']"],
  [
    'a list media header',
    list({ button: 'Menu', sections: [{ rows: rows(1) }] }, { header: { type: 'image', image: { id: '1' } } }),
    131009,
    "['header']['type']",
  ],
  ['a section without rows', okList([{ title: 'A', rows: [] }]), 131008, "['rows']"],
  // cta_url
  [
    'cta display text of 21',
    msg('interactive', {
      type: 'cta_url',
      body: { text: 'x' },
      action: { name: 'cta_url', parameters: { display_text: s(21), url: 'https://e.x' } },
    }),
    131009,
    'display_text',
  ],
  // media
  ['an image without id or link', msg('image', {}), 131008, "image['id'] or image['link']"],
  ['an image with id and link', msg('image', { id: '1', link: 'https://e.x/a.png' }), 131009, 'exactly one'],
  ['an http link', msg('image', { link: 'http://e.x/a.png' }), 131009, 'https'],
  ['a caption on audio', msg('audio', { id: '1', caption: 'hi' }), 100, 'Unexpected key "caption"'],
  ['a caption on a sticker', msg('sticker', { id: '1', caption: 'hi' }), 100, 'Unexpected key "caption"'],
  ['a caption of 1025', msg('video', { id: '1', caption: s(1025) }), 131009, 'Max length: 1024'],
  ['a filename on an image', msg('image', { id: '1', filename: 'a.png' }), 100, 'Unexpected key "filename"'],
  // template
  ['a template without name', msg('template', { language: { code: 'en_US' } }), 131008, "template['name']"],
  ['a template without language', msg('template', { name: 'x' }), 131008, "template['language']"],
  ['a template without language.code', msg('template', { name: 'x', language: {} }), 131008, "['language']['code']"],
  ['a text param with a newline', template(bodyParam('a\nb')), 100, TEXT_PARAM_RULE],
  ['a text param with a tab', template(bodyParam('a\tb')), 100, TEXT_PARAM_RULE],
  ['a text param with 5 spaces', template(bodyParam('a     b')), 100, TEXT_PARAM_RULE],
  ['an empty text param', template(bodyParam('')), 131008, "['text']"],
  ['a button component without index', template([{ type: 'button', sub_type: 'quick_reply', parameters: [] }]), 131008, "['index']"],
  ['a button index of 10', template([{ type: 'button', sub_type: 'url', index: '10', parameters: [] }]), 131009, "['index']"],
  ['an unknown button sub_type', template([{ type: 'button', sub_type: 'link', index: '0' }]), 131009, "['sub_type']"],
  ['an unknown component type', template([{ type: 'footer' }]), 131009, "['type']"],
  [
    'a bad currency code',
    template([{ type: 'body', parameters: [{ type: 'currency', currency: { fallback_value: '$1', code: 'usd', amount_1000: 1000 } }] }]),
    131009,
    "['code']",
  ],
  // reaction, location, contacts
  ['a reaction without message_id', msg('reaction', { emoji: '👍' }), 131008, "reaction['message_id']"],
  ['a reaction that is not an emoji', msg('reaction', { message_id: 'wamid.x', emoji: 'ok' }), 131009, 'emoji'],
  ['a latitude of 91', msg('location', { latitude: 91, longitude: 0 }), 131009, "location['latitude']"],
  ['a location without longitude', msg('location', { latitude: 1 }), 131008, "location['longitude']"],
  ['a contact without formatted_name', msg('contacts', [{ name: { first_name: 'A' } }]), 131008, 'formatted_name'],
  // mark as read
  ['mark-as-read with another status', { messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.x' }, 131009, 'status'],
  ['mark-as-read without message_id', { messaging_product: 'whatsapp', status: 'read' }, 131008, 'message_id'],
  [
    'a typing indicator of another type',
    { messaging_product: 'whatsapp', status: 'read', message_id: 'w', typing_indicator: { type: 'audio' } },
    131009,
    'typing_indicator',
  ],
];

const TITLES: Record<number, string> = {
  100: 'Invalid parameter',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131051: 'Unsupported message type',
};

describe('bodies Meta would reject', () => {
  it.each(rejected)('rejects %s', async (_name, body, code, details) => {
    const res = await h.send(body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: {
        message: `(#${code}) ${TITLES[code]}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details: expect.stringContaining(details) },
        fbtrace_id: expect.stringMatching(/^[\w-]{10,}$/),
      },
    });
  });

  it('records no message and sends no webhook for a rejected body', async () => {
    h.fake.reset();
    await h.send(text(s(4097)));
    await h.fake.idle();
    expect(h.fake.sent()).toEqual([]);
    expect(h.fake.deliveries).toEqual([]);
    expect(h.fake.requests).toHaveLength(1);
    expect(h.fake.requests[0]).toMatchObject({ method: 'POST', status: 400, body: text(s(4097)) });
  });

  it('rejects a body that is not JSON, or not sent as JSON', async () => {
    const bad = await h.send('{"messaging_product":', {});
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 100, error_data: { details: 'The request body is not valid JSON.' } });
    const form = await h.send(JSON.stringify(text('hi')), { contentType: 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    expect(form.json.error.code).toBe(100);
  });
});

/** Boundary values exactly at each limit must pass: a fake stricter than Meta is as wrong as a lax one. */
const accepted: Array<[string, unknown]> = [
  ['text body of 4096', text(s(4096))],
  ['text body of 4096 emoji (counted as characters)', text(s(4096, '😀'))],
  ['type omitted (defaults to text)', { messaging_product: 'whatsapp', to: CUSTOMER, text: { body: 'hi' } }],
  ['to with + and 5 digits', text('x', { to: '+12345' })],
  ['to with 20 digits', text('x', { to: s(20, '1') })],
  ['a BSUID recipient', { messaging_product: 'whatsapp', recipient: 'US.13491208655302741918', type: 'text', text: { body: 'x' } }],
  ['biz_opaque_callback_data of 512 bytes', text('x', { biz_opaque_callback_data: s(512) })],
  ['a reply with context', text('x', { context: { message_id: 'wamid.abc' }, recipient_type: 'individual' })],
  [
    '3 buttons at every limit',
    buttons(
      { buttons: [reply(s(256), s(20)), reply('b', 'B'), reply('c', 'C')] },
      { header: { type: 'text', text: s(60) }, body: { text: s(1024) }, footer: { text: s(60) } },
    ),
  ],
  ['a video header by link', buttons(okButtons, { header: { type: 'video', video: { link: 'https://e.x/v.mp4' } } })],
  [
    'a list at every limit',
    list(
      {
        button: s(20),
        sections: [
          { title: s(24), rows: [{ id: s(200), title: s(24), description: s(72) }, ...rows(4, 'a')] },
          { title: 'B', rows: rows(5, 'b') },
        ],
      },
      { body: { text: s(4096) }, header: { type: 'text', text: s(60) }, footer: { text: s(60) } },
    ),
  ],
  ['a single untitled section', okList([{ rows: rows(1) }])],
  [
    'a cta_url',
    msg('interactive', {
      type: 'cta_url',
      body: { text: 'x' },
      action: { name: 'cta_url', parameters: { display_text: s(20), url: 'https://e.x' } },
    }),
  ],
  ['an image with a caption of 1024', msg('image', { link: 'https://e.x/a.png', caption: s(1024) })],
  ['a document with filename', msg('document', { id: '123', filename: 'invoice.pdf', caption: 'Invoice' })],
  ['audio by id', msg('audio', { id: '123' })],
  ['a sticker by id', msg('sticker', { id: '123' })],
  [
    'a template with every parameter kind',
    template([
      { type: 'header', parameters: [{ type: 'image', image: { link: 'https://e.x/h.png' } }] },
      {
        type: 'body',
        parameters: [
          { type: 'text', text: 'Pablo    Diaz' },
          { type: 'currency', currency: { fallback_value: '$100.99', code: 'USD', amount_1000: 100990 } },
          { type: 'date_time', date_time: { fallback_value: 'May 17, 2026' } },
        ],
      },
      { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'CONFIRM_123' }] },
      { type: 'button', sub_type: 'url', index: 9, parameters: [{ type: 'text', text: 'ORDER-123' }] },
    ]),
  ],
  ['a named template parameter', template([{ type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Pablo' }] }])],
  ['a reaction', msg('reaction', { message_id: 'wamid.x', emoji: '👍🏽' })],
  ['a reaction removal', msg('reaction', { message_id: 'wamid.x', emoji: '' })],
  ['a location with string coordinates', msg('location', { latitude: '37.4', longitude: '-122.2', name: 'HQ', address: '1 Way' })],
  [
    'a contact card',
    msg('contacts', [{ name: { formatted_name: 'Ann Lee', first_name: 'Ann' }, phones: [{ phone: '+1 555', type: 'CELL' }] }]),
  ],
];

describe('bodies Meta accepts', () => {
  it.each(accepted)('accepts %s', async (_name, body) => {
    const res = await h.send(body);
    expect(res.json).toMatchObject({ messaging_product: 'whatsapp', messages: [{ id: expect.stringMatching(/^wamid\./) }] });
    expect(res.status).toBe(200);
  });

  it('accepts mark-as-read with a typing indicator and answers { success: true }', async () => {
    const res = await h.send({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.in1',
      typing_indicator: { type: 'text' },
    });
    expect(res).toEqual({ status: 200, json: { success: true } });
    expect(h.fake.markedRead()).toContain('wamid.in1');
  });
});
