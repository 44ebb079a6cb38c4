import type { AdminListItem, AdminListPage } from '@parley/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConversation, seedIdentity, seedMessage } from '../../testing/admin-views';
import { createStaff, type Staff } from '../../testing/routing';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { countLists } from './count-lists';

let t: TestApp;
let admin: string;
let ws: string;
let now: Date;
let alice: Staff;
let bob: Staff;
let support: string;
const id: Record<string, string> = {};
const db = () => t.rt.deps.db;
const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000);

const get = (url: string, cookie = admin) => t.app.inject({ method: 'GET', url: `/api/v1/admin/conversations${url}`, headers: { cookie } });

async function page(url: string): Promise<AdminListPage> {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AdminListPage;
}

/** Every row of a list, following the cursors. */
async function all(list: string, query = '', pageSize = 10): Promise<AdminListItem[]> {
  const items: AdminListItem[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = query ? '&' : '';
    const p = await page(`/${list}?pageSize=${pageSize}${sep}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...p.items);
    cursor = p.nextCursor;
    if (!cursor) break;
  }
  return items;
}

const names = (items: AdminListItem[]) => items.map((i) => i.contactName);

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  now = t.clock.now();
  ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
  alice = await createStaff(t, admin, 'Alice Agent');
  bob = await createStaff(t, admin, 'Bob Agent');
  const s = await t.app.inject({ method: 'POST', url: '/api/v1/skillsets', headers: { cookie: admin }, payload: { name: 'Support' } });
  expect(s.statusCode, s.body).toBe(201);
  support = s.json().id;

  const seed = async (key: string, c: Parameters<typeof seedConversation>[3]) => {
    const r = await seedConversation(db(), ws, c.openedAt ?? ago(600), c, { firstName: key });
    id[key] = r.conversationId;
    id[`${key}.contact`] = r.contactId;
    return r;
  };
  // Unmanaged: the bot's, window open / closed; ended with the bot; an outbound-only one (no customer: not listed).
  await seed('U-open', { state: 'bot', lastCustomerMessageAt: ago(60), lastCustomerText: 'hello <b>bot</b>' });
  await seed('U-expired', { state: 'bot', lastCustomerMessageAt: ago(30 * 60), lastCustomerText: 'anyone?' });
  await seed('U-ended', {
    state: 'closed',
    lastCustomerMessageAt: ago(120),
    lastCustomerText: '1',
    closedAt: ago(90),
    closedReason: 'Idle',
    closedBy: 'system',
  });
  await seed('Outbound-only', { state: 'closed', closedAt: ago(5), closedReason: 'Outbound template', closedBy: 'system' });
  await seed('Bot-after-agent', { state: 'bot', hadAgent: true, lastCustomerMessageAt: ago(10) });
  // Waiting: general queue, Support's queue, one reserved for Bob.
  await seed('W-general', { state: 'waiting', waitingSince: ago(10), lastCustomerMessageAt: ago(11), lastCustomerText: 'help' });
  await seed('W-support', { state: 'waiting', waitingSkillsetId: support, waitingSince: ago(20), lastCustomerMessageAt: ago(21) });
  await seed('W-reserved', {
    state: 'waiting',
    waitingSince: ago(5),
    reservedForUserId: bob.userId,
    reservationExpiresAt: ago(-5),
    hadAgent: true,
    lastCustomerMessageAt: ago(30),
  });
  // Active.
  await seed('A-alice', {
    state: 'assigned',
    assigneeId: alice.userId,
    assignedAt: ago(15),
    hadAgent: true,
    lastCustomerMessageAt: ago(1),
    lastCustomerText: 'thanks',
  });
  await seed('A-bob', { state: 'assigned', assigneeId: bob.userId, assignedAt: ago(40), hadAgent: true, lastCustomerMessageAt: ago(3) });
  // History: closed after an agent, on different days.
  const day = (iso: string) => new Date(iso);
  await seed('H-alice-jan', {
    state: 'closed',
    hadAgent: true,
    assigneeId: alice.userId,
    assignedAt: day('2026-01-10T09:00:00Z'),
    closedAt: day('2026-01-10T10:00:00Z'),
    closedReason: 'Solved',
    pricingCategory: 'service',
    openedAt: day('2026-01-10T08:00:00Z'),
    lastCustomerMessageAt: day('2026-01-10T09:30:00Z'),
  });
  await seed('H-bob-feb', {
    state: 'closed',
    hadAgent: true,
    assigneeId: bob.userId,
    closedAt: day('2026-02-01T23:59:59Z'),
    closedReason: 'No answer',
    pricingCategory: 'marketing',
    openedAt: day('2026-02-01T08:00:00Z'),
  });
  await seed('H-alice-feb', {
    state: 'closed',
    hadAgent: true,
    assigneeId: alice.userId,
    closedAt: day('2026-02-02T00:00:00Z'),
    closedReason: 'Solved',
    openedAt: day('2026-02-01T12:00:00Z'),
  });

  // Templates: Alice's unanswered one, Bob's answered one, the API's unanswered one, a campaign's (system: not listed).
  const tpl = (name: string) => ({ isTemplate: true, type: 'template', content: { name }, text: `Hi from ${name}` });
  const ha = { conversationId: id['H-alice-feb']!, contactId: id['H-alice-feb.contact']! };
  await seedIdentity(db(), ws, ha.contactId, ago(3000), ago(3000));
  id['T-alice'] = await seedMessage(db(), ws, ha, {
    direction: 'out',
    senderType: 'agent',
    senderUserId: alice.userId,
    createdAt: ago(50),
    sentAt: ago(50),
    deliveredAt: ago(49),
    status: 'delivered',
    ...tpl('order_update'),
  });
  const hb = { conversationId: id['H-bob-feb']!, contactId: id['H-bob-feb.contact']! };
  await seedIdentity(db(), ws, hb.contactId, ago(30), ago(3000)); // replied after the template
  id['T-bob'] = await seedMessage(db(), ws, hb, {
    direction: 'out',
    senderType: 'agent',
    senderUserId: bob.userId,
    createdAt: ago(45),
    ...tpl('follow_up'),
  });
  const ob = { conversationId: id['Outbound-only']!, contactId: id['Outbound-only.contact']! };
  id['T-api'] = await seedMessage(db(), ws, ob, { direction: 'out', senderType: 'api', createdAt: ago(5), ...tpl('welcome') });
  await seedMessage(db(), ws, ob, { direction: 'out', senderType: 'system', createdAt: ago(4), ...tpl('campaign') });
});
afterAll(() => t?.close());

describe('admin lists: membership', () => {
  it('unmanaged: conversations no agent took part in that a customer started; active while the window is open', async () => {
    const items = await all('unmanaged');
    expect(names(items)).toEqual(['U-open', 'U-ended', 'U-expired']); // last customer message, newest first
    const by = Object.fromEntries(items.map((i) => [i.contactName, i]));
    expect(by['U-open']).toMatchObject({ status: 'active', state: 'bot', lastCustomerText: 'hello <b>bot</b>' });
    expect(by['U-expired']!.status).toBe('closed');
    expect(by['U-ended']).toMatchObject({ status: 'closed', state: 'closed', closedReason: 'Idle' });
    expect(by['U-open']!.contactPhone).toMatch(/^\+5511900/);
    expect(names(await all('unmanaged', 'status=active'))).toEqual(['U-open']);
    expect(names(await all('unmanaged', 'status=closed'))).toEqual(['U-ended', 'U-expired']);
  });

  it('unmanaged: the window closing moves a row from active to closed', async () => {
    t.clock.advance(23 * 3_600_000);
    try {
      // (A fresh sign-in: the session would idle out over 23 hours.)
      const later = await t.login();
      const res = await get('/unmanaged?status=active', later);
      expect(res.json().items).toEqual([]);
      expect((await get('/unmanaged?status=closed', later)).json().items.map((i: AdminListItem) => i.contactName)).toEqual([
        'U-open',
        'U-ended',
        'U-expired',
      ]);
    } finally {
      t.clock.set(now);
    }
    expect(names(await all('unmanaged', 'status=active'))).toEqual(['U-open']);
  });

  it('waiting: the queue (skillset or general), since when, oldest first; filter by queue', async () => {
    const items = await all('waiting');
    expect(names(items)).toEqual(['W-support', 'W-general', 'W-reserved']);
    const by = Object.fromEntries(items.map((i) => [i.contactName, i]));
    expect(by['W-support']).toMatchObject({ skillsetId: support, skillsetName: 'Support', status: 'waiting' });
    expect(by['W-general']).toMatchObject({ skillsetId: null, skillsetName: null, lastCustomerText: 'help' });
    expect(by['W-general']!.waitingSince).toBe(ago(10).toISOString());
    expect(by['W-reserved']).toMatchObject({ status: 'reserved', reservedForUserId: bob.userId });
    expect(names(await all('waiting', `skillsetId=${support}`))).toEqual(['W-support']);
    expect(names(await all('waiting', 'skillsetId=general'))).toEqual(['W-general', 'W-reserved']);
    expect(names(await all('waiting', 'sort=lastCustomerMessageAt&order=desc'))).toEqual(['W-general', 'W-support', 'W-reserved']);
  });

  it('active: the agent, the start and the last customer message; filter by agent', async () => {
    const items = await all('active');
    expect(names(items)).toEqual(['A-alice', 'A-bob']);
    expect(items[0]).toMatchObject({
      agentId: alice.userId,
      agentName: 'Alice Agent',
      assignedAt: ago(15).toISOString(),
      lastCustomerMessageAt: ago(1).toISOString(),
      lastCustomerText: 'thanks',
      status: 'assigned',
    });
    expect(names(await all('active', `agentId=${bob.userId}`))).toEqual(['A-bob']);
    expect(names(await all('active', 'sort=lastCustomerMessageAt&order=asc'))).toEqual(['A-bob', 'A-alice']);
  });

  it('history: closed after an agent; closed at, reason, pricing category; by agent and by dates, either end optional', async () => {
    const items = await all('history');
    expect(names(items)).toEqual(['H-alice-feb', 'H-bob-feb', 'H-alice-jan']);
    expect(items[2]).toMatchObject({
      agentName: 'Alice Agent',
      closedAt: '2026-01-10T10:00:00.000Z',
      closedReason: 'Solved',
      pricingCategory: 'service',
      status: 'closed',
    });
    expect(names(await all('history', `agentId=${alice.userId}`))).toEqual(['H-alice-feb', 'H-alice-jan']);
    expect(names(await all('history', 'from=2026-02-01'))).toEqual(['H-alice-feb', 'H-bob-feb']);
    // A date as `to` covers the whole day; an instant is exclusive.
    expect(names(await all('history', 'to=2026-02-01'))).toEqual(['H-bob-feb', 'H-alice-jan']);
    expect(names(await all('history', 'to=2026-02-01T23:59:59Z'))).toEqual(['H-alice-jan']);
    expect(names(await all('history', `from=2026-01-01&to=2026-01-31&agentId=${alice.userId}`))).toEqual(['H-alice-jan']);
    expect(names(await all('history', 'from=2026-02-01T12:00:00%2B02:00&order=asc'))).toEqual(['H-bob-feb', 'H-alice-feb']);
  });

  it('templates sent: by agents or the API, not answered yet, with sent / delivered / read; a reply removes it', async () => {
    const items = await all('templates-sent');
    expect(items.map((i) => i.id)).toEqual([id['T-api'], id['T-alice']]);
    expect(items[1]).toMatchObject({
      conversationId: id['H-alice-feb'],
      agentName: 'Alice Agent',
      template: {
        name: 'order_update',
        text: 'Hi from order_update',
        status: 'delivered',
        sentAt: ago(50).toISOString(),
        deliveredAt: ago(49).toISOString(),
        readAt: null,
      },
    });
    expect((await all('templates-sent', `agentId=${alice.userId}`)).map((i) => i.id)).toEqual([id['T-alice']]);
    // Alice's customer answers (on any conversation of that channel): the template leaves the list.
    await seedIdentity(db(), ws, id['H-alice-feb.contact']!, ago(1), ago(3000));
    try {
      expect((await all('templates-sent')).map((i) => i.id)).toEqual([id['T-api']]);
    } finally {
      await seedIdentity(db(), ws, id['H-alice-feb.contact']!, ago(3000), ago(3000));
    }
  });

  it('counts per list', async () => {
    const res = await get('/counts');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      cap: 10_000,
      unmanaged: { active: 1, closed: 2, total: 3, capped: false },
      waiting: { total: 3, generalQueue: 2, reserved: 1 },
      active: { total: 2 },
      history: { total: 3, capped: false },
      templatesSent: { total: 2, capped: false },
    });
    // The growing lists stop counting at the cap and say so.
    const small = await countLists(t.rt.deps, ws, 2);
    expect(small).toMatchObject({
      cap: 2,
      unmanaged: { active: 1, total: 2, capped: true },
      history: { total: 2, capped: true },
      templatesSent: { total: 2, capped: false },
      waiting: { total: 3 },
    });
  });
});

describe('admin lists: pages, sort and bad input', () => {
  it('keyset pages: every row once, in order, both directions, the same as one big page', async () => {
    // 25 more history rows with ties on closed at (the id breaks them).
    for (let i = 0; i < 25; i++) {
      await seedConversation(
        db(),
        ws,
        ago(900),
        { state: 'closed', hadAgent: true, assigneeId: bob.userId, closedAt: ago(100 + (i % 5)), closedReason: 'Solved' },
        { firstName: `Page ${i}` },
      );
    }
    const small = await all('history', '', 10);
    const big = await all('history', '', 100);
    expect(small).toHaveLength(28);
    expect(small.map((i) => i.id)).toEqual(big.map((i) => i.id));
    expect(new Set(small.map((i) => i.id)).size).toBe(28);
    const closed = small.map((i) => i.closedAt!);
    expect([...closed].sort().reverse()).toEqual(closed);
    const asc = await all('history', 'order=asc', 10);
    expect(asc.map((i) => i.id)).toEqual([...big.map((i) => i.id)].reverse());
    const first = await page('/history?pageSize=10');
    expect(first.items).toHaveLength(10);
    expect(first.nextCursor).not.toBeNull();
  });

  it('400s: page size outside 10–100, unknown sort, bad dates, filters of another list, foreign cursors', async () => {
    const bad = async (url: string, field: string) => {
      const res = await get(url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(400);
      expect(JSON.stringify(res.json().error.issues ?? res.json().error.message)).toContain(field);
    };
    await bad('/active?pageSize=9', 'pageSize');
    await bad('/active?pageSize=101', 'pageSize');
    await bad('/active?pageSize=ten', 'pageSize');
    await bad('/history?sort=contactName', 'sort');
    await bad('/unmanaged?sort=closedAt', 'sort');
    await bad('/history?from=yesterday', 'from');
    await bad('/history?to=2026-02-30', 'to');
    await bad('/history?from=2026-02-02&to=2026-02-01', 'to');
    await bad('/history?order=up', 'order');
    await bad('/unmanaged?agentId=' + alice.userId, 'agentId');
    await bad('/waiting?status=active', 'status');
    await bad('/waiting?skillsetId=nope', 'skillsetId');
    await bad('/history?cursor=garbage', 'cursor');
    const p = await page('/history?pageSize=10');
    await bad(`/history?pageSize=10&order=asc&cursor=${p.nextCursor}`, 'cursor');
    await bad(`/history?pageSize=10&agentId=${bob.userId}&cursor=${p.nextCursor}`, 'cursor');
    await bad(`/unmanaged?pageSize=10&cursor=${p.nextCursor}`, 'cursor');
    expect((await get('/history.xlsx?sort=nope')).statusCode).toBe(400);
    expect((await get('/nonsense')).statusCode).toBe(404);
  });

  it('admins and supervisors only', async () => {
    const sup = await createStaff(t, admin, 'Sue Supervisor', 'supervisor');
    expect((await get('/active', alice.cookie)).statusCode).toBe(403);
    expect((await get('/counts', alice.cookie)).statusCode).toBe(403);
    expect((await get(`/${id['A-alice']}/info`, alice.cookie)).statusCode).toBe(403);
    expect((await get('/active', sup.cookie)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/admin/conversations/active' })).statusCode).toBe(401);
  });
});
