import type { BulkActionView } from '@parley/contracts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedConversation, seedMessage } from '../../../testing/admin-views';
import { seedAttributeValues, seedContact, seedContacts } from '../../../testing/contacts';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { conversations, messages } from '../../conversations/tables';
import { auditLog } from '../../identity/tables';
import { contactNotes } from '../notes/tables';
import { contactAttributeValues, contacts, segmentMembers } from '../tables';
import { noBulkHooks } from './hooks';
import { runBulkAction } from './run-job';
import { bulkActionTargets } from './tables';

let t: TestApp;
let admin: string;
let agent: string;
let ws: string;
const db = () => t.rt.deps.db;

const call = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });

async function bulk(payload: object, cookie = admin): Promise<BulkActionView> {
  const res = await call(cookie, 'POST', '/bulk-actions', payload);
  expect([200, 202], res.body).toContain(res.statusCode);
  return res.json();
}

const tagsOf = async (ids: string[]) =>
  new Map(
    (await db().select({ id: contacts.id, tags: contacts.tags }).from(contacts).where(inArray(contacts.id, ids))).map((r) => [
      r.id,
      r.tags,
    ]),
  );
const audits = (action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, ws), eq(auditLog.action, action)));
const taggedFilter = (tag: string) => ({ filter: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: tag }] } });

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await call(admin, 'GET', '/workspace')).json().id;
  const created = await call(admin, 'POST', '/users', {
    email: 'agent@demo.test',
    name: 'Agent',
    role: 'agent',
    password: 'agent password 1',
  });
  expect(created.statusCode).toBe(201);
  agent = await t.login('agent@demo.test', 'agent password 1');
  for (const def of [
    { key: 'orders', label: 'Orders', type: 'number' },
    { key: 'tier', label: 'Tier', type: 'list', options: ['gold', 'silver'], agentEditable: true },
  ]) {
    expect((await call(admin, 'POST', '/attributes', def)).statusCode).toBe(201);
  }
});
afterAll(() => t?.close());

