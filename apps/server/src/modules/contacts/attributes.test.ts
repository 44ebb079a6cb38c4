import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTx } from '../../platform/db';
import { AppError } from '../../platform/errors';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { auditLog } from '../identity/tables';
import { getContactAttributes, listAttributeDefinitions, setContactAttribute } from './attributes';
import { contactAttributeValues, contacts } from './tables';

let t: TestApp;
let admin: string;
let agent: string;
let workspaceId: string;

const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });
const db = () => t.rt.deps.db;

async function newContact(name: string) {
  const now = t.clock.now();
  const [c] = await db()
    .insert(contacts)
    .values({ workspaceId, firstName: name, source: 'organic', createdAt: now, updatedAt: now })
    .returning();
  return c!.id;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  workspaceId = (await call(admin, 'GET', '/workspace')).json().id;
  await call(admin, 'POST', '/users', { email: 'ana@demo.test', name: 'Ana', role: 'agent', password: 'long enough password' });
  agent = await t.login('ana@demo.test', 'long enough password');
  for (const def of [
    { key: 'city', label: 'City', type: 'text', agentEditable: true, topProperty: true },
    { key: 'orders', label: 'Orders', type: 'number' },
    { key: 'birthday', label: 'Birthday', type: 'date', agentEditable: true },
    { key: 'vip', label: 'VIP', type: 'boolean' },
    { key: 'plan', label: 'Plan', type: 'list', options: ['Free', 'Pro'], agentEditable: true },
    { key: 'website', label: 'Website', type: 'url' },
  ]) {
    const res = await call(admin, 'POST', '/attributes', def);
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t?.close());

describe('attribute definitions', () => {
  it('lists definitions, top properties first', async () => {
    const res = await call(agent, 'GET', '/attributes');
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((d: { key: string }) => d.key)).toEqual(['city', 'birthday', 'orders', 'plan', 'vip', 'website']);
    expect(res.json().items.find((d: { key: string }) => d.key === 'plan')).toMatchObject({ type: 'list', options: ['Free', 'Pro'] });
    expect((await listAttributeDefinitions(db(), workspaceId)).length).toBe(6);
  });

  it('refuses bad definitions with a 400 naming the field, a taken key with 409', async () => {
    const badKey = await call(admin, 'POST', '/attributes', { key: 'Bad Key', label: 'X', type: 'text' });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().error.issues[0].field).toBe('key');
    const listWithout = await call(admin, 'POST', '/attributes', { key: 'size', label: 'Size', type: 'list' });
    expect(listWithout.json().error.issues[0].field).toBe('options');
    const textWith = await call(admin, 'POST', '/attributes', { key: 'size', label: 'Size', type: 'text', options: ['a'] });
    expect(textWith.json().error.issues[0].field).toBe('options');
    const dupOptions = await call(admin, 'POST', '/attributes', { key: 'size', label: 'Size', type: 'list', options: ['S', 'S'] });
    expect(dupOptions.statusCode).toBe(400);
    const badType = await call(admin, 'POST', '/attributes', { key: 'size', label: 'Size', type: 'colour' });
    expect(badType.json().error.issues[0].field).toBe('type');
    const taken = await call(admin, 'POST', '/attributes', { key: 'city', label: 'Town', type: 'text' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.issues[0].field).toBe('key');
    expect((await call(admin, 'PATCH', '/attributes/orders', { options: ['a'] })).json().error.issues[0].field).toBe('options');
    expect((await call(admin, 'PATCH', '/attributes/orders', { type: 'text' })).statusCode).toBe(400);
  });

  it('lets only admins write definitions, and audits them', async () => {
    expect((await call(agent, 'POST', '/attributes', { key: 'mine', label: 'Mine', type: 'text' })).statusCode).toBe(403);
    expect((await call(agent, 'PATCH', '/attributes/city', { label: 'Town' })).statusCode).toBe(403);
    expect((await call(agent, 'DELETE', '/attributes/city')).statusCode).toBe(403);
    const patched = await call(admin, 'PATCH', '/attributes/plan', { options: ['Free', 'Pro', 'Team'], label: 'Plan name' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ label: 'Plan name', options: ['Free', 'Pro', 'Team'], type: 'list' });
    expect((await call(admin, 'PATCH', '/attributes/nothere', { label: 'X' })).statusCode).toBe(404);
    const actions = await db()
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.targetType, 'attribute')));
    expect(new Set(actions.map((a) => a.action))).toEqual(new Set(['attribute.created', 'attribute.updated']));
  });
});

