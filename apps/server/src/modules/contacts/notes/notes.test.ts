import type { ContactNote } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContact } from '../../../testing/contacts';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { auditLog } from '../../identity/tables';

let t: TestApp;
let admin: string;
let agentA: string;
let agentB: string;
let token: string;
let ws: string;
let contact: string;

type Who = { cookie: string } | { authorization: string };
const asCookie = (cookie: string): Who => ({ cookie });

const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: who, payload });

async function createAgent(email: string, name: string): Promise<string> {
  const res = await call(asCookie(admin), 'POST', '/users', { email, name, role: 'agent', password: 'agent password 1' });
  expect(res.statusCode, res.body).toBe(201);
  return t.login(email, 'agent password 1');
}

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await call(asCookie(admin), 'GET', '/workspace')).json().id;
  agentA = await createAgent('ana.agent@demo.test', 'Ana Agent');
  agentB = await createAgent('bruno.agent@demo.test', 'Bruno Agent');
  const created = await call(asCookie(admin), 'POST', '/api-tokens', { name: 'CRM' });
  token = created.json().token;
  contact = await seedContact(t.rt.deps.db, ws, t.clock.now(), { firstName: 'Carla' });
});
afterAll(() => t?.close());

describe('contact notes', () => {
  let noteOfA: ContactNote;

  it('are added with their author and time, and listed newest first', async () => {
    const first = await call(asCookie(agentA), 'POST', `/contacts/${contact}/notes`, { text: '  Prefers calls after 6 pm  ' });
    expect(first.statusCode, first.body).toBe(201);
    noteOfA = first.json();
    expect(noteOfA).toMatchObject({
      contactId: contact,
      text: 'Prefers calls after 6 pm',
      author: { type: 'user', name: 'Ana Agent' },
      createdAt: t.clock.now().toISOString(),
      editedAt: null,
      canEdit: true,
    });
    t.clock.advance(60_000);
    const second = await call(asCookie(agentB), 'POST', `/contacts/${contact}/notes`, { text: 'Asked about the blue model' });
    expect(second.statusCode).toBe(201);
    t.clock.advance(1_000);
    const byToken = await call({ authorization: `Bearer ${token}` }, 'POST', `/contacts/${contact}/notes`, { text: 'Synced from CRM' });
    expect(byToken.json().author).toMatchObject({ type: 'api_token', name: 'API token' });

    const listed = await call(asCookie(agentA), 'GET', `/contacts/${contact}/notes`);
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as ContactNote[];
    expect(items.map((n) => n.text)).toEqual(['Synced from CRM', 'Asked about the blue model', 'Prefers calls after 6 pm']);
    // Agent A may change only their own note.
    expect(items.map((n) => n.canEdit)).toEqual([false, false, true]);
    const asAdmin = (await call(asCookie(admin), 'GET', `/contacts/${contact}/notes`)).json().items as ContactNote[];
    expect(asAdmin.every((n) => n.canEdit)).toBe(true);
  });

  it('page with a cursor', async () => {
    const first = await call(asCookie(admin), 'GET', `/contacts/${contact}/notes?limit=2`);
    expect(first.json().items).toHaveLength(2);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toBeTruthy();
    const rest = await call(asCookie(admin), 'GET', `/contacts/${contact}/notes?limit=2&cursor=${cursor}`);
    expect(rest.json().items.map((n: ContactNote) => n.text)).toEqual(['Prefers calls after 6 pm']);
    expect(rest.json().nextCursor).toBeNull();
    const bad = await call(asCookie(admin), 'GET', `/contacts/${contact}/notes?cursor=nonsense`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('query.cursor');
  });

  it('are edited by their author (editedAt set), not by another agent', async () => {
    t.clock.advance(30_000);
    const edited = await call(asCookie(agentA), 'PATCH', `/contacts/${contact}/notes/${noteOfA.id}`, { text: 'Prefers calls after 7 pm' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({
      text: 'Prefers calls after 7 pm',
      editedAt: t.clock.now().toISOString(),
      createdAt: noteOfA.createdAt,
    });
    const refused = await call(asCookie(agentB), 'PATCH', `/contacts/${contact}/notes/${noteOfA.id}`, { text: 'Mine now' });
    expect(refused.statusCode).toBe(403);
    const deleteRefused = await call(asCookie(agentB), 'DELETE', `/contacts/${contact}/notes/${noteOfA.id}`);
    expect(deleteRefused.statusCode).toBe(403);
    const stored = (await call(asCookie(admin), 'GET', `/contacts/${contact}/notes`)).json().items as ContactNote[];
    expect(stored.find((n) => n.id === noteOfA.id)?.text).toBe('Prefers calls after 7 pm');
  });

  it('are edited and deleted by an admin, audited without their text', async () => {
    const edited = await call(asCookie(admin), 'PATCH', `/contacts/${contact}/notes/${noteOfA.id}`, { text: 'Call after 7 pm' });
    expect(edited.statusCode).toBe(200);
    const removed = await call(asCookie(admin), 'DELETE', `/contacts/${contact}/notes/${noteOfA.id}`);
    expect(removed.statusCode).toBe(204);
    const again = await call(asCookie(admin), 'DELETE', `/contacts/${contact}/notes/${noteOfA.id}`);
    expect(again.statusCode).toBe(404);
    const audit = await t.rt.deps.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws), eq(auditLog.targetId, noteOfA.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(['contact.note.deleted', 'contact.note.edited', 'contact.note.edited']);
    expect(JSON.stringify(audit)).not.toContain('7 pm');
    expect(audit.find((a) => a.action === 'contact.note.deleted')?.details).toMatchObject({ contactId: contact, ownNote: false });
  });

  it('refuse empty, blank and too long text with a 400 naming the field', async () => {
    const cases: unknown[] = [{ text: '' }, { text: '   \n ' }, { text: '\u0000\u0000' }, { text: 'x'.repeat(5001) }, { text: 42 }, {}];
    for (const payload of cases) {
      const res = await call(asCookie(agentA), 'POST', `/contacts/${contact}/notes`, payload as object);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.issues[0].field).toBe('text');
    }
    const edit = await call(asCookie(agentA), 'PATCH', `/contacts/${contact}/notes/00000000-0000-4000-8000-000000000001`, { text: '' });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error.issues[0].field).toBe('text');
    const longest = await call(asCookie(agentA), 'POST', `/contacts/${contact}/notes`, { text: 'é'.repeat(5000) });
    expect(longest.statusCode).toBe(201);
  });

  it('answer 404 for an unknown contact or a note of another contact, 400 for a bad id', async () => {
    const other = await seedContact(t.rt.deps.db, ws, t.clock.now(), { firstName: 'Other' });
    const note = (await call(asCookie(agentA), 'POST', `/contacts/${contact}/notes`, { text: 'x' })).json() as ContactNote;
    expect((await call(asCookie(agentA), 'PATCH', `/contacts/${other}/notes/${note.id}`, { text: 'y' })).statusCode).toBe(404);
    expect((await call(asCookie(agentA), 'GET', `/contacts/00000000-0000-4000-8000-000000000009/notes`)).statusCode).toBe(404);
    expect((await call(asCookie(agentA), 'POST', `/contacts/00000000-0000-4000-8000-000000000009/notes`, { text: 'x' })).statusCode).toBe(
      404,
    );
    const bad = await call(asCookie(agentA), 'GET', `/contacts/not-a-uuid/notes`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('params.id');
  });
});
