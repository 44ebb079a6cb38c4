import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpreadsheet, type SheetRow } from '../../platform/excel';
import { seedAttributeValues, seedContact, seedContacts } from '../../testing/contacts';
import { startTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let admin: string;
let ws: string;
const db = () => t.rt.deps.db;

const get = (url: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: admin } });

async function readBack(body: Buffer) {
  const sheet = await openSpreadsheet(body, { maxRows: 10_000 });
  const rows: SheetRow[] = [];
  for await (const r of sheet.rows) rows.push(r);
  return { ...sheet, rows };
}

const filterParam = (conditions: object[]) => encodeURIComponent(JSON.stringify({ match: 'all', conditions }));

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await get('/workspace')).json().id;
  // The viewer reads times in São Paulo (UTC−3).
  const me = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/me',
    headers: { cookie: admin },
    payload: { timezone: 'America/Sao_Paulo' },
  });
  expect(me.statusCode, me.body).toBe(200);
  for (const def of [
    { key: 'city', label: 'City', type: 'text' },
    { key: 'orders', label: 'Orders', type: 'number' },
    { key: 'birthday', label: 'Birthday', type: 'date' },
    { key: 'vip', label: 'VIP', type: 'boolean' },
    { key: 'email', label: 'Email', type: 'text' },
  ]) {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/attributes', headers: { cookie: admin }, payload: def })).statusCode).toBe(
      201,
    );
  }
  const ana = await seedContact(db(), ws, new Date('2026-01-15T13:30:00Z'), {
    firstName: 'Ana',
    lastName: 'Silva',
    phone: '+5511987654321',
    email: 'ana@example.com',
    tags: ['vip', 'product a'],
    source: 'import:Fair',
    country: 'BR',
    messagesFromCustomer: 7,
    unresolvedQueries: 1,
    sentimentSum: 1,
    sentimentCount: 3,
    lastActiveAt: new Date('2026-02-01T02:00:00Z'),
  });
  await seedAttributeValues(
    db(),
    ws,
    ana,
    { city: 'São Paulo', orders: 4.5, birthday: { date: '1990-04-02' }, vip: true, email: 'other@x.test' },
    t.clock.now(),
  );
  await seedContact(db(), ws, t.clock.now(), { firstName: '=HYPERLINK("http://evil.test","click")', lastName: '@SUM(1+1)', tags: ['vip'] });
  await seedContact(db(), ws, t.clock.now(), { firstName: 'Archived', tags: ['vip'], status: 'archived' });
  await seedContact(db(), ws, t.clock.now(), { firstName: 'Clicked', source: 'ad', referral: { sourceId: 'ad-120', headline: 'Sale' } });
});
afterAll(() => t?.close());

describe('contacts export', () => {
  it('streams the filtered list as .xlsx: standard fields, statistics, attributes, times in the viewer’s zone', async () => {
    const res = await get(
      `/contacts/export.xlsx?sort=name&order=asc&filter=${filterParam([{ field: 'tags', op: 'contains', value: 'vip' }])}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const sheet = await readBack(res.rawPayload);
    expect(sheet.format).toBe('xlsx');
    expect(sheet.headers.slice(0, 8)).toEqual(['First name', 'Last name', 'Channel name', 'Phone', 'Email', 'Status', 'Source', 'Tags']);
    // Attribute columns by label (alphabetical), a label that repeats a standard header told apart by its key.
    expect(sheet.headers.slice(-6)).toEqual(['Birthday', 'City', 'Email (email)', 'Orders', 'VIP', 'Parley ID']);
    expect(sheet.rows).toHaveLength(2); // the archived vip is not in the list, so not in the file
    const ana = sheet.rows.find((r) => r.values['First name'] === 'Ana')!.values;
    expect(ana).toMatchObject({
      Phone: '+5511987654321',
      Email: 'ana@example.com',
      Status: 'active',
      Source: 'import:Fair',
      Tags: 'vip, product a',
      Country: 'BR',
      'Messages from customer': 7,
      'Unresolved queries': 1,
      'Average sentiment': 0.33,
      // 13:30 UTC is 10:30 in São Paulo; 02:00 UTC on Feb 1 is 23:00 on Jan 31 there.
      Created: new Date('2026-01-15T10:30:00Z'),
      'Last active': new Date('2026-01-31T23:00:00Z'),
      Birthday: new Date('1990-04-02T00:00:00Z'),
      City: 'São Paulo',
      'Email (email)': 'other@x.test',
      Orders: 4.5,
      VIP: true,
    });
    const evil = sheet.rows.find((r) => r.values['First name'] !== 'Ana')!.values;
    expect(evil['First name']).toBe('\'=HYPERLINK("http://evil.test","click")');
    expect(evil['Last name']).toBe("'@SUM(1+1)");
  });

  it('shows the ad a contact came from', async () => {
    const sheet = await readBack((await get(`/contacts/export.csv?q=clicked`)).rawPayload);
    expect(sheet.rows.map((r) => [r.values['First name'], r.values.Source, r.values['Ad id']])).toEqual([['Clicked', 'ad', 'ad-120']]);
  });

  it('streams .csv with the same columns', async () => {
    const res = await get(`/contacts/export.csv?q=ana`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const sheet = await readBack(res.rawPayload);
    expect(sheet.format).toBe('csv');
    expect(sheet.rows).toHaveLength(1);
    expect(sheet.rows[0]!.values).toMatchObject({
      'First name': 'Ana',
      Created: '2026-01-15 10:30',
      Birthday: '1990-04-02',
      VIP: 'TRUE',
      Orders: '4.5',
    });
  });

  it('refuses a bad filter with a 400 before sending any file', async () => {
    const res = await get(`/contacts/export.xlsx?filter=${filterParam([{ field: 'attr.nope', op: 'is_set' }])}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.json().error.issues[0].field).toBe('query.filter.conditions.0.field');
  });

  it('exports every matching contact across pages, each once', async () => {
    await seedContacts(
      db(),
      ws,
      t.clock.now(),
      Array.from({ length: 2500 }, (_, i) => ({ firstName: `Bulk ${i}`, tags: ['bulk'] })),
    );
    const res = await get(`/contacts/export.xlsx?filter=${filterParam([{ field: 'tags', op: 'contains', value: 'bulk' }])}`);
    expect(res.statusCode).toBe(200);
    const sheet = await readBack(res.rawPayload);
    expect(sheet.rows).toHaveLength(2500);
    expect(new Set(sheet.rows.map((r) => r.values['Parley ID'])).size).toBe(2500);
  });
});