describe('contact attribute values', () => {
  it('stores each type in its typed column and reads it back', async () => {
    const id = await newContact('Typed');
    const res = await call(admin, 'PUT', `/contacts/${id}/attributes`, {
      attributes: {
        city: ' Rome ',
        orders: 3.5,
        birthday: '1990-02-28',
        vip: true,
        plan: 'Pro',
        website: 'https://example.com/a b'.replace(' ', ''),
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const byKey = Object.fromEntries(res.json().items.map((i: { key: string; value: unknown }) => [i.key, i.value]));
    expect(byKey).toEqual({ city: 'Rome', orders: 3.5, birthday: '1990-02-28', vip: true, plan: 'Pro', website: 'https://example.com/ab' });
    expect(await getContactAttributes(db(), workspaceId, id)).toEqual({
      city: 'Rome',
      orders: 3.5,
      birthday: '1990-02-28',
      vip: true,
      plan: 'Pro',
      website: 'https://example.com/ab',
    });
    const rows = await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.contactId, id));
    expect(rows.find((r) => r.key === 'orders')).toMatchObject({ valueNumber: 3.5, valueText: null });
    expect(rows.find((r) => r.key === 'birthday')).toMatchObject({ valueDate: '1990-02-28' });
    expect(rows.find((r) => r.key === 'vip')).toMatchObject({ valueBool: true });
    // A segment condition on a number is an indexed comparison on the typed column.
    const counted = await db().execute(
      sql`select count(*)::int as n from contact_attribute_values where workspace_id = ${workspaceId} and key = 'orders' and value_number > 3`,
    );
    expect((counted as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);

    const cleared = await call(admin, 'PUT', `/contacts/${id}/attributes`, { attributes: { city: null } });
    expect(cleared.json().items.find((i: { key: string }) => i.key === 'city').value).toBeNull();
    expect((await getContactAttributes(db(), workspaceId, id)).city).toBeUndefined();
  });

  it('refuses a wrong value with a 400 naming the attribute, and writes nothing of the request', async () => {
    const id = await newContact('Wrong');
    const cases: [string, unknown][] = [
      ['orders', 'three'],
      ['orders', '3'],
      ['birthday', '1990-02-30'],
      ['birthday', '28/02/1990'],
      ['vip', 'yes'],
      ['plan', 'Gold'],
      ['website', 'javascript:alert(1)'],
      ['website', 'ftp://example.com'],
      ['city', ''],
      ['city', 'x'.repeat(1001)],
      ['city', '中'.repeat(534)],
      ['city', 42],
      ['nothere', 'x'],
    ];
    for (const [key, value] of cases) {
      const res = await call(admin, 'PUT', `/contacts/${id}/attributes`, { attributes: { city: 'Milan', [key]: value } });
      expect(res.statusCode, `${key}=${String(value)}`).toBe(400);
      expect(res.json().error.issues[0].field).toBe(`attributes.${key}`);
    }
    expect(await getContactAttributes(db(), workspaceId, id)).toEqual({});
  });

  it('keeps the longest text values it accepts, in any script (they are indexed)', async () => {
    const id = await newContact('Long');
    // Varied characters, so PostgreSQL cannot compress the index entries: the limits must hold uncompressed.
    const varied = (n: number, char: (i: number) => string) => Array.from({ length: n }, (_, i) => char(i)).join('');
    const chinese = varied(533, (i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20000)));
    // "Ⱥ" takes 2 bytes and its lower case 3: the lower-case copy is longer than the text.
    const growing = varied(800, (i) => (i % 2 ? 'Ⱥ' : String.fromCodePoint(0xc0 + ((i * 37) % 0x17))));
    const latin = varied(1000, (i) => String.fromCodePoint(0x21 + ((i * 31) % 0x5d)));
    for (const city of [latin.trim(), chinese, growing]) {
      const res = await call(admin, 'PUT', `/contacts/${id}/attributes`, { attributes: { city } });
      expect(res.statusCode, res.body).toBe(200);
      expect((await getContactAttributes(db(), workspaceId, id)).city).toBe(city);
    }
  });

  it('lets agents edit only the agent-editable attributes', async () => {
    const id = await newContact('Agent edits');
    expect((await call(agent, 'PUT', `/contacts/${id}/attributes`, { attributes: { city: 'Turin', plan: 'Free' } })).statusCode).toBe(200);
    const refused = await call(agent, 'PUT', `/contacts/${id}/attributes`, { attributes: { city: 'Naples', vip: true } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.message).toContain('attributes.vip');
    expect(await getContactAttributes(db(), workspaceId, id)).toEqual({ city: 'Turin', plan: 'Free' });
    expect((await call(agent, 'GET', `/contacts/${id}/attributes`)).statusCode).toBe(200);
  });

  it('answers 404 for an unknown contact', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await call(admin, 'GET', `/contacts/${missing}/attributes`)).statusCode).toBe(404);
    expect((await call(admin, 'PUT', `/contacts/${missing}/attributes`, { attributes: { city: 'x' } })).statusCode).toBe(404);
  });

  it('setContactAttribute validates against the definition inside the caller transaction', async () => {
    const id = await newContact('Function');
    const at = t.clock.now();
    await withTx(db(), (tx) => setContactAttribute(tx, { workspaceId, contactId: id, key: 'orders', value: 7, at }));
    expect(await getContactAttributes(db(), workspaceId, id)).toEqual({ orders: 7 });
    const err = await withTx(db(), (tx) => setContactAttribute(tx, { workspaceId, contactId: id, key: 'orders', value: 'many', at })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    expect((err as AppError).details.issues).toEqual([{ field: 'attributes.orders', message: 'must be a number' }]);
    await expect(withTx(db(), (tx) => setContactAttribute(tx, { workspaceId, contactId: id, key: 'shoe', value: 1, at }))).rejects.toThrow(
      /shoe/,
    );
  });

  it('deleting a definition removes every value of it', async () => {
    const id = await newContact('Deleted def');
    await call(admin, 'PUT', `/contacts/${id}/attributes`, { attributes: { website: 'https://parley.example' } });
    expect((await call(admin, 'DELETE', '/attributes/website')).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', '/attributes/website')).statusCode).toBe(404);
    const left = await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.key, 'website'));
    expect(left).toEqual([]);
  });
});
