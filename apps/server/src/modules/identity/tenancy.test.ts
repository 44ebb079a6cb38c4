import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { createAdmin } from './bootstrap';
import { workspaces } from './tables';

let t: TestApp;
let adminA: string;
let adminB: string;
let userOfA: string;
let tokenOfA: { id: string; token: string };

beforeAll(async () => {
  t = await startTestApp();
  adminA = await t.login();
  await t.rt.deps.db.insert(workspaces).values({ name: 'Other Co' });
  await createAdmin(t.rt.deps, { email: 'boss@other.test', password: 'other co password', workspaceName: 'Other Co' });
  adminB = await t.login('boss@other.test', 'other co password');
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { cookie: adminA },
    payload: { email: 'a-agent@demo.test', name: 'A agent', role: 'agent', password: 'a agent password' },
  });
  userOfA = created.json().id;
  const token = await t.app.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: { cookie: adminA },
    payload: { name: 'CRM sync' },
  });
  expect(token.statusCode).toBe(201);
  tokenOfA = token.json();
});
afterAll(() => t?.close());

const as = (cookie: string) => ({ cookie });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('workspace isolation', () => {
  it('lists only the workspace\u2019s own users', async () => {
    const b = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: as(adminB) });
    expect(b.json().items.map((u: { email: string }) => u.email)).toEqual(['boss@other.test']);
  });

  it('answers 404, never data, for another workspace\u2019s ids', async () => {
    const patch = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${userOfA}`, headers: as(adminB), payload: { name: 'pwned' } });
    expect(patch.statusCode).toBe(404);
    expect(patch.body).not.toContain('a-agent@demo.test');
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${tokenOfA.id}`, headers: as(adminB) });
    expect(revoke.statusCode).toBe(404);
    // and nothing changed
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: as(adminA) });
    expect(list.json().items.find((u: { id: string }) => u.id === userOfA).name).toBe('A agent');
    const tokens = await t.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: as(adminA) });
    expect(tokens.json().items.map((x: { id: string }) => x.id)).toContain(tokenOfA.id);
  });

  it('answers 400 for an id that is not a UUID', async () => {
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/users/1%20or%201=1', headers: as(adminA), payload: { name: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0].field).toBe('params.id');
  });

  it('keeps each workspace\u2019s audit log to itself', async () => {
    const b = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: as(adminB) });
    expect(b.body).not.toContain(userOfA);
  });
});

describe('API tokens', () => {
  it('shows the secret once, stores only a prefix, and authenticates as its workspace', async () => {
    expect(tokenOfA.token).toMatch(/^prl_[A-Za-z0-9_-]{43}$/);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: as(adminA) });
    expect(list.body).not.toContain(tokenOfA.token);
    const ws = await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: bearer(tokenOfA.token) });
    expect(ws.statusCode).toBe(200);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: as(adminA) });
    expect(ws.json().id).toBe(me.json().workspaceId);
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: bearer(tokenOfA.token) });
    expect(users.json().items.map((u: { id: string }) => u.id)).toContain(userOfA);
  });

  it('may not manage staff or tokens, nor act as a user', async () => {
    const h = bearer(tokenOfA.token);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: h })).statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers: h,
          payload: { email: 'x@x.test', name: 'x', role: 'admin', password: 'whatever123' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: h, payload: { name: 'more' } })).statusCode).toBe(403);
  });

  it('rejects unknown and revoked tokens', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: bearer('prl_nonsense') })).statusCode).toBe(401);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: as(adminA),
      payload: { name: 'short-lived' },
    });
    const { id, token } = created.json();
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: bearer(token) })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${id}`, headers: as(adminA) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: bearer(token) })).statusCode).toBe(401);
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: as(adminA) });
    const actions = audit.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['api_token.created', 'api_token.revoked']));
    expect(audit.body).not.toContain(token);
  });
});
