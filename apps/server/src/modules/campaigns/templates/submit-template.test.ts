import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WABA_ID } from '../../../testing/whatsapp';
import { startTemplatesWorld, type TemplatesWorld } from '../../../testing/templates';

let w: TemplatesWorld;
beforeAll(async () => {
  w = await startTemplatesWorld();
});
afterAll(() => w?.close());
beforeEach(() => w.fake.reset());

type Body = Record<string, unknown>;
const submit = (payload: Body, cookie = w.admin) =>
  w.t.app.inject({ method: 'POST', url: '/api/v1/templates', headers: { cookie }, payload: { channelId: w.channelId, ...payload } });
const posted = () => w.fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/message_templates'));

const draft = (name: string, content: Body = {}, more: Body = {}): Body => ({
  name,
  language: 'en_US',
  category: 'utility',
  content: {
    header: { format: 'text', text: 'Order {{1}}', example: '#4821' },
    body: { text: 'Hi {{1}}, your order {{2}} ships soon.', examples: ['Priya', '#4821'] },
    footer: 'Reply STOP to opt out',
    buttons: [
      { type: 'quick_reply', text: 'Track' },
      { type: 'url', text: 'View', url: 'https://ex.com/o/{{1}}', example: 'https://ex.com/o/4821' },
      { type: 'phone_number', text: 'Call us', phoneNumber: '+15550100' },
    ],
    ...content,
  },
  ...more,
});

