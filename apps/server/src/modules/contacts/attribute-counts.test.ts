// Counts of selections made of custom attributes come from the attribute rows alone (countSelection). They must
// agree with the general count (a pass over the contacts) and with the fixture, archived contacts left out.
import type { ContactFilter, ContactSelection } from '@parley/contracts';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAttributeValues, seedContacts } from '../../testing/contacts';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { attributeRowsCount, countSelection, selectionWhere } from './contact-selection';
import { contacts } from './tables';

let t: TestApp;
let admin: string;
let ws: string;
const db = () => t.rt.deps.db;

interface Person {
  id: string;
  archived: boolean;
  city?: string;
  orders?: number;
  birthday?: string;
  vip?: boolean;
  plan?: string;
}
const people: Person[] = [];
const CITIES = ['Lisbon', 'LISBON', 'Rome', 'Porto', 'lisbon ', 'Berlin'];
const PLANS = ['Free', 'Pro', 'Enterprise'];

const all = (...conditions: ContactFilter['conditions']): ContactFilter => ({ match: 'all', conditions });
const any = (...conditions: ContactFilter['conditions']): ContactFilter => ({ match: 'any', conditions });
const active = (pick: (p: Person) => boolean) => people.filter((p) => !p.archived && pick(p)).length;
const isLisbon = (p: Person) => p.city?.toLowerCase() === 'lisbon';

async function generalCount(sel: ContactSelection): Promise<number> {
  const [row] = await db()
    .select({ n: count() })
    .from(contacts)
    .where(await selectionWhere(db(), ws, sel, t.clock.now()));
  return row!.n;
}

async function segment(body: object): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/segments', headers: { cookie: admin }, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
  for (const def of [
    { key: 'city', label: 'City', type: 'text' },
    { key: 'orders', label: 'Orders', type: 'number' },
    { key: 'birthday', label: 'Birthday', type: 'date' },
    { key: 'vip', label: 'VIP', type: 'boolean' },
    { key: 'plan', label: 'Plan', type: 'list', options: PLANS },
  ]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/attributes', headers: { cookie: admin }, payload: def });
    expect(res.statusCode, res.body).toBe(201);
  }
  const now = t.clock.now();
  const n = 84;
  const ids = await seedContacts(
    db(),
    ws,
    now,
    Array.from({ length: n }, (_, i) => ({ firstName: `P${i}`, status: i % 7 === 3 ? ('archived' as const) : ('active' as const) })),
  );
  for (const [i, id] of ids.entries()) {
    const p: Person = { id, archived: i % 7 === 3 };
    // Some contacts have no attributes at all; the others a varying subset.
    if (i % 11 !== 0) {
      p.city = CITIES[i % CITIES.length];
      p.plan = PLANS[i % PLANS.length];
      if (i % 2 === 0) p.orders = i % 10;
      if (i % 3 === 0) p.birthday = `19${String(60 + (i % 40)).padStart(2, '0')}-06-15`;
      if (i % 4 === 0) p.vip = i % 8 === 0;
    }
    const values: Record<string, string | number | boolean | { date: string }> = {};
    if (p.city !== undefined) values.city = p.city;
    if (p.plan !== undefined) values.plan = p.plan;
    if (p.orders !== undefined) values.orders = p.orders;
    if (p.birthday !== undefined) values.birthday = { date: p.birthday };
    if (p.vip !== undefined) values.vip = p.vip;
    await seedAttributeValues(db(), ws, id, values, now);
    people.push(p);
  }
});
afterAll(() => t?.close());

