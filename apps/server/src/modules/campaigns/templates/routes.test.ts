import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, type Staff } from '../../../testing/routing';
import { WABA_ID } from '../../../testing/whatsapp';
import { richComponents, startTemplatesWorld, type TemplatesWorld } from '../../../testing/templates';

let w: TemplatesWorld;
let agent: Staff;
let supervisor: Staff;
beforeAll(async () => {
  w = await startTemplatesWorld();
  agent = await createStaff(w.t, w.admin, 'Agent Ana');
  supervisor = await createStaff(w.t, w.admin, 'Sue Pervisor', 'supervisor');
  w.fake.seedTemplate(WABA_ID, {
    name: 'order_update',
    language: 'en_US',
    category: 'UTILITY',
    status: 'APPROVED',
    components: richComponents,
  });
  w.fake.seedTemplate(WABA_ID, {
    name: 'order_update',
    language: 'pt_BR',
    category: 'UTILITY',
    status: 'PENDING',
    components: richComponents,
  });
  w.fake.seedTemplate(WABA_ID, {
    name: 'spring_sale',
    language: 'en_US',
    category: 'MARKETING',
    status: 'REJECTED',
    components: [{ type: 'BODY', text: 'Sale!' }],
  });
  const synced = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/templates/sync',
    headers: { cookie: w.admin },
    payload: { channelId: w.channelId },
  });
  if (synced.statusCode !== 200) throw new Error(synced.body);
});
afterAll(() => w?.close());

const get = (url: string, cookie?: string) => w.t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
const names = (res: { json(): { items: Array<{ name: string; language: string }> } }) =>
  res.json().items.map((t) => `${t.name}/${t.language}`);

describe('template routes', () => {
  it('agents read the list and one template', async () => {
    const list = await get('/templates', agent.cookie);
    expect(list.statusCode).toBe(200);
    expect(names(list)).toEqual(['order_update/en_US', 'order_update/pt_BR', 'spring_sale/en_US']);
    const one = await get(`/templates/${list.json().items[0].id}`, agent.cookie);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ name: 'order_update', language: 'en_US', status: 'approved', wabaId: WABA_ID });
  });

  it('filters by status, channel and name', async () => {
    expect(names(await get('/templates?status=approved', agent.cookie))).toEqual(['order_update/en_US']);
    expect(names(await get('/templates?search=SALE', agent.cookie))).toEqual(['spring_sale/en_US']);
    expect(names(await get('/templates?search=%25', agent.cookie))).toEqual([]);
    expect(names(await get(`/templates?channelId=${w.channelId}&status=pending`, agent.cookie))).toEqual(['order_update/pt_BR']);
    const bad = await get('/templates?status=great', agent.cookie);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('query.status');
    const unknownChannel = await get('/templates?channelId=00000000-0000-4000-8000-000000000000', agent.cookie);
    expect(unknownChannel.statusCode).toBe(400);
    expect(unknownChannel.json().error.issues[0].field).toBe('query.channelId');
  });

  it('answers 404 for a template that is not there', async () => {
    expect((await get('/templates/00000000-0000-4000-8000-000000000000', agent.cookie)).statusCode).toBe(404);
  });

  it('only admins sync and submit; nobody unauthenticated reads', async () => {
    const payload = { channelId: w.channelId, name: 'x', language: 'en', category: 'utility', content: { body: { text: 'x' } } };
    for (const who of [agent, supervisor]) {
      const sync = await w.t.app.inject({
        method: 'POST',
        url: '/api/v1/templates/sync',
        headers: { cookie: who.cookie },
        payload: { channelId: w.channelId },
      });
      expect(sync.statusCode).toBe(403);
      const submit = await w.t.app.inject({ method: 'POST', url: '/api/v1/templates', headers: { cookie: who.cookie }, payload });
      expect(submit.statusCode).toBe(403);
    }
    expect(w.fake.managedTemplates(WABA_ID).map((t) => t.name)).not.toContain('x');
    expect((await get('/templates')).statusCode).toBe(401);
  });
});