describe('submit a template', () => {
  it('sends Meta its exact JSON and keeps the template pending with Meta’s id', async () => {
    const res = await submit(draft('order_update'));
    expect(res.statusCode, res.body).toBe(201);
    const [call] = posted();
    expect(call!.path).toBe(`/v23.0/${WABA_ID}/message_templates`);
    expect(call!.body).toEqual({
      name: 'order_update',
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
    });
    const meta = w.fake.managedTemplates(WABA_ID).find((t) => t.name === 'order_update')!;
    expect(res.json()).toMatchObject({
      name: 'order_update',
      wabaId: WABA_ID,
      status: 'pending',
      providerTemplateId: meta.id,
      category: 'utility',
      syncedAt: null,
    });
  });

  it('a plain template leaves out the optional parts and examples it does not use', async () => {
    const res = await submit(
      draft('plain', { header: undefined, footer: '  ', buttons: [], body: { text: 'Thanks for your order.', examples: ['unused'] } }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect((posted()[0]!.body as Body).components).toEqual([{ type: 'BODY', text: 'Thanks for your order.' }]);
    expect(res.json().content).toEqual({ body: { text: 'Thanks for your order.', examples: [] }, buttons: [] });
  });

  it('refuses a second template of the same name and language with 409 naming name, before asking Meta', async () => {
    const res = await submit(draft('order_update'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.issues[0].field).toBe('name');
    expect(posted()).toHaveLength(0);
  });

  it('Meta’s refusal is a 400 carrying Meta’s words, and nothing is stored', async () => {
    // Made in WhatsApp Manager, unknown here until a sync: Meta refuses the duplicate.
    w.fake.seedTemplate(WABA_ID, {
      name: 'made_elsewhere',
      language: 'en_US',
      category: 'UTILITY',
      components: [{ type: 'BODY', text: 'x' }],
    });
    const res = await submit(draft('made_elsewhere'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('Content in this language already exists');
    const list = await w.t.app.inject({ method: 'GET', url: '/api/v1/templates?search=made_elsewhere', headers: { cookie: w.admin } });
    expect(list.json().items).toEqual([]);
  });

  const url = (u: Body) => ({ buttons: [{ type: 'url', text: 'Open', ...u }] });
  const qr = (text: string) => ({ type: 'quick_reply', text });
  const phone = { type: 'phone_number', text: 'Call', phoneNumber: '+15550100' };
  const link = (i: number) => ({ type: 'url', text: `Link ${i}`, url: `https://ex.com/${i}` });
  const cases: Array<[string, Body, string]> = [
    ['an upper-case name', draft('Order_Update'), 'name'],
    ['a name with a dash', draft('order-update'), 'name'],
    ['a name over 512 characters', draft('a'.repeat(513)), 'name'],
    ['a bad language', draft('lang', {}, { language: 'english' }), 'language'],
    ['an unknown category', draft('cat', {}, { category: 'promo' }), 'category'],
    ['an empty body', draft('empty', { body: { text: ' ', examples: [] } }), 'content.body.text'],
    ['a body over 1,024 characters', draft('long', { body: { text: 'a'.repeat(1025), examples: [] } }), 'content.body.text'],
    ['variables with a gap', draft('gap', { body: { text: 'Hi {{1}} and {{3}}', examples: ['a', 'b', 'c'] } }), 'content.body.text'],
    ['variables not starting at 1', draft('two', { body: { text: 'Hi {{2}}', examples: ['a', 'b'] } }), 'content.body.text'],
    ['a named variable', draft('named', { body: { text: 'Hi {{name}}', examples: [] } }), 'content.body.text'],
    [
      'a variable without example',
      draft('noex', { body: { text: 'Hi {{1}}, order {{2}}', examples: ['Priya'] } }),
      'content.body.examples.1',
    ],
    ['adjacent variables', draft('adj', { body: { text: 'Hi {{1}} {{2}} there', examples: ['a', 'b'] } }), 'content.body.text'],
    ['a header over 60 characters', draft('hlong', { header: { format: 'text', text: 'h'.repeat(61) } }), 'content.header.text'],
    [
      'a header with two variables',
      draft('h2', { header: { format: 'text', text: '{{1}} and {{2}}', example: 'x' } }),
      'content.header.text',
    ],
    ['a header variable without example', draft('hex', { header: { format: 'text', text: 'Order {{1}}' } }), 'content.header.example'],
    ['an image header without handle', draft('img', { header: { format: 'image' } }), 'content.header.exampleUrl'],
    ['a footer over 60 characters', draft('flong', { footer: 'f'.repeat(61) }), 'content.footer'],
    ['a footer variable', draft('fvar', { footer: 'Bye {{1}}' }), 'content.footer'],
    ['11 buttons', draft('b11', { buttons: Array.from({ length: 11 }, (_, i) => qr(`q${i}`)) }), 'content.buttons'],
    ['quick replies split by another button', draft('split', { buttons: [qr('a'), phone, qr('b')] }), 'content.buttons'],
    ['three URL buttons', draft('u3', { buttons: [link(1), link(2), link(3)] }), 'content.buttons'],
    ['two phone buttons', draft('p2', { buttons: [phone, phone] }), 'content.buttons'],
    ['a label over 25 characters', draft('label', { buttons: [qr('q'.repeat(26))] }), 'content.buttons.0.text'],
    ['an empty label', draft('nolabel', { buttons: [qr(' ')] }), 'content.buttons.0.text'],
    [
      'a URL variable not at the end',
      draft('umid', url({ url: 'https://ex.com/{{1}}/x', example: 'https://ex.com/1/x' })),
      'content.buttons.0.url',
    ],
    [
      'a URL with two variables',
      draft('u2v', url({ url: 'https://ex.com/{{1}}{{2}}', example: 'https://ex.com/12' })),
      'content.buttons.0.url',
    ],
    ['a URL variable without example', draft('uex', url({ url: 'https://ex.com/{{1}}' })), 'content.buttons.0.example'],
    ['a URL that is not a web address', draft('uweb', url({ url: 'ftp://ex.com' })), 'content.buttons.0.url'],
    ['a phone number without +', draft('ph', { buttons: [{ ...phone, phoneNumber: '5550100' }] }), 'content.buttons.0.phoneNumber'],
  ];
  it.each(cases)('refuses %s with a 400 naming the field, without asking Meta', async (_case, payload, field) => {
    const res = await submit(payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.issues.map((i: { field: string }) => i.field)).toContain(field);
    expect(posted()).toHaveLength(0);
  });

  it('refuses a channel that is not one of the workspace’s WhatsApp numbers', async () => {
    const res = await submit(draft('nochan', {}, { channelId: '00000000-0000-4000-8000-000000000000' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ field: 'channelId', message: 'no such channel in this workspace' }]);
  });
});
