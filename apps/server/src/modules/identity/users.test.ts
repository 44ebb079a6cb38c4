import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
});
afterAll(() => t?.close());

const call = (method: 'GET' | 'POST' | 'PATCH', url: string, cookie: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });

async function create(role: 'agent' | 'supervisor' | 'admin', email: string) {
  const res = await call('POST', '/users', admin, { email, name: `${role} ${email}`, role, password: 'initial password' });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string };
}

describe('workspace users', () => {
  it('an admin creates an agent who can then sign in', async () => {
    const created = await call('POST', '/users', admin, {
      email: 'Agent.One@Demo.test',
      name: 'Agent One',
      role: 'agent',
      password: 'agent one password',
      timezone: 'America/Sao_Paulo',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'agent.one@demo.test', role: 'agent', timezone: 'America/Sao_Paulo', active: true });
    expect(created.json()).not.toHaveProperty('passwordHash');
    await t.login('agent.one@demo.test', 'agent one password');
  });

  it('refuses a second user with the same email, whatever its case', async () => {
    await create('agent', 'dup@demo.test');
    const again = await call('POST', '/users', admin, { email: 'DUP@demo.test', name: 'x', role: 'agent', password: 'whatever123' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.issues[0].field).toBe('email');
  });

  it('names each bad field', async () => {
    const res = await call('POST', '/users', admin, { email: 'bad', name: '', role: 'boss', password: 'short', timezone: 'Nowhere/City' });
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .error.issues.map((i: { field: string }) => i.field)
      .sort();
    expect(fields).toEqual(['email', 'name', 'password', 'role', 'timezone']);
  });

  it('lets supervisors read the list but not change it, and agents neither', async () => {
    await create('supervisor', 'sup@demo.test');
    await create('agent', 'plain@demo.test');
    const sup = await t.login('sup@demo.test', 'initial password');
    const agent = await t.login('plain@demo.test', 'initial password');
    expect((await call('GET', '/users', sup)).statusCode).toBe(200);
    expect(
      (await call('POST', '/users', sup, { email: 'x@demo.test', name: 'x', role: 'agent', password: 'whatever123' })).statusCode,
    ).toBe(403);
    expect((await call('GET', '/users', agent)).statusCode).toBe(403);
  });

  it('deactivation ends every session of that user at once, and blocks sign-in', async () => {
    const u = await create('agent', 'leaver@demo.test');
    const session = await t.login('leaver@demo.test', 'initial password');
    const res = await call('PATCH', `/users/${u.id}`, admin, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json().active).toBe(false);
    expect((await call('GET', '/me', session)).statusCode).toBe(401);
    await expect(t.login('leaver@demo.test', 'initial password')).rejects.toThrow(/401/);
    await call('PATCH', `/users/${u.id}`, admin, { active: true });
    await t.login('leaver@demo.test', 'initial password');
  });

  it('an admin password reset ends the user\u2019s sessions', async () => {
    const u = await create('agent', 'reset@demo.test');
    const session = await t.login('reset@demo.test', 'initial password');
    expect((await call('PATCH', `/users/${u.id}`, admin, { password: 'reset by admin' })).statusCode).toBe(200);
    expect((await call('GET', '/me', session)).statusCode).toBe(401);
    await t.login('reset@demo.test', 'reset by admin');
  });

  it('an admin cannot deactivate or demote themself, so a workspace always keeps an admin', async () => {
    const me = (await call('GET', '/me', admin)).json() as { id: string };
    expect((await call('PATCH', `/users/${me.id}`, admin, { active: false })).statusCode).toBe(409);
    expect((await call('PATCH', `/users/${me.id}`, admin, { role: 'agent' })).statusCode).toBe(409);
    const second = await create('admin', 'admin2@demo.test');
    const admin2 = await t.login('admin2@demo.test', 'initial password');
    expect((await call('PATCH', `/users/${second.id}`, admin2, { role: 'supervisor' })).statusCode).toBe(409);
    // another admin may demote them; the demoted one loses admin rights at once
    expect((await call('PATCH', `/users/${second.id}`, admin, { role: 'supervisor' })).statusCode).toBe(200);
    expect(
      (await call('POST', '/users', admin2, { email: 'y@demo.test', name: 'y', role: 'agent', password: 'whatever123' })).statusCode,
    ).toBe(403);
  });

  it('records admin actions in the audit log, readable by admins only', async () => {
    const u = await create('agent', 'audited@demo.test');
    await call('PATCH', `/users/${u.id}`, admin, { active: false });
    const res = await call('GET', '/audit-log?limit=10', admin);
    expect(res.statusCode).toBe(200);
    const actions = res.json().items.map((i: { action: string; targetId: string }) => `${i.action}:${i.targetId}`);
    expect(actions).toContain(`user.created:${u.id}`);
    expect(actions).toContain(`user.deactivated:${u.id}`);
    expect(JSON.stringify(res.json())).not.toContain('initial password');
    const agent = await t.login('plain@demo.test', 'initial password');
    expect((await call('GET', '/audit-log', agent)).statusCode).toBe(403);
    expect((await call('GET', '/audit-log?limit=1000', admin)).statusCode).toBe(400);
  });
});
