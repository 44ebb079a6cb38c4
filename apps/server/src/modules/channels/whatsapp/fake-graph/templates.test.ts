import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { signBody } from './signature';
import { CUSTOMER, NUMBER, startHarness, type Harness, type Json } from './test-setup';

// The Business Management API's message templates as the fake serves them: Meta's paging, Meta's refusals, new
// templates PENDING until reviewed, and the signed message_template_status_update webhook.

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ strictTemplates: true });
  // A second WABA, to prove a token only reaches its own account.
  h.fake.registerNumber({
    ...NUMBER,
    phoneNumberId: '106540352242999',
    wabaId: '555',
    accessToken: 'EAAother',
    webhookUrl: h.receiver.url,
  });
});
afterAll(() => h?.close());
afterEach(async () => {
  await h.fake.idle();
  h.receiver.hits.length = 0;
});

const WABA = NUMBER.wabaId;
async function call(method: 'GET' | 'POST', path: string, body?: unknown, token: string | null = NUMBER.accessToken) {
  const res = await fetch(`${h.fake.url}/v23.0/${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}

const valid = (name: string, more: Record<string, unknown> = {}) => ({
  name,
  language: 'en_US',
  category: 'UTILITY',
  parameter_format: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Order {{1}}', example: { header_text: ['#4821'] } },
    { type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships soon.', example: { body_text: [['Priya', '#4821']] } },
    { type: 'FOOTER', text: 'Reply STOP to opt out' },
    {
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Track' },
        { type: 'URL', text: 'View', url: 'https://ex.com/o/{{1}}', example: ['https://ex.com/o/4821'] },
        { type: 'PHONE_NUMBER', text: 'Call us', phone_number: '+15550100' },
      ],
    },
  ],
  ...more,
});
const sendTemplate = (name: string, params: string[]) =>
  h.send({
    messaging_product: 'whatsapp',
    to: CUSTOMER,
    type: 'template',
    template: {
      name,
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }],
    },
  });

describe('GET /{WABA_ID}/message_templates', () => {
  it('needs a token of a number of that WABA', async () => {
    const none = await call('GET', `${WABA}/message_templates`, undefined, null);
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe(190);
    const other = await call('GET', `${WABA}/message_templates`, undefined, 'EAAother');
    expect(other.status).toBe(400);
    expect(other.json.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('pages with limit and after, with paging.next only while more follow', async () => {
    for (let i = 0; i < 5; i++) {
      h.fake.seedTemplate('555', {
        name: `paged_${i}`,
        language: 'en',
        category: 'MARKETING',
        status: 'APPROVED',
        components: [{ type: 'BODY', text: `Hi ${i}` }],
      });
    }
    const names: string[] = [];
    let after: string | undefined;
    const nexts: boolean[] = [];
    do {
      const q = new URLSearchParams({ limit: '2', ...(after ? { after } : {}) });
      const page = await call('GET', `555/message_templates?${q}`, undefined, 'EAAother');
      expect(page.status).toBe(200);
      names.push(...page.json.data.map((t: Json) => t.name));
      nexts.push(page.json.paging.next !== undefined);
      after = page.json.paging.next ? page.json.paging.cursors.after : undefined;
    } while (after);
    expect(names).toEqual(['paged_0', 'paged_1', 'paged_2', 'paged_3', 'paged_4']);
    expect(nexts).toEqual([true, true, false]);
    const bad = await call('GET', `555/message_templates?after=nonsense`, undefined, 'EAAother');
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe(100);
  });

  it('answers Meta’s default fields, and rejected_reason only when asked for', async () => {
    const plain = await call('GET', `555/message_templates?limit=1`, undefined, 'EAAother');
    expect(Object.keys(plain.json.data[0]).sort()).toEqual([
      'category',
      'components',
      'id',
      'language',
      'name',
      'parameter_format',
      'status',
    ]);
    const asked = await call('GET', `555/message_templates?limit=1&fields=name,status,rejected_reason`, undefined, 'EAAother');
    expect(asked.json.data[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      name: 'paged_0',
      status: 'APPROVED',
      rejected_reason: 'NONE',
    });
  });
});

describe('POST /{WABA_ID}/message_templates', () => {
  it('creates a PENDING template that is not sendable until approved', async () => {
    const created = await call('POST', `${WABA}/message_templates`, valid('order_update'));
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ id: expect.stringMatching(/^\d{15}$/), status: 'PENDING', category: 'UTILITY' });
    const listed = await call('GET', `${WABA}/message_templates`);
    expect(listed.json.data.find((t: Json) => t.name === 'order_update')).toMatchObject({ id: created.json.id, status: 'PENDING' });
    const early = await sendTemplate('order_update', ['Priya', '#1']);
    expect(early.json.error.code).toBe(132001);
  });

  it('refuses the same name and language twice, in Meta’s error shape', async () => {
    const again = await call('POST', `${WABA}/message_templates`, valid('order_update'));
    expect(again.status).toBe(400);
    expect(again.json.error).toMatchObject({
      message: '(#100) Invalid parameter',
      code: 100,
      error_subcode: 2388024,
      error_user_title: 'Content in this language already exists',
    });
  });

  const body = (text: string, example?: string[]) => ({ type: 'BODY', text, ...(example ? { example: { body_text: [example] } } : {}) });
  const withComponents = (components: unknown[]) => ({ ...valid('checked'), components });
  const refusals: Array<[string, unknown, string]> = [
    ['an upper-case name', valid('Order'), 'lowercase'],
    ['a lower-case category', valid('cat', { category: 'utility' }), 'category'],
    ['no body', withComponents([{ type: 'FOOTER', text: 'x' }]), 'BODY'],
    ['a body over 1024 characters', withComponents([body('a'.repeat(1025))]), 'too long'],
    ['a body variable without example', withComponents([body('Hi {{1}}')]), 'sample'],
    ['numbering with a gap', withComponents([body('Hi {{1}} and {{3}}', ['a', 'b'])]), 'sequentially'],
    ['adjacent variables', withComponents([body('Hi {{1}}{{2}}', ['a', 'b'])]), 'next to each other'],
    ['a header with two variables', withComponents([{ type: 'HEADER', format: 'TEXT', text: '{{1}} x {{2}}' }, body('b')]), 'one variable'],
    ['a header over 60 characters', withComponents([{ type: 'HEADER', format: 'TEXT', text: 'h'.repeat(61) }, body('b')]), 'too long'],
    ['an image header without handle', withComponents([{ type: 'HEADER', format: 'IMAGE' }, body('b')]), 'header_handle'],
    ['a footer variable', withComponents([body('b'), { type: 'FOOTER', text: 'Bye {{1}}' }]), 'footer'],
    [
      'interleaved quick replies',
      withComponents([
        body('b'),
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'QUICK_REPLY', text: 'a' },
            { type: 'PHONE_NUMBER', text: 'Call', phone_number: '+15550100' },
            { type: 'QUICK_REPLY', text: 'b' },
          ],
        },
      ]),
      'grouped',
    ],
    [
      'three URL buttons',
      withComponents([
        body('b'),
        { type: 'BUTTONS', buttons: [1, 2, 3].map((i) => ({ type: 'URL', text: `u${i}`, url: 'https://ex.com' })) },
      ]),
      '2 URL',
    ],
    [
      'a URL variable not at the end',
      withComponents([
        body('b'),
        { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'u', url: 'https://ex.com/{{1}}/x', example: ['https://ex.com/1/x'] }] },
      ]),
      'at its end',
    ],
    [
      'a 26-character label',
      withComponents([body('b'), { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'q'.repeat(26) }] }]),
      'too long',
    ],
  ];
  it.each(refusals)('refuses %s with code 100 and a user message', async (_case, payload, words) => {
    const res = await call('POST', `${WABA}/message_templates`, payload);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe(100);
    expect(`${res.json.error.error_user_title} ${res.json.error.error_user_msg}`).toContain(words);
  });
});

describe('review and the status webhook', () => {
  it('approval sends the signed webhook and makes the template sendable', async () => {
    const id = h.fake.managedTemplates(WABA).find((t) => t.name === 'order_update')!.id;
    expect(await h.fake.reviewTemplate(id, 'APPROVED')).toBe(200);
    const [hit] = await h.receiver.waitFor(1);
    expect(hit!.signature).toBe(signBody(hit!.rawBody, NUMBER.appSecret));
    expect(hit!.body).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA,
          time: expect.any(Number),
          changes: [
            {
              field: 'message_template_status_update',
              value: {
                event: 'APPROVED',
                message_template_id: Number(id),
                message_template_name: 'order_update',
                message_template_language: 'en_US',
                reason: 'NONE',
                message_template_category: 'UTILITY',
              },
            },
          ],
        },
      ],
    });
    const sent = await sendTemplate('order_update', ['Priya', '#4821']);
    expect(sent.status).toBe(200);
    // The registry knows the body now: a wrong parameter count is Meta's 132000.
    expect((await sendTemplate('order_update', ['Priya'])).json.error.code).toBe(132000);
  });

  it('rejection carries the reason to the webhook and the list, and the template stops being sendable', async () => {
    const id = h.fake.managedTemplates(WABA).find((t) => t.name === 'order_update')!.id;
    await h.fake.reviewTemplate(id, 'REJECTED', { reason: 'INVALID_FORMAT' });
    const [hit] = await h.receiver.waitFor(1);
    expect((hit!.body as Json).entry[0].changes[0].value).toMatchObject({ event: 'REJECTED', reason: 'INVALID_FORMAT' });
    const listed = await call('GET', `${WABA}/message_templates?fields=name,status,rejected_reason`);
    expect(listed.json.data.find((t: Json) => t.id === id)).toMatchObject({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT' });
    expect((await sendTemplate('order_update', ['Priya', '#1'])).json.error.code).toBe(132001);
  });

  it('a deleted template leaves the list', async () => {
    h.fake.deleteTemplate(WABA, 'order_update');
    const listed = await call('GET', `${WABA}/message_templates`);
    expect(listed.json.data.map((t: Json) => t.name)).not.toContain('order_update');
  });
});

describe('automatic review (templateReviewMs)', () => {
  it('approves a new template after the delay, with the webhook', async () => {
    const auto = await startHarness({ templateReviewMs: 20 });
    try {
      const res = await fetch(`${auto.fake.url}/v23.0/${WABA}/message_templates`, {
        method: 'POST',
        headers: { authorization: `Bearer ${NUMBER.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(valid('auto_ok')),
      });
      expect(res.status).toBe(200);
      const [hit] = await auto.receiver.waitFor(1);
      expect((hit!.body as Json).entry[0].changes[0].value).toMatchObject({ event: 'APPROVED', message_template_name: 'auto_ok' });
      expect(auto.fake.managedTemplates(WABA)[0]!.status).toBe('APPROVED');
    } finally {
      await auto.close();
    }
  });
});
