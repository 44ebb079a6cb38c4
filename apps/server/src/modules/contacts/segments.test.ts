import type { ContactListItem } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAttributeValues, seedContact, seedContacts } from '../../testing/contacts';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { auditLog } from '../identity/tables';
import { segmentAudience } from '.';

let t: TestApp;
let admin: string;
let ws: string;
const db = () => t.rt.deps.db;
const ids: Record<string, string> = {};

const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });

const countOf = async (id: string) => {
  const res = await call('GET', `/segments/${id}/count`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().count as number;
};

const listed = async (query: string) => {
  const res = await call('GET', `/contacts?limit=100&${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as ContactListItem[]).map((c) => c.firstName).sort();
};

const cityIs = (city: string) => ({ match: 'all', conditions: [{ field: 'attr.city', op: 'eq', value: city }] });

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await call('GET', '/workspace')).json().id;
  for (const def of [
    { key: 'city', label: 'City', type: 'text' },
    { key: 'orders', label: 'Orders', type: 'number' },
  ]) {
    expect((await call('POST', '/attributes', def)).statusCode).toBe(201);
  }
  const at = t.clock.now();
  ids.ana = await seedContact(db(), ws, at, { firstName: 'Ana', tags: ['vip'] });
  ids.bia = await seedContact(db(), ws, at, { firstName: 'Bia', tags: ['vip'] });
  ids.caio = await seedContact(db(), ws, at, { firstName: 'Caio' });
  ids.old = await seedContact(db(), ws, at, { firstName: 'Olga', status: 'archived', tags: ['vip'] });
  await seedAttributeValues(db(), ws, ids.ana, { city: 'Rome', orders: 3 }, at);
  await seedAttributeValues(db(), ws, ids.bia, { city: 'rome', orders: 1 }, at);
  await seedAttributeValues(db(), ws, ids.old, { city: 'Rome' }, at);
});
afterAll(() => t?.close());

describe('dynamic segments', () => {
  let romans: string;

  it('are saved, listed, counted live and opened as a filtered list', async () => {
    const res = await call('POST', '/segments', {
      kind: 'dynamic',
      name: 'Romans',
      description: 'Customers in Rome',
      definition: cityIs('Rome'),
    });
    expect(res.statusCode, res.body).toBe(201);
    romans = res.json().id;
    expect(res.json()).toMatchObject({ name: 'Romans', kind: 'dynamic', members: null, definition: cityIs('Rome') });
    expect((await call('GET', '/segments')).json().items.map((s: { name: string }) => s.name)).toContain('Romans');
    // Archived Olga is in Rome too, but archived contacts are left out.
    expect(await countOf(romans)).toBe(2);
    expect(await listed(`segment=${romans}`)).toEqual(['Ana', 'Bia']);
    expect(await listed(`segment=${romans}&q=ana`)).toEqual(['Ana']);
    // Live: a new Roman counts at once.
    const dan = await seedContact(db(), ws, t.clock.now(), { firstName: 'Dan' });
    await seedAttributeValues(db(), ws, dan, { city: 'ROME' }, t.clock.now());
    expect(await countOf(romans)).toBe(3);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws), eq(auditLog.action, 'segment.created')));
    expect(audit).toHaveLength(1);
  });

  it('refuse a taken name, unknown fields, operators and attributes at save, naming the field', async () => {
    const taken = await call('POST', '/segments', { kind: 'dynamic', name: 'romans', definition: cityIs('x') });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.issues[0].field).toBe('name');
    const cases: Array<[object, string]> = [
      [{ match: 'all', conditions: [{ field: 'attr.shoe_size', op: 'eq', value: 'x' }] }, 'definition.conditions.0.field'],
      [
        {
          match: 'all',
          conditions: [
            { field: 'tags', op: 'contains', value: 'a' },
            { field: 'secret', op: 'eq', value: 1 },
          ],
        },
        'definition.conditions.1.field',
      ],
      [{ match: 'all', conditions: [{ field: 'attr.orders', op: 'contains', value: 'x' }] }, 'definition.conditions.0.op'],
      [{ match: 'all', conditions: [{ field: 'attr.orders', op: 'gt', value: 'lots' }] }, 'definition.conditions.0.value'],
    ];
    for (const [definition, field] of cases) {
      const res = await call('POST', '/segments', { kind: 'dynamic', name: `Bad ${field}`, definition });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.issues[0].field).toBe(field);
    }
    const zodRefusal = await call('POST', '/segments', {
      kind: 'dynamic',
      name: 'x',
      definition: { match: 'all', conditions: [{ field: 'tags', op: 'like' }] },
    });
    expect(zodRefusal.statusCode).toBe(400);
    expect(zodRefusal.json().error.issues[0].field).toBe('definition.conditions.0.op');
  });

  it('match nothing, rather than fail, once an attribute they use is deleted', async () => {
    const orders = await call('POST', '/segments', {
      kind: 'dynamic',
      name: 'Big buyers or VIP',
      definition: {
        match: 'any',
        conditions: [
          { field: 'attr.orders', op: 'gte', value: 2 },
          { field: 'attr.orders', op: 'neq', value: 2 },
        ],
      },
    });
    expect(orders.statusCode, orders.body).toBe(201);
    const id = orders.json().id;
    expect(await countOf(id)).toBe(4);
    expect((await call('DELETE', '/attributes/orders')).statusCode).toBe(204);
    expect(await countOf(id)).toBe(0);
    expect(await listed(`segment=${id}`)).toEqual([]);
    // …and an attribute re-created with another type does not revive the old condition's meaning.
    expect((await call('POST', '/attributes', { key: 'orders', label: 'Orders', type: 'text' })).statusCode).toBe(201);
    expect(await countOf(id)).toBe(0);
    const pages: string[][] = [];
    for await (const page of segmentAudience(db(), ws, id, { now: t.clock.now() })) pages.push(page);
    expect(pages).toEqual([]);
  });

  it('are edited (name, description, conditions) and deleted', async () => {
    const created = (await call('POST', '/segments', { kind: 'dynamic', name: 'Temp', definition: cityIs('Rome') })).json();
    const renamed = await call('PATCH', `/segments/${created.id}`, {
      name: 'VIPs',
      description: 'Tagged vip',
      definition: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: 'vip' }] },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'VIPs', description: 'Tagged vip' });
    expect(await countOf(created.id)).toBe(2);
    const bad = await call('PATCH', `/segments/${created.id}`, {
      definition: { match: 'all', conditions: [{ field: 'attr.nope', op: 'is_set' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('definition.conditions.0.field');
    expect((await call('PATCH', `/segments/${created.id}`, { name: 'Romans' })).statusCode).toBe(409);
    expect((await call('DELETE', `/segments/${created.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/segments/${created.id}`)).statusCode).toBe(404);
    expect((await call('GET', `/segments/${created.id}/count`)).statusCode).toBe(404);
    expect((await call('GET', `/contacts?segment=${created.id}`)).statusCode).toBe(400);
  });

  it('show archived contacts only when their conditions name a status', async () => {
    const res = await call('POST', '/segments', {
      kind: 'dynamic',
      name: 'Archived VIPs',
      definition: {
        match: 'all',
        conditions: [
          { field: 'status', op: 'eq', value: 'archived' },
          { field: 'tags', op: 'contains', value: 'vip' },
        ],
      },
    });
    expect(await countOf(res.json().id)).toBe(1);
    expect(await listed(`segment=${res.json().id}`)).toEqual(['Olga']);
    // …but a campaign audience never holds an archived contact.
    const pages: string[][] = [];
    for await (const page of segmentAudience(db(), ws, res.json().id, { now: t.clock.now() })) pages.push(page);
    expect(pages).toEqual([]);
  });
});

describe('static segments', () => {
  it('hold the contacts picked by id, and only those of this workspace', async () => {
    const res = await call('POST', '/segments', {
      kind: 'static',
      name: 'Picked',
      contactIds: [ids.ana, ids.caio, '00000000-0000-4000-8000-000000000000'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ kind: 'static', definition: null, members: 2 });
    expect(await countOf(res.json().id)).toBe(2);
    expect(await listed(`segment=${res.json().id}`)).toEqual(['Ana', 'Caio']);
    const patched = await call('PATCH', `/segments/${res.json().id}`, { definition: cityIs('Rome') });
    expect(patched.statusCode).toBe(400);
    expect(patched.json().error.issues[0].field).toBe('definition');
  });

  it('freeze "all N matching" a filter when made', async () => {
    const res = await call('POST', '/segments', {
      kind: 'static',
      name: 'VIPs on launch day',
      allMatching: { filter: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: 'vip' }] } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().members).toBe(2);
    await seedContact(db(), ws, t.clock.now(), { firstName: 'Later', tags: ['vip'] });
    expect(await countOf(res.json().id)).toBe(2);
    const bad = await call('POST', '/segments', {
      kind: 'static',
      name: 'Bad',
      allMatching: { filter: { match: 'all', conditions: [{ field: 'nope', op: 'eq', value: 1 }] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('allMatching.filter.conditions.0.field');
    const neither = await call('POST', '/segments', { kind: 'static', name: 'Empty' });
    expect(neither.statusCode).toBe(400);
  });
});

describe('segmentAudience (campaigns)', () => {
  it('yields every active member once, in keyset pages', async () => {
    const many = await seedContacts(
      db(),
      ws,
      t.clock.now(),
      Array.from({ length: 23 }, (_, i) => ({ firstName: `Fan ${i}`, tags: ['fan'] })),
    );
    await seedContact(db(), ws, t.clock.now(), { firstName: 'Gone fan', tags: ['fan'], status: 'archived' });
    const seg = (
      await call('POST', '/segments', {
        kind: 'dynamic',
        name: 'Fans',
        definition: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: 'fan' }] },
      })
    ).json();
    const pages: string[][] = [];
    for await (const page of segmentAudience(db(), ws, seg.id, { now: t.clock.now(), pageSize: 10 })) pages.push(page);
    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    expect(pages.flat().sort()).toEqual([...many].sort());
    await expect(segmentAudience(db(), ws, '00000000-0000-4000-8000-000000000000').next()).rejects.toThrow(/not found/);
  });
});
