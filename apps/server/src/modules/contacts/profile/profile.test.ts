import type { ContactConversationItem, ContactProfile, ContactSessionItem } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  seedCampaignDelivery,
  seedChannel,
  seedChannelIdentity,
  seedContactConversation,
  seedConversationMessage,
  seedGoal,
  seedSession,
} from '../../../testing/contact-profile';
import { seedContact } from '../../../testing/contacts';
import { decodeRgbaPng, makePng } from '../../../testing/images';
import { startTestApp, type TestApp } from '../../../testing/test-app';

let t: TestApp;
let admin: string;
let ws: string;
let lia: string;
let wa: string;
let tg: string;
let t0: Date;
const ids: Record<string, string> = {};
const db = () => t.rt.deps.db;
const ago = (ms: number) => new Date(t0.getTime() - ms);
const H = 3_600_000;
const D = 24 * H;

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: admin } });
  return res;
};
const post = (url: string, payload: object) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { cookie: admin }, payload });
const upload = (contactId: string, body: Buffer | string, type = 'image/png') =>
  t.app.inject({
    method: 'PUT',
    url: `/api/v1/contacts/${contactId}/picture`,
    headers: { cookie: admin, 'content-type': type },
    payload: body,
  });

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await get('/workspace')).json().id;
  t0 = t.clock.now();
  wa = await seedChannel(db(), ws, 'whatsapp', 'Support WhatsApp');
  tg = await seedChannel(db(), ws, 'telegram', 'Shop Telegram');
  lia = await seedContact(db(), ws, ago(10 * D), {
    firstName: 'Lia',
    phone: '+5511987650001',
    gender: 'female',
    language: 'pt-BR',
    timezone: 'America/Sao_Paulo',
    device: 'WhatsApp',
    tags: ['Product A'],
  });
  await seedChannelIdentity(db(), ws, {
    contactId: lia,
    channelId: wa,
    key: 'wa:5511987650001',
    createdAt: ago(10 * D),
    lastInboundAt: ago(H),
  });
  await seedChannelIdentity(db(), ws, { contactId: lia, channelId: tg, key: 'tg:42', createdAt: ago(2 * D), lastInboundAt: ago(2 * D) });
  expect((await post('/first-message-tags', { match: 'prefix', pattern: 'Hi, I want Product A', tag: 'Product A' })).statusCode).toBe(201);

  ids.first = await seedContactConversation(db(), ws, {
    contactId: lia,
    channelId: wa,
    state: 'closed',
    openedAt: ago(10 * D),
    closedAt: ago(10 * D - H),
  });
  await seedConversationMessage(db(), ws, {
    conversationId: ids.first,
    contactId: lia,
    channelId: wa,
    senderType: 'customer',
    text: 'hi, I want product a please',
    at: ago(10 * D),
  });
  await seedConversationMessage(db(), ws, {
    conversationId: ids.first,
    contactId: lia,
    channelId: wa,
    senderType: 'bot',
    text: 'Sure!',
    at: ago(10 * D - 60_000),
  });
  ids.telegram = await seedContactConversation(db(), ws, {
    contactId: lia,
    channelId: tg,
    state: 'closed',
    openedAt: ago(2 * D),
    lastMessageAt: ago(2 * D - 300_000),
    hadAgent: true,
    closedAt: ago(2 * D - H),
  });
  await seedConversationMessage(db(), ws, {
    conversationId: ids.telegram,
    contactId: lia,
    channelId: tg,
    senderType: 'agent',
    text: 'Hello, Ana here',
    at: ago(2 * D - 60_000),
  });
  ids.open = await seedContactConversation(db(), ws, { contactId: lia, channelId: wa, state: 'bot', openedAt: ago(H) });

  ids.s1 = await seedSession(db(), ws, { contactId: lia, channelId: wa, startedAt: ago(10 * D), endedAt: ago(10 * D - 20 * 60_000) });
  await seedGoal(db(), ws, { contactId: lia, conversationId: ids.first, name: 'Purchase', at: ago(10 * D - 10 * 60_000) });
  ids.s2 = await seedSession(db(), ws, {
    contactId: lia,
    channelId: tg,
    startedAt: ago(2 * D),
    endedAt: ago(2 * D - 300_000),
    hadAgent: true,
  });
  ids.s3 = await seedSession(db(), ws, { contactId: lia, channelId: wa, startedAt: ago(H), endedAt: ago(50 * 60_000), messageCount: 1 });

  await seedCampaignDelivery(db(), ws, { contactId: lia, name: 'Black Friday', status: 'read', at: ago(3 * D) });
  await seedCampaignDelivery(db(), ws, {
    contactId: lia,
    name: 'Spring sale',
    status: 'failed',
    at: ago(D),
    reason: 'Number not on WhatsApp',
  });

  expect((await post('/bulk-actions', { operation: { type: 'create_segment', name: 'VIPs' }, contactIds: [lia] })).statusCode).toBe(200);
  for (const [name, tag] of [
    ['Product A fans', 'Product A'],
    ['Nobody', 'zzz'],
  ]) {
    const res = await post('/segments', {
      kind: 'dynamic',
      name,
      definition: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: tag }] },
    });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => t?.close());