describe('counts of attribute selections', () => {
  const cases: Array<[string, () => ContactSelection, (p: Person) => boolean]> = [
    ['text equality, case-insensitively', () => ({ filter: all({ field: 'attr.city', op: 'eq', value: 'lisbon' }) }), isLisbon],
    [
      'two attributes, all of them',
      () => ({ filter: all({ field: 'attr.city', op: 'eq', value: 'Lisbon' }, { field: 'attr.plan', op: 'eq', value: 'Pro' }) }),
      (p) => isLisbon(p) && p.plan === 'Pro',
    ],
    [
      'any of two attributes',
      () => ({ filter: any({ field: 'attr.city', op: 'eq', value: 'Rome' }, { field: 'attr.orders', op: 'gt', value: 7 }) }),
      (p) => p.city === 'Rome' || (p.orders ?? -1) > 7,
    ],
    [
      'a number between',
      () => ({ filter: all({ field: 'attr.orders', op: 'between', value: [2, 5] }) }),
      (p) => p.orders !== undefined && p.orders >= 2 && p.orders <= 5,
    ],
    [
      'a date before',
      () => ({ filter: all({ field: 'attr.birthday', op: 'lt', value: '1980-01-01' }) }),
      (p) => p.birthday !== undefined && p.birthday < '1980-01-01',
    ],
    ['a boolean', () => ({ filter: all({ field: 'attr.vip', op: 'eq', value: true }) }), (p) => p.vip === true],
    [
      'text in a list',
      () => ({ filter: all({ field: 'attr.city', op: 'in', value: ['rome', 'PORTO'] }) }),
      (p) => p.city === 'Rome' || p.city === 'Porto',
    ],
    ['is set', () => ({ filter: all({ field: 'attr.birthday', op: 'is_set' }) }), (p) => p.birthday !== undefined],
    [
      'text contains',
      () => ({ filter: all({ field: 'attr.city', op: 'contains', value: 'ISB' }) }),
      (p) => p.city?.toLowerCase().includes('isb') ?? false,
    ],
  ];

  it.each(cases)('%s: from the attribute rows, as the general count and the fixture say', async (_name, selection, pick) => {
    const sel = selection();
    const expected = active(pick);
    expect(expected).toBeGreaterThan(0);
    expect(await attributeRowsCount(db(), ws, sel, t.clock.now())).toBe(expected);
    expect(await generalCount(sel)).toBe(expected);
    expect(await countSelection(db(), ws, sel, t.clock.now())).toBe(expected);
  });

  it('a dynamic segment and a filter are intersected, and the segment count agrees', async () => {
    const id = await segment({
      name: 'Lisbon Pro',
      kind: 'dynamic',
      definition: all({ field: 'attr.city', op: 'eq', value: 'Lisbon' }, { field: 'attr.plan', op: 'eq', value: 'Pro' }),
    });
    const sel: ContactSelection = { segment: id, filter: all({ field: 'attr.orders', op: 'gte', value: 4 }) };
    const expected = active((p) => isLisbon(p) && p.plan === 'Pro' && (p.orders ?? -1) >= 4);
    expect(await attributeRowsCount(db(), ws, sel, t.clock.now())).toBe(expected);
    expect(await generalCount(sel)).toBe(expected);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/segments/${id}/count`, headers: { cookie: admin } });
    expect(res.json().count).toBe(active((p) => isLisbon(p) && p.plan === 'Pro'));
    expect(res.json().count).toBeGreaterThan(0);
  });

  it('anything else is counted over the contacts, with the same answer as the list', async () => {
    const staticId = await segment({ name: 'Picked', kind: 'static', contactIds: people.slice(0, 5).map((p) => p.id) });
    const others: Array<[ContactSelection, number]> = [
      [{ filter: all({ field: 'attr.city', op: 'neq', value: 'Lisbon' }) }, active((p) => !isLisbon(p))],
      [{ filter: all({ field: 'attr.vip', op: 'is_not_set' }) }, active((p) => p.vip === undefined)],
      [
        { filter: all({ field: 'attr.city', op: 'eq', value: 'Rome' }, { field: 'firstName', op: 'eq', value: 'P2' }) },
        active((p) => p.city === 'Rome' && people.indexOf(p) === 2),
      ],
      [
        { q: 'P1', filter: all({ field: 'attr.city', op: 'is_set' }) },
        active((p) => p.city !== undefined && /^P1/.test(`P${people.indexOf(p)}`)),
      ],
      [{ segment: staticId }, active((p) => people.indexOf(p) < 5)],
      [{}, active(() => true)],
    ];
    for (const [sel, expected] of others) {
      expect(await attributeRowsCount(db(), ws, sel, t.clock.now()), JSON.stringify(sel)).toBeUndefined();
      expect(await countSelection(db(), ws, sel, t.clock.now()), JSON.stringify(sel)).toBe(expected);
    }
  });

  it('a wrong condition is still refused with the field named; a saved segment whose attribute is gone matches nothing', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/count?filter=${encodeURIComponent(JSON.stringify(all({ field: 'attr.orders', op: 'gt', value: 'lots' })))}`,
      headers: { cookie: admin },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].field).toBe('query.filter.conditions.0.value');

    const id = await segment({ name: 'VIPs', kind: 'dynamic', definition: all({ field: 'attr.vip', op: 'eq', value: true }) });
    expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/attributes/vip', headers: { cookie: admin } })).statusCode).toBe(204);
    expect(await countSelection(db(), ws, { segment: id }, t.clock.now())).toBe(0);
  });
});
