import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { createAdmin } from '../identity';
import { auditLog, workspaces } from '../identity/tables';
import { listSkillsets } from './skillsets';

let t: TestApp;
let admin: string;
let agent: string;
let otherAdmin: string;
let workspaceId: string;
let agentId: string;
let inactiveId: string;
let otherWorkspaceUserId: string;

const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });

async function createUser(email: string, role: 'agent' | 'supervisor') {
  const res = await call(admin, 'POST', '/users', { email, name: email.split('@')[0], role, password: 'long enough password' });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  workspaceId = (await call(admin, 'GET', '/workspace')).json().id;
  agentId = await createUser('sam@demo.test', 'agent');
  agent = await t.login('sam@demo.test', 'long enough password');
  inactiveId = await createUser('gone@demo.test', 'agent');
  expect((await call(admin, 'PATCH', `/users/${inactiveId}`, { active: false })).statusCode).toBe(200);
  await t.rt.deps.db.insert(workspaces).values({ name: 'Other Co' });
  await createAdmin(t.rt.deps, { email: 'boss@other.test', password: 'other co password', workspaceName: 'Other Co' });
  otherAdmin = await t.login('boss@other.test', 'other co password');
  otherWorkspaceUserId = (await call(otherAdmin, 'GET', '/me')).json().id;
});
afterAll(() => t?.close());

describe('skillsets', () => {
  it('creates, lists and renames a skillset; names are unique per workspace whatever the case', async () => {
    const created = await call(admin, 'POST', '/skillsets', { name: '  Sales ', priority: 5 });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Sales', priority: 5, memberIds: [] });
    const id = created.json().id as string;

    const dup = await call(admin, 'POST', '/skillsets', { name: 'sales' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.issues).toEqual([{ field: 'name', message: 'a skillset with this name already exists' }]);

    const support = await call(admin, 'POST', '/skillsets', { name: 'Support' });
    expect(support.json().priority).toBeNull();
    const clash = await call(admin, 'PATCH', `/skillsets/${support.json().id}`, { name: 'SALES' });
    expect(clash.statusCode).toBe(409);

    const renamed = await call(admin, 'PATCH', `/skillsets/${id}`, { name: 'Sales EU', priority: null });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Sales EU', priority: null });

    const list = await call(agent, 'GET', '/skillsets');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((s: { name: string }) => s.name)).toEqual(['Sales EU', 'Support']);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const empty = await call(admin, 'POST', '/skillsets', { name: '   ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.issues[0].field).toBe('name');
    const prio = await call(admin, 'POST', '/skillsets', { name: 'X', priority: 1.5 });
    expect(prio.statusCode).toBe(400);
    expect(prio.json().error.issues[0].field).toBe('priority');
    const extra = await call(admin, 'POST', '/skillsets', { name: 'X', colour: 'red' });
    expect(extra.statusCode).toBe(400);
  });

  it('lets only admins write', async () => {
    expect((await call(agent, 'POST', '/skillsets', { name: 'Agents own' })).statusCode).toBe(403);
    const any = (await call(admin, 'GET', '/skillsets')).json().items[0].id as string;
    expect((await call(agent, 'PATCH', `/skillsets/${any}`, { name: 'Mine' })).statusCode).toBe(403);
    expect((await call(agent, 'DELETE', `/skillsets/${any}`)).statusCode).toBe(403);
    expect((await call(agent, 'PUT', `/skillsets/${any}/members`, { userIds: [agentId] })).statusCode).toBe(403);
  });

  it('sets members: active users of the workspace only, else nothing changes', async () => {
    const id = (await call(admin, 'POST', '/skillsets', { name: 'Italian' })).json().id as string;
    const ok = await call(admin, 'PUT', `/skillsets/${id}/members`, { userIds: [agentId, agentId] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().memberIds).toEqual([agentId]);

    const inactive = await call(admin, 'PUT', `/skillsets/${id}/members`, { userIds: [agentId, inactiveId] });
    expect(inactive.statusCode).toBe(400);
    expect(inactive.json().error.issues).toEqual([{ field: 'userIds.1', message: 'is not an active user of this workspace' }]);
    const foreign = await call(admin, 'PUT', `/skillsets/${id}/members`, { userIds: [otherWorkspaceUserId] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.issues[0].field).toBe('userIds.0');
    const notUuid = await call(admin, 'PUT', `/skillsets/${id}/members`, { userIds: ['nope'] });
    expect(notUuid.statusCode).toBe(400);
    expect(notUuid.json().error.issues[0].field).toBe('userIds.0');

    const summary = (await listSkillsets(t.rt.deps.db, workspaceId)).find((s) => s.id === id);
    expect(summary).toEqual({ id, name: 'Italian', priority: null, memberIds: [agentId] });

    expect((await call(admin, 'PUT', `/skillsets/${id}/members`, { userIds: [] })).json().memberIds).toEqual([]);
  });

  it('deletes softly: gone from lists and functions, its name free again, its id 404', async () => {
    const id = (await call(admin, 'POST', '/skillsets', { name: 'Temporary' })).json().id as string;
    await call(admin, 'PUT', `/skillsets/${id}/members`, { userIds: [agentId] });
    expect((await call(admin, 'DELETE', `/skillsets/${id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/skillsets/${id}`)).statusCode).toBe(404);
    expect((await call(admin, 'PATCH', `/skillsets/${id}`, { name: 'Back' })).statusCode).toBe(404);
    expect((await listSkillsets(t.rt.deps.db, workspaceId)).map((s) => s.id)).not.toContain(id);
    expect((await call(admin, 'POST', '/skillsets', { name: 'temporary' })).statusCode).toBe(201);
  });

  it('keeps workspaces apart', async () => {
    const mine = (await call(admin, 'GET', '/skillsets')).json().items[0].id as string;
    expect((await call(otherAdmin, 'GET', '/skillsets')).json().items).toEqual([]);
    expect((await call(otherAdmin, 'PATCH', `/skillsets/${mine}`, { name: 'Stolen' })).statusCode).toBe(404);
    expect((await call(otherAdmin, 'PUT', `/skillsets/${mine}/members`, { userIds: [] })).statusCode).toBe(404);
    // The same name in another workspace is fine.
    expect((await call(otherAdmin, 'POST', '/skillsets', { name: 'Support' })).statusCode).toBe(201);
  });

  it('audits every admin change', async () => {
    const rows = await t.rt.deps.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.targetType, 'skillset')));
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(new Set(['skillset.created', 'skillset.updated', 'skillset.deleted', 'skillset.members_set']));
  });
});