describe('the contact profile', () => {
  it('says who, where from, which segments and goals, and that a chat can start now', async () => {
    const res = await get(`/contacts/${lia}/profile`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json() as ContactProfile;
    expect(p.fields).toEqual({
      gender: 'female',
      language: 'pt-BR',
      timezone: 'America/Sao_Paulo',
      location: null,
      country: null,
      device: 'WhatsApp',
      isGroup: false,
    });
    expect(p.channels).toEqual([
      {
        channelId: wa,
        name: 'Support WhatsApp',
        kind: 'whatsapp',
        firstSeenAt: ago(10 * D).toISOString(),
        lastInboundAt: ago(H).toISOString(),
        windowClosesAt: ago(H - D).toISOString(),
      },
      {
        channelId: tg,
        name: 'Shop Telegram',
        kind: 'telegram',
        firstSeenAt: ago(2 * D).toISOString(),
        lastInboundAt: ago(2 * D).toISOString(),
        windowClosesAt: null,
      },
    ]);
    expect(p.firstMessageTag).toBe('Product A');
    expect(p.segments.map((s) => s.name)).toEqual(['Product A fans', 'VIPs']);
    expect(p.goals).toEqual([{ name: 'Purchase', conversationId: ids.first, completedAt: ago(10 * D - 10 * 60_000).toISOString() }]);
    expect(p.picture).toBeNull();
    expect(p.startChat).toEqual({
      available: true,
      conversationId: ids.open,
      channelId: wa,
      windowClosesAt: ago(H - D).toISOString(),
      reason: null,
    });
  });

  it('offers a template instead once the 24-hour window has closed; Telegram has no window', async () => {
    const startChat = async (contactId: string) => ((await get(`/contacts/${contactId}/profile`)).json() as ContactProfile).startChat;
    const max = await seedContact(db(), ws, ago(3 * D), { firstName: 'Max' });
    await seedChannelIdentity(db(), ws, {
      contactId: max,
      channelId: wa,
      key: 'wa:5511987650002',
      createdAt: ago(3 * D),
      lastInboundAt: ago(25 * H),
    });
    await seedContactConversation(db(), ws, { contactId: max, channelId: wa, state: 'assigned', openedAt: ago(25 * H) });
    expect(await startChat(max)).toEqual({
      available: false,
      conversationId: null,
      channelId: wa,
      windowClosesAt: ago(H).toISOString(),
      reason: 'window_closed',
    });

    const noa = await seedContact(db(), ws, ago(3 * D), { firstName: 'Noa' });
    await seedChannelIdentity(db(), ws, { contactId: noa, channelId: tg, key: 'tg:77', createdAt: ago(3 * D), lastInboundAt: ago(3 * D) });
    await seedContactConversation(db(), ws, {
      contactId: noa,
      channelId: tg,
      state: 'closed',
      openedAt: ago(3 * D),
      closedAt: ago(3 * D - H),
    });
    expect(await startChat(noa)).toMatchObject({ available: false, reason: 'no_open_conversation' });
    const open = await seedContactConversation(db(), ws, {
      contactId: noa,
      channelId: tg,
      state: 'bot',
      openedAt: ago(3 * D),
      lastMessageAt: ago(2 * D),
    });
    expect(await startChat(noa)).toEqual({ available: true, conversationId: open, channelId: tg, windowClosesAt: null, reason: null });
  });

  it('lists sessions by end time with channel, bot, agent and starred goals; search by bot; keyset pages', async () => {
    const res = await get(`/contacts/${lia}/sessions`);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as ContactSessionItem[];
    expect(items.map((s) => s.id)).toEqual([ids.s3, ids.s2, ids.s1]);
    expect(items[2]).toEqual({
      id: ids.s1,
      startedAt: ago(10 * D).toISOString(),
      endedAt: ago(10 * D - 20 * 60_000).toISOString(),
      durationSeconds: 1200,
      messageCount: 2,
      channel: { id: wa, name: 'Support WhatsApp', kind: 'whatsapp' },
      bot: 'Support WhatsApp',
      agentInvolved: false,
      goals: ['Purchase'],
    });
    expect(items[1]).toMatchObject({ channel: { name: 'Shop Telegram' }, bot: null, agentInvolved: true, goals: [] });
    const asc = (await get(`/contacts/${lia}/sessions?order=asc`)).json().items as ContactSessionItem[];
    expect(asc.map((s) => s.id)).toEqual([ids.s1, ids.s2, ids.s3]);
    const byBot = (await get(`/contacts/${lia}/sessions?bot=TELEGRAM`)).json().items as ContactSessionItem[];
    expect(byBot.map((s) => s.id)).toEqual([ids.s2]);
    expect((await get(`/contacts/${lia}/sessions?bot=nothing`)).json().items).toEqual([]);

    const page1 = (await get(`/contacts/${lia}/sessions?limit=2`)).json();
    expect(page1.items.map((s: ContactSessionItem) => s.id)).toEqual([ids.s3, ids.s2]);
    const page2 = (await get(`/contacts/${lia}/sessions?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items.map((s: ContactSessionItem) => s.id)).toEqual([ids.s1]);
    expect(page2.nextCursor).toBeNull();
  });

  it('lists every conversation on every channel, newest first, and the campaigns received', async () => {
    const convs = (await get(`/contacts/${lia}/conversations`)).json().items as ContactConversationItem[];
    expect(convs.map((c) => [c.id, c.channelName, c.state, c.messageCount, c.hadAgent])).toEqual([
      [ids.open, 'Support WhatsApp', 'bot', 0, false],
      [ids.telegram, 'Shop Telegram', 'closed', 1, true],
      [ids.first, 'Support WhatsApp', 'closed', 2, false],
    ]);
    const camps = (await get(`/contacts/${lia}/campaigns`)).json().items;
    expect(camps.map((c: { name: string; status: string; reason: string | null }) => [c.name, c.status, c.reason])).toEqual([
      ['Spring sale', 'failed', 'Number not on WhatsApp'],
      ['Black Friday', 'read', null],
    ]);
  });

  it('answers 404 for an unknown contact and 400 naming the field for bad queries', async () => {
    const unknown = '00000000-0000-4000-8000-000000000077';
    for (const path of ['profile', 'sessions', 'conversations', 'campaigns']) {
      expect((await get(`/contacts/${unknown}/${path}`)).statusCode, path).toBe(404);
    }
    const cases: Array<[string, string]> = [
      [`/contacts/${lia}/sessions?order=sideways`, 'query.order'],
      [`/contacts/${lia}/sessions?limit=0`, 'query.limit'],
      [`/contacts/${lia}/sessions?cursor=abc`, 'query.cursor'],
      [`/contacts/${lia}/conversations?cursor=abc`, 'query.cursor'],
      [`/contacts/${lia}/campaigns?limit=1000`, 'query.limit'],
    ];
    for (const [url, field] of cases) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.issues[0].field).toBe(field);
    }
  });
});

describe('the contact picture', () => {
  it('is stored re-encoded without its metadata, served as an image, shown on the profile and removable', async () => {
    const png = makePng({ width: 20, height: 10, text: 'taken at home, 51.5N 0.1W' });
    const res = await upload(lia, png);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ width: 20, height: 10 });
    const served = await get(`/contacts/${lia}/picture`);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect(served.rawPayload.includes(Buffer.from('51.5N'))).toBe(false);
    expect(decodeRgbaPng(served.rawPayload).pixels.equals(decodeRgbaPng(png).pixels)).toBe(true);
    const profile = (await get(`/contacts/${lia}/profile`)).json() as ContactProfile;
    expect(profile.picture?.url).toMatch(new RegExp(`^/api/v1/contacts/${lia}/picture\\?v=\\d+$`));
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${lia}/picture`, headers: { cookie: admin } })).statusCode).toBe(
      204,
    );
    expect((await get(`/contacts/${lia}/picture`)).statusCode).toBe(404);
  });

  it('refuses SVG and other non-images (415), damaged or huge images (400), and files over 2 MB (413)', async () => {
    const svg = await upload(lia, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml');
    expect(svg.statusCode).toBe(415);
    expect(svg.json().error.issues[0].field).toBe('picture');
    // Declared as a PNG, but the bytes are HTML.
    expect((await upload(lia, '<html><body>hi</body></html>', 'image/png')).statusCode).toBe(415);
    const json = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/contacts/${lia}/picture`,
      headers: { cookie: admin },
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    const cut = await upload(lia, makePng({ width: 8, height: 8 }).subarray(0, 40));
    expect(cut.statusCode).toBe(400);
    expect(cut.json().error.issues[0].field).toBe('picture');
    expect((await upload(lia, makePng({ width: 4097, height: 1 }))).statusCode).toBe(400);
    const big = Buffer.concat([makePng({ width: 8, height: 8 }), Buffer.alloc(2 * 1024 * 1024)]);
    expect((await upload(lia, big)).statusCode).toBe(413);
    expect((await upload('00000000-0000-4000-8000-000000000077', makePng({ width: 8, height: 8 }))).statusCode).toBe(404);
    expect((await get(`/contacts/${lia}/picture`)).statusCode).toBe(404);
  });
});

describe('editing the standard fields', () => {
  const patch = (contactId: string, payload: object) =>
    t.app.inject({ method: 'PATCH', url: `/api/v1/contacts/${contactId}`, headers: { cookie: admin }, payload });

  it('changes only the fields named, normalising the phone, language and country', async () => {
    const before = (await get(`/contacts/${lia}`)).json();
    const res = await patch(lia, {
      lastName: ' Souza ',
      phone: '+55 (11) 98765-4321',
      language: 'PT-br',
      country: 'br',
      location: 'Recife',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ firstName: 'Lia', lastName: 'Souza', phone: '+5511987654321', tags: before.tags });
    const profile = (await get(`/contacts/${lia}/profile`)).json() as ContactProfile;
    expect(profile.fields).toMatchObject({ language: 'pt-BR', country: 'BR', location: 'Recife', gender: 'female' });
    const cleared = await patch(lia, { location: null, lastName: '' });
    expect(cleared.json().lastName).toBeNull();
    expect(((await get(`/contacts/${lia}/profile`)).json() as ContactProfile).fields.location).toBeNull();
  });

  it('refuses bad values with a 400 naming the field', async () => {
    const cases: Array<[object, string]> = [
      [{ email: 'not-an-email' }, 'email'],
      [{ phone: '12' }, 'phone'],
      [{ phone: '1.55E+10' }, 'phone'],
      [{ timezone: 'Mars/Olympus' }, 'timezone'],
      [{ language: 'not a tag!' }, 'language'],
      [{ country: 'Brazil' }, 'country'],
      [{ firstName: 'x'.repeat(101) }, 'firstName'],
      [{ status: 'archived' }, '(root)'],
      [{}, '(root)'],
    ];
    for (const [payload, field] of cases) {
      const res = await patch(lia, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.issues[0].field, JSON.stringify(payload)).toBe(field);
    }
    expect((await patch('00000000-0000-4000-8000-000000000077', { firstName: 'x' })).statusCode).toBe(404);
  });
});
