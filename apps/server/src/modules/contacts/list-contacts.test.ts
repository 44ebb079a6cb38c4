import type { ContactFilter, ContactListItem } from '@parley/contracts';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAttributeValues, seedContact, seedContacts } from '../../testing/contacts';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { contacts } from './tables';

let t: TestApp;
let admin: string;
let ws: string;
const db = () => t.rt.deps.db;
const DAY = 86_400_000;
let now: Date;
const ago = (days: number) => new Date(now.getTime() - days * DAY);

const ids: Record<string, string> = {};

async function list(query: Record<string, string | number | object | undefined>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  return t.app.inject({ method: 'GET', url: `/api/v1/contacts?${params}`, headers: { cookie: admin } });
}

/** The first names (or channel names) of the contacts a query finds, sorted. */
async function names(query: Record<string, string | number | object | undefined>) {
  const res = await list({ limit: 100, ...query });
  expect(res.statusCode, res.body).toBe(200);
  const body = res.json() as { items: ContactListItem[]; total: number };
  return body.items.map((c) => c.firstName ?? c.channelName).sort();
}

/** GET /contacts/count for the same search, filter and segment. */
async function total(query: Record<string, string | object | undefined>): Promise<number> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, typeof v === 'object' ? JSON.stringify(v) : v);
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/contacts/count?${params}`, headers: { cookie: admin } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total;
}

const where = (...conditions: ContactFilter['conditions']) => ({ filter: { match: 'all', conditions } });
const whereAny = (...conditions: ContactFilter['conditions']) => ({ filter: { match: 'any', conditions } });

async function refused(query: Record<string, string | number | object | undefined>, field: string) {
  const res = await list(query);
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().error.issues[0].field).toBe(field);
  return res.json().error.issues[0].message as string;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
  now = t.clock.now();
  for (const def of [
    { key: 'city', label: 'City', type: 'text' },
    { key: 'orders', label: 'Orders', type: 'number' },
    { key: 'birthday', label: 'Birthday', type: 'date' },
    { key: 'vip', label: 'VIP', type: 'boolean' },
    { key: 'plan', label: 'Plan', type: 'list', options: ['Free', 'Pro'] },
  ]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/attributes', headers: { cookie: admin }, payload: def });
    expect(res.statusCode, res.body).toBe(201);
  }
  ids.ana = await seedContact(db(), ws, ago(10), {
    firstName: 'Ana',
    lastName: 'Silva',
    phone: '+5511987654321',
    email: 'ana@example.com',
    tags: ['vip', 'product a'],
    gender: 'female',
    language: 'pt-BR',
    country: 'BR',
    location: 'São Paulo',
    unresolvedQueries: 2,
    messagesFromCustomer: 10,
    sentimentSum: 3,
    sentimentCount: 2,
    sessionsCount: 3,
    lastActiveAt: ago(1),
  });
  ids.bruno = await seedContact(db(), ws, ago(50), {
    firstName: 'Bruno',
    lastName: 'Costa',
    phone: '+5521912345678',
    email: 'bruno@example.com',
    tags: ['product b'],
    source: 'import:Fair 2026',
    gender: 'male',
    language: 'pt-BR',
    country: 'BR',
    messagesFromCustomer: 3,
    sentimentSum: -2,
    sentimentCount: 1,
    lastActiveAt: ago(40),
  });
  ids.gabriela = await seedContact(db(), ws, ago(5), {
    firstName: 'Gabriela',
    lastName: 'Souza',
    phone: '+14155550100',
    email: 'gabi@example.org',
    source: 'api',
    gender: 'female',
    language: 'en',
    country: 'US',
    location: 'Austin',
    optedOutMarketing: true,
  });
  ids.evil = await seedContact(db(), ws, ago(3), {
    firstName: "O'Brien; DROP TABLE contacts;--",
    lastName: 'Evil',
    email: 'evil_100%@x.test',
  });
  ids.zed = await seedContact(db(), ws, ago(2), { firstName: 'Zed', lastName: 'Archived', status: 'archived', phone: '+5511900000000' });
  ids.wa = await seedContact(db(), ws, ago(20), { channelName: 'WA Person', phone: '+4915112345678' });
  await seedAttributeValues(
    db(),
    ws,
    ids.ana,
    { city: 'São Paulo', orders: 5, birthday: { date: '1990-04-02' }, vip: true, plan: 'Pro' },
    now,
  );
  await seedAttributeValues(db(), ws, ids.bruno, { city: 'Rio de Janeiro', orders: 1, plan: 'Free' }, now);
  await seedAttributeValues(db(), ws, ids.gabriela, { orders: 12.5, vip: false, birthday: { date: '2001-12-31' } }, now);
});
afterAll(() => t?.close());

describe('the contacts list', () => {
  it('lists active contacts, newest first, and counts them apart; archived ones are hidden by default', async () => {
    const res = await list({});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).not.toHaveProperty('total'); // a page never waits for the count
    expect(await total({})).toBe(5);
    expect(body.nextCursor).toBeNull();
    expect(body.items.map((c: ContactListItem) => c.id)).toEqual([ids.evil, ids.gabriela, ids.ana, ids.wa, ids.bruno]);
    expect(body.items.find((c: ContactListItem) => c.id === ids.ana)).toMatchObject({
      phone: '+5511987654321',
      tags: ['vip', 'product a'],
      unresolvedQueries: 2,
      averageSentiment: 1.5,
      sessions: 3,
      country: 'BR',
    });
  });

  it('searches names, email and phone, fuzzily', async () => {
    expect(await names({ q: 'ana' })).toEqual(['Ana']);
    expect(await names({ q: 'silva ana' })).toEqual(['Ana']);
    expect(await names({ q: 'gabriella' })).toEqual(['Gabriela']); // a typo still finds her
    expect(await names({ q: '(11) 98765-4321' })).toEqual(['Ana']);
    expect(await names({ q: '4321' })).toEqual(['Ana']);
    expect(await names({ q: 'bruno@example' })).toEqual(['Bruno']);
    // A whole address, in any case, by the email index; one nobody has is still searched as text.
    expect(await names({ q: 'Gabi@Example.org' })).toEqual(['Gabriela']);
    expect(await names({ q: 'gabi@example.or' })).toEqual(['Gabriela']);
    expect(await names({ q: 'wa person' })).toEqual(['WA Person']);
    expect(await names({ q: 'nobody-at-all' })).toEqual([]);
  });

  it('filters on standard fields, tags, source and status', async () => {
    expect(await names(where({ field: 'status', op: 'eq', value: 'archived' }))).toEqual(['Zed']);
    expect(await names(where({ field: 'status', op: 'in', value: ['active', 'archived'] }))).toHaveLength(6);
    expect(await names(where({ field: 'source', op: 'eq', value: 'IMPORT:FAIR 2026' }))).toEqual(['Bruno']);
    expect(await names(where({ field: 'source', op: 'contains', value: 'import' }))).toEqual(['Bruno']);
    expect(await names(where({ field: 'tags', op: 'contains', value: 'vip' }))).toEqual(['Ana']);
    expect(await names(where({ field: 'tags', op: 'in', value: ['product a', 'product b'] }))).toEqual(['Ana', 'Bruno']);
    expect(await names(where({ field: 'tags', op: 'neq', value: 'vip' }))).not.toContain('Ana');
    expect(await names(where({ field: 'tags', op: 'is_set' }))).toEqual(['Ana', 'Bruno']);
    expect(await names(where({ field: 'gender', op: 'eq', value: 'female' }, { field: 'country', op: 'eq', value: 'br' }))).toEqual([
      'Ana',
    ]);
    expect(
      await names(whereAny({ field: 'location', op: 'eq', value: 'austin' }, { field: 'language', op: 'eq', value: 'pt-br' })),
    ).toEqual(['Ana', 'Bruno', 'Gabriela']);
    expect(await names(where({ field: 'language', op: 'in', value: ['EN', 'de'] }))).toEqual(['Gabriela']);
    expect(await names(where({ field: 'location', op: 'is_not_set' }))).toEqual(
      ["O'Brien; DROP TABLE contacts;--", 'Bruno', 'WA Person'].sort(),
    );
    expect(await names(where({ field: 'optedOut', op: 'eq', value: true }))).toEqual(['Gabriela']);
    expect(await names(where({ field: 'email', op: 'neq', value: 'ANA@example.com' }))).not.toContain('Ana');
    // LIKE wildcards in a value are taken literally.
    expect(await names(where({ field: 'email', op: 'contains', value: '_100%' }))).toEqual(["O'Brien; DROP TABLE contacts;--"]);
    expect(await names(where({ field: 'email', op: 'contains', value: '%' }))).toEqual(["O'Brien; DROP TABLE contacts;--"]);
  });

  it('filters on dates, absolute and relative', async () => {
    expect(await names(where({ field: 'createdAt', op: 'between', value: [ago(12).toISOString(), ago(4).toISOString()] }))).toEqual([
      'Ana',
      'Gabriela',
    ]);
    expect(await names(where({ field: 'createdAt', op: 'lt', value: '-30d' }))).toEqual(['Bruno']);
    expect(await names(where({ field: 'lastActiveAt', op: 'gte', value: '-7d' }))).toEqual(['Ana']);
    expect(await names(where({ field: 'lastActiveAt', op: 'is_not_set' }))).toHaveLength(3);
  });

  it('filters on statistics', async () => {
    expect(await names(where({ field: 'unresolvedQueries', op: 'gt', value: 0 }))).toEqual(['Ana']);
    expect(await names(where({ field: 'messagesFromCustomer', op: 'between', value: [1, 5] }))).toEqual(['Bruno']);
    expect(await names(where({ field: 'messagesFromCustomer', op: 'gte', value: 2.5 }))).toEqual(['Ana', 'Bruno']);
    expect(await names(where({ field: 'averageSentiment', op: 'lt', value: 0 }))).toEqual(['Bruno']);
    expect(await names(where({ field: 'averageSentiment', op: 'is_set' }))).toEqual(['Ana', 'Bruno']);
    expect(await names(where({ field: 'sessions', op: 'in', value: [3, 4] }))).toEqual(['Ana']);
  });

  it('filters on custom attributes with typed comparisons', async () => {
    expect(await names(where({ field: 'attr.city', op: 'eq', value: 'são paulo' }))).toEqual(['Ana']);
    expect(await names(where({ field: 'attr.city', op: 'contains', value: 'jan' }))).toEqual(['Bruno']);
    expect(await names(where({ field: 'attr.orders', op: 'gte', value: 5 }))).toEqual(['Ana', 'Gabriela']);
    // "is not 1" includes the contacts without the attribute.
    expect(await names(where({ field: 'attr.orders', op: 'neq', value: 1 }))).not.toContain('Bruno');
    expect(await names(where({ field: 'attr.orders', op: 'neq', value: 1 }))).toHaveLength(4);
    expect(await names(where({ field: 'attr.birthday', op: 'lt', value: '2000-01-01' }))).toEqual(['Ana']);
    expect(await names(where({ field: 'attr.birthday', op: 'between', value: ['2001-12-31', '2001-01-01'] }))).toEqual(['Gabriela']);
    expect(await names(where({ field: 'attr.vip', op: 'eq', value: false }))).toEqual(['Gabriela']);
    expect(await names(where({ field: 'attr.plan', op: 'in', value: ['Pro'] }))).toEqual(['Ana']);
    expect(await names(where({ field: 'attr.plan', op: 'is_not_set' }))).toHaveLength(3);
    expect(await names(where({ field: 'attr.plan', op: 'is_set' }, { field: 'tags', op: 'contains', value: 'product b' }))).toEqual([
      'Bruno',
    ]);
  });

  it('sorts by an allow-listed key', async () => {
    const res = await list({ sort: 'name', order: 'asc' });
    expect(res.json().items.map((c: ContactListItem) => c.firstName ?? c.channelName)).toEqual([
      'Ana',
      'Bruno',
      'Gabriela',
      "O'Brien; DROP TABLE contacts;--",
      'WA Person',
    ]);
    const byActivity = await list({ sort: 'lastActiveAt', order: 'desc' });
    expect(
      byActivity
        .json()
        .items.slice(0, 2)
        .map((c: ContactListItem) => c.firstName),
    ).toEqual(['Ana', 'Bruno']);
    expect((await list({ sort: 'unresolvedQueries', order: 'desc' })).json().items[0].firstName).toBe('Ana');
  });
});

describe('keyset pages', () => {
  it('walks every contact once, ties broken by id, stable while contacts are added', async () => {
    // 25 contacts created at the same instant: only the id orders them.
    const tied = await seedContacts(
      db(),
      ws,
      ago(30),
      Array.from({ length: 25 }, (_, i) => ({ firstName: `Bulk ${String(i).padStart(2, '0')}`, tags: ['bulk'] })),
    );
    const filter = where({ field: 'tags', op: 'contains', value: 'bulk' }).filter;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list({ filter, limit: 10, cursor });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      seen.push(...body.items.map((c: ContactListItem) => c.id));
      cursor = body.nextCursor ?? undefined;
      if (pages++ === 0) {
        // A newer contact arrives after the first page: it belongs before the cursor, so later pages neither
        // repeat nor skip anyone.
        await seedContact(db(), ws, now, { firstName: 'Late', tags: ['bulk'] });
      }
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.sort()).toEqual([...tied].sort());
    expect(await total({ filter })).toBe(26);
  });

  it('pages sorted by name (text cursor) and by last activity (never-active last)', async () => {
    for (const sort of ['name', 'lastActiveAt', 'messagesFromCustomer'] as const) {
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const body = (await list({ sort, order: 'asc', limit: 10, cursor })).json();
        all.push(...body.items.map((c: ContactListItem) => c.id));
        cursor = body.nextCursor ?? undefined;
      } while (cursor);
      const [{ n }] = (await db().select({ n: count() }).from(contacts)) as [{ n: number }];
      expect(new Set(all).size, sort).toBe(n - 1); // every contact but the archived one
    }
  });
});

describe('bad requests', () => {
  it('refuses a page size outside 10–100, an unknown sort, a bad cursor', async () => {
    expect(await refused({ limit: 9 }, 'query.limit')).toBeTruthy();
    expect(await refused({ limit: 101 }, 'query.limit')).toBeTruthy();
    expect(await refused({ sort: 'password' }, 'query.sort')).toBeTruthy();
    expect(await refused({ cursor: 'not-a-cursor' }, 'query.cursor')).toMatch(/not a cursor/);
    const forged = Buffer.from(JSON.stringify(['createdAt', 'desc', "2026-01-01'; drop table contacts; --", ids.ana])).toString(
      'base64url',
    );
    expect(await refused({ cursor: forged }, 'query.cursor')).toMatch(/not a cursor/);
    const first = (await list({ limit: 10, sort: 'name' })).json().nextCursor as string;
    expect(await refused({ limit: 10, sort: 'createdAt', cursor: first }, 'query.cursor')).toMatch(/another sort/);
    expect(await refused({ limit: 10, sort: 'name', q: 'bulk', cursor: first }, 'query.cursor')).toMatch(/another search/);
  });

  it('names the part of a filter that is wrong', async () => {
    expect(await refused({ filter: '{not json' }, 'query.filter')).toMatch(/JSON/);
    const count = await t.app.inject({ method: 'GET', url: '/api/v1/contacts/count?filter=%7Bnot%20json', headers: { cookie: admin } });
    expect(count.statusCode).toBe(400);
    expect(count.json().error.issues[0].field).toBe('query.filter');
    expect(await refused({ filter: { match: 'some', conditions: [] } }, 'query.filter.match')).toBeTruthy();
    expect(await refused(where({ field: 'password', op: 'eq', value: 'x' }), 'query.filter.conditions.0.field')).toMatch(/unknown field/);
    expect(await refused(where({ field: 'constructor', op: 'eq', value: 'x' }), 'query.filter.conditions.0.field')).toBeTruthy();
    expect(await refused(where({ field: '__proto__', op: 'eq', value: 'x' }), 'query.filter.conditions.0.field')).toBeTruthy();
    expect(await refused(where({ field: 'attr.nope', op: 'eq', value: 'x' }), 'query.filter.conditions.0.field')).toMatch(
      /not a defined attribute/,
    );
    expect(
      await refused(
        where({ field: 'status', op: 'eq', value: 'active' }, { field: 'tags', op: 'gt', value: 'x' }),
        'query.filter.conditions.1.op',
      ),
    ).toMatch(/contains, neq, in/);
    expect(await refused(where({ field: 'firstName', op: 'regex' as never, value: '.*' }), 'query.filter.conditions.0.op')).toBeTruthy();
    expect(await refused(where({ field: 'unresolvedQueries', op: 'gt', value: '1 or 1=1' }), 'query.filter.conditions.0.value')).toMatch(
      /number/,
    );
    expect(await refused(where({ field: 'createdAt', op: 'gt', value: 'yesterday' }), 'query.filter.conditions.0.value')).toBeTruthy();
    expect(await refused(where({ field: 'attr.plan', op: 'eq', value: 'Gold' }), 'query.filter.conditions.0.value')).toMatch(/Free, Pro/);
    expect(await refused(where({ field: 'attr.birthday', op: 'eq', value: '2001-02-30' }), 'query.filter.conditions.0.value')).toBeTruthy();
    expect(await refused(where({ field: 'status', op: 'is_set' }), 'query.filter.conditions.0.op')).toBeTruthy();
    expect(await refused(where({ field: 'email', op: 'is_set', value: 'x' }), 'query.filter.conditions.0.value')).toMatch(/no value/);
    expect(await refused(where({ field: 'tags', op: 'in', value: [] }), 'query.filter.conditions.0.value')).toBeTruthy();
    expect(await refused({ segment: '00000000-0000-4000-8000-000000000000' }, 'query.segment')).toBeTruthy();
  });

  it('treats SQL in values and searches as plain text', async () => {
    for (const value of ["x'); drop table contacts; --", "' or '1'='1", "\\'; select pg_sleep(5); --"]) {
      expect(await names(where({ field: 'firstName', op: 'eq', value }))).toEqual([]);
      expect(await names(where({ field: 'attr.city', op: 'in', value: [value] }))).toEqual([]);
      expect((await list({ q: value })).statusCode).toBe(200);
    }
    expect(await names(where({ field: 'firstName', op: 'eq', value: "O'Brien; DROP TABLE contacts;--" }))).toEqual([
      "O'Brien; DROP TABLE contacts;--",
    ]);
    const [{ n }] = (await db().select({ n: count() }).from(contacts)) as [{ n: number }];
    expect(n).toBeGreaterThan(25);
  });
});