describe('bulk actions on a few contacts (done in the request)', () => {
  it('add and remove a tag on a selection; unknown ids fail, edits made elsewhere are kept', async () => {
    const ids = await seedContacts(db(), ws, t.clock.now(), [
      { firstName: 'A', tags: ['old'] },
      { firstName: 'B' },
      { firstName: 'C', tags: ['vip'] },
    ]);
    const unknown = '00000000-0000-4000-8000-00000000beef';
    const added = await bulk({ operation: { type: 'add_tag', tag: ' vip ' }, contactIds: [...ids, unknown, ids[0]] });
    expect(added).toMatchObject({ status: 'done', mode: 'inline', total: 4, done: 3, failed: 1, failures: [{ contactId: unknown }] });
    expect(await tagsOf(ids)).toEqual(
      new Map([
        [ids[0], ['old', 'vip']],
        [ids[1], ['vip']],
        [ids[2], ['vip']],
      ]),
    );
    const removed = await bulk({ operation: { type: 'remove_tag', tag: 'vip' }, contactIds: ids });
    expect(removed).toMatchObject({ done: 3, failed: 0 });
    expect((await tagsOf(ids)).get(ids[0]!)).toEqual(['old']);
    const got = await call(admin, 'GET', `/bulk-actions/${removed.id}`);
    expect(got.json()).toEqual(removed);
  });

  it('archive and activate all matching a filter, audited with the filter’s shape but not its values', async () => {
    const ids = await seedContacts(db(), ws, t.clock.now(), [
      { firstName: 'Rita', email: 'rita@secret.test', tags: ['wave1'] },
      { firstName: 'Rui', tags: ['wave1'] },
      { firstName: 'Other' },
    ]);
    const archived = await bulk({
      operation: { type: 'archive' },
      allMatching: { q: 'r', filter: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: 'wave1' }] } },
    });
    expect(archived).toMatchObject({ status: 'done', total: 2, done: 2 });
    const statuses = await db().select({ id: contacts.id, status: contacts.status }).from(contacts).where(inArray(contacts.id, ids));
    expect(new Map(statuses.map((s) => [s.id, s.status]))).toEqual(
      new Map([
        [ids[0], 'archived'],
        [ids[1], 'archived'],
        [ids[2], 'active'],
      ]),
    );
    // Archived contacts are hidden by default: activating them needs a status condition.
    const activated = await bulk({
      operation: { type: 'activate' },
      allMatching: {
        filter: {
          match: 'all',
          conditions: [
            { field: 'status', op: 'eq', value: 'archived' },
            { field: 'tags', op: 'contains', value: 'wave1' },
          ],
        },
      },
    });
    expect(activated.done).toBe(2);
    const [entry] = (await audits('contacts.bulk')).filter((a) => a.targetId === archived.id);
    expect(entry?.details).toEqual({
      operation: { type: 'archive' },
      selection: {
        allMatching: true,
        search: true,
        filter: { match: 'all', conditions: [{ field: 'tags', op: 'contains' }] },
        segment: null,
      },
      contacts: 2,
      mode: 'inline',
    });
    expect(JSON.stringify(entry)).not.toContain('wave1');
    expect(entry?.actorType).toBe('user');
  });

  it('set an attribute validated against its type; null clears it; agents only agent-editable ones', async () => {
    const ids = await seedContacts(db(), ws, t.clock.now(), [{ firstName: 'N1' }, { firstName: 'N2' }]);
    const cases: Array<[object, number, string]> = [
      [{ type: 'set_attribute', key: 'orders', value: 'lots' }, 400, 'operation.value'],
      [{ type: 'set_attribute', key: 'tier', value: 'bronze' }, 400, 'operation.value'],
      [{ type: 'set_attribute', key: 'shoe_size', value: 3 }, 400, 'operation.key'],
      [{ type: 'set_attribute', key: 'Bad Key', value: 3 }, 400, 'operation.key'],
    ];
    for (const [operation, status, field] of cases) {
      const res = await call(admin, 'POST', '/bulk-actions', { operation, contactIds: ids });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json().error.issues[0].field).toBe(field);
    }
    expect((await bulk({ operation: { type: 'set_attribute', key: 'orders', value: 7 }, contactIds: ids })).done).toBe(2);
    const values = await db()
      .select()
      .from(contactAttributeValues)
      .where(and(eq(contactAttributeValues.key, 'orders'), inArray(contactAttributeValues.contactId, ids)));
    expect(values.map((v) => v.valueNumber)).toEqual([7, 7]);
    const refused = await call(agent, 'POST', '/bulk-actions', {
      operation: { type: 'set_attribute', key: 'orders', value: 1 },
      contactIds: ids,
    });
    expect(refused.statusCode).toBe(403);
    expect((await bulk({ operation: { type: 'set_attribute', key: 'tier', value: 'gold' }, contactIds: ids }, agent)).done).toBe(2);
    await bulk({ operation: { type: 'set_attribute', key: 'orders', value: null }, contactIds: ids });
    const left = await db().select().from(contactAttributeValues).where(inArray(contactAttributeValues.contactId, ids));
    expect(left.map((v) => v.key)).toEqual(['tier', 'tier']);
  });

  it('create a static segment from all matching; a taken name is a 409 naming operation.name', async () => {
    const ids = await seedContacts(db(), ws, t.clock.now(), [
      { firstName: 'S1', tags: ['seg'] },
      { firstName: 'S2', tags: ['seg'] },
    ]);
    const made = await bulk({
      operation: { type: 'create_segment', name: 'Seg buyers', description: 'from bulk' },
      allMatching: taggedFilter('seg'),
    });
    expect(made).toMatchObject({ status: 'done', done: 2 });
    const members = await db().select().from(segmentMembers).where(eq(segmentMembers.segmentId, made.segmentId!));
    expect(members.map((m) => m.contactId).sort()).toEqual([...ids].sort());
    expect((await call(admin, 'GET', `/segments/${made.segmentId}/count`)).json().count).toBe(2);
    const taken = await call(admin, 'POST', '/bulk-actions', {
      operation: { type: 'create_segment', name: 'seg BUYERS' },
      contactIds: ids,
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.issues[0].field).toBe('operation.name');
  });

  it('delete: admins only; erases the contact and everything about it, like a GDPR erasure', async () => {
    const { contactId, conversationId } = await seedConversation(db(), ws, t.clock.now(), { state: 'assigned' }, { firstName: 'Gone' });
    await seedMessage(
      db(),
      ws,
      { conversationId, contactId },
      { direction: 'in', senderType: 'customer', text: 'hello', createdAt: t.clock.now() },
    );
    await seedAttributeValues(db(), ws, contactId, { orders: 2 }, t.clock.now());
    expect((await call(admin, 'POST', `/contacts/${contactId}/notes`, { text: 'note' })).statusCode).toBe(201);
    const refused = await call(agent, 'POST', '/bulk-actions', { operation: { type: 'delete' }, contactIds: [contactId] });
    expect(refused.statusCode).toBe(403);
    expect((await bulk({ operation: { type: 'delete' }, contactIds: [contactId] })).done).toBe(1);
    expect(await db().select().from(contacts).where(eq(contacts.id, contactId))).toEqual([]);
    expect(await db().select().from(contactNotes).where(eq(contactNotes.contactId, contactId))).toEqual([]);
    expect(await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.contactId, contactId))).toEqual([]);
    expect(await db().select().from(conversations).where(eq(conversations.id, conversationId))).toEqual([]);
    expect(await db().select().from(messages).where(eq(messages.contactId, contactId))).toEqual([]);
    expect((await call(admin, 'GET', `/contacts/${contactId}`)).statusCode).toBe(404);
  });

  it('refuse bad requests with a 400 naming the field', async () => {
    const id = await seedContact(db(), ws, t.clock.now(), { firstName: 'V' });
    const cases: Array<[object, string]> = [
      [{ operation: { type: 'archive' } }, 'contactIds'],
      [{ operation: { type: 'archive' }, contactIds: [id], allMatching: {} }, 'contactIds'],
      [{ operation: { type: 'paint' }, contactIds: [id] }, 'operation.type'],
      [{ operation: { type: 'add_tag', tag: '  ' }, contactIds: [id] }, 'operation.tag'],
      [{ operation: { type: 'add_tag', tag: 'x'.repeat(61) }, contactIds: [id] }, 'operation.tag'],
      [{ operation: { type: 'archive' }, contactIds: ['nope'] }, 'contactIds.0'],
      [
        {
          operation: { type: 'archive' },
          allMatching: { filter: { match: 'all', conditions: [{ field: 'password', op: 'eq', value: 1 }] } },
        },
        'allMatching.filter.conditions.0.field',
      ],
      [{ operation: { type: 'archive' }, allMatching: { segment: '00000000-0000-4000-8000-000000000001' } }, 'allMatching.segment'],
    ];
    for (const [payload, field] of cases) {
      const res = await call(admin, 'POST', '/bulk-actions', payload);
      expect(res.statusCode, `${JSON.stringify(payload)} ${res.body}`).toBe(400);
      expect(res.json().error.issues[0].field).toBe(field);
    }
    expect((await call(admin, 'GET', '/bulk-actions/00000000-0000-4000-8000-000000000001')).statusCode).toBe(404);
  });
});

describe('bulk actions on many contacts (a job in batches)', () => {
  const N = 1_250;
  let ids: string[];

  beforeAll(async () => {
    ids = await seedContacts(
      db(),
      ws,
      t.clock.now(),
      Array.from({ length: N }, (_, i) => ({ firstName: `Many ${i}`, tags: ['many'] })),
    );
  });

  const job = (a: BulkActionView) => ({ workspaceId: ws, actionId: a.id });
  const progress = async (a: BulkActionView) => (await call(admin, 'GET', `/bulk-actions/${a.id}`)).json() as BulkActionView;

  it('is queued, then applied batch by batch with progress; a re-delivered job applies nothing twice', async () => {
    const queued = await call(admin, 'POST', '/bulk-actions', {
      operation: { type: 'add_tag', tag: 'wave' },
      allMatching: taggedFilter('many'),
    });
    expect(queued.statusCode).toBe(202);
    const action = queued.json() as BulkActionView;
    expect(action).toMatchObject({ status: 'queued', mode: 'job', total: null, done: 0 });
    // The job carries ids only.
    const [stored] = await db()
      .execute(sql`select data from pgboss.job where name = 'contacts.bulk-action' and data->>'actionId' = ${action.id}`)
      .then((r) => (r as unknown as { rows: Array<{ data: unknown }> }).rows);
    expect(stored?.data).toEqual({ workspaceId: ws, actionId: action.id });

    // A budget of 0 ms: each run applies one batch, then queues its continuation.
    await runBulkAction(t.rt.deps, noBulkHooks, job(action), 0);
    expect(await progress(action)).toMatchObject({ status: 'running', total: N, done: 500, failed: 0 });
    await runBulkAction(t.rt.deps, noBulkHooks, job(action), 0);
    expect((await progress(action)).done).toBe(1000);
    await runBulkAction(t.rt.deps, noBulkHooks, job(action));
    const finished = await progress(action);
    expect(finished).toMatchObject({ status: 'done', total: N, done: N, failed: 0 });
    expect(finished.finishedAt).not.toBeNull();
    // Delivered again (a retry, a duplicate): nothing more happens.
    await runBulkAction(t.rt.deps, noBulkHooks, job(action));
    await runBulkAction(t.rt.deps, noBulkHooks, job(action));
    expect(await progress(action)).toEqual(finished);
    const tags = await tagsOf(ids);
    expect([...tags.values()].every((t) => t.filter((x) => x === 'wave').length === 1)).toBe(true);
    expect((await audits('contacts.bulk.finished')).filter((a) => a.targetId === action.id)).toHaveLength(1);
    expect(await db().select().from(bulkActionTargets).where(eq(bulkActionTargets.actionId, action.id))).toEqual([]);
    const [started] = (await audits('contacts.bulk')).filter((a) => a.targetId === action.id);
    expect(started?.details).toMatchObject({ contacts: null, mode: 'job', operation: { type: 'add_tag', tag: 'wave' } });
  });

  it('two runners at once apply every contact exactly once; edits made meanwhile are kept', async () => {
    const first = await bulk({ operation: { type: 'add_tag', tag: 'x1' }, allMatching: taggedFilter('many') });
    const second = await bulk({ operation: { type: 'add_tag', tag: 'x2' }, contactIds: ids });
    expect(second.mode).toBe('job');
    // Collect first, then edit a contact the way a single-contact change would, and delete another one.
    await runBulkAction(t.rt.deps, noBulkHooks, job(first), 0);
    // Two contacts the first action has not reached yet.
    const pending = await db().select().from(bulkActionTargets).where(eq(bulkActionTargets.actionId, first.id));
    expect(pending).toHaveLength(N - 500);
    const edited = pending[0]!.contactId;
    const deleted = pending[1]!.contactId;
    await bulk({ operation: { type: 'add_tag', tag: 'edited' }, contactIds: [edited] });
    await bulk({ operation: { type: 'delete' }, contactIds: [deleted] });
    await Promise.all([
      runBulkAction(t.rt.deps, noBulkHooks, job(first)),
      runBulkAction(t.rt.deps, noBulkHooks, job(first)),
      runBulkAction(t.rt.deps, noBulkHooks, job(second)),
      runBulkAction(t.rt.deps, noBulkHooks, job(second)),
    ]);
    const a = await progress(first);
    const b = await progress(second);
    // Deleting erases: the first action's pending target went with the contact (counted as failed, not named);
    // the second collected after the deletion and names the id it could not find.
    expect(a).toMatchObject({ status: 'done', total: N, done: N - 1, failed: 1, failures: [] });
    expect(b).toMatchObject({
      status: 'done',
      total: N,
      done: N - 1,
      failed: 1,
      failures: [{ contactId: deleted, reason: 'the contact no longer exists' }],
    });
    const tags = await tagsOf(ids);
    expect(tags.size).toBe(N - 1);
    for (const [id, list] of tags) {
      const expected = id === edited ? ['many', 'wave', 'x1', 'edited', 'x2'] : ['many', 'wave', 'x1', 'x2'];
      expect([...list].sort(), id).toEqual(expected.sort());
    }
    expect((await audits('contacts.bulk.finished')).filter((x) => x.targetId === first.id || x.targetId === second.id)).toHaveLength(2);
  });

  it('stops, recorded as failed, when its segment is deleted meanwhile', async () => {
    const made = await bulk({ operation: { type: 'create_segment', name: 'Big one' }, allMatching: taggedFilter('many') });
    expect(made.mode).toBe('job');
    await runBulkAction(t.rt.deps, noBulkHooks, job(made), 0);
    expect((await call(admin, 'DELETE', `/segments/${made.segmentId}`)).statusCode).toBe(204);
    await runBulkAction(t.rt.deps, noBulkHooks, job(made));
    const view = await progress(made);
    expect(view).toMatchObject({ status: 'failed', error: 'The segment was deleted meanwhile', done: 500 });
    expect(await db().select().from(bulkActionTargets).where(eq(bulkActionTargets.actionId, made.id))).toEqual([]);
  });
});
