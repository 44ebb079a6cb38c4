import type { BulkActionView, ServerMessage } from '@parley/contracts';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContacts } from '../../../testing/contacts';
import { connectStaffSocket, listenForSockets } from '../../../testing/sockets';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { contacts } from '../tables';

let t: TestApp;
let admin: string;
let ws: string;
let socketUrl: string;

beforeAll(async () => {
  // The worker runs: the job goes through pg-boss as in production.
  t = await startTestApp({ worker: true });
  admin = await t.login();
  ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
  socketUrl = await listenForSockets(t.app);
});
afterAll(() => t?.close());

describe('a large bulk action through the job queue', () => {
  it('archives 1,100 contacts in batches, with progress pushed to whoever started it', async () => {
    await seedContacts(
      t.rt.deps.db,
      ws,
      t.clock.now(),
      Array.from({ length: 1_100 }, (_, i) => ({ firstName: `Old ${i}`, tags: ['stale'] })),
    );
    const socket = await connectStaffSocket(socketUrl, admin);
    await socket.waitFor((m) => m.type === 'hello');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bulk-actions',
      headers: { cookie: admin },
      payload: {
        operation: { type: 'archive' },
        allMatching: { filter: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: 'stale' }] } },
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    const action = res.json() as BulkActionView;
    const progress = (m: ServerMessage) => m.type === 'event' && m.event.name === 'bulk.progress' && m.event.data.id === action.id;
    const finished = await socket.waitFor(
      (m) => progress(m) && m.type === 'event' && m.event.name === 'bulk.progress' && m.event.data.status === 'done',
      60_000,
    );
    expect(finished[0]).toMatchObject({ event: { data: { total: 1_100, done: 1_100, failed: 0 } } });
    // At least the collection and each of the three batches were reported, in order.
    const dones = socket.inbox
      .filter(progress)
      .map((m) => (m.type === 'event' && m.event.name === 'bulk.progress' ? m.event.data.done : -1));
    expect(dones.slice(0, 4)).toEqual([0, 500, 1000, 1100]);
    socket.close();

    const view = (await t.app.inject({ method: 'GET', url: `/api/v1/bulk-actions/${action.id}`, headers: { cookie: admin } })).json();
    expect(view).toMatchObject({ status: 'done', mode: 'job', total: 1_100, done: 1_100, failed: 0 });
    const [archived] = await t.rt.deps.db
      .select({ n: count() })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ws), eq(contacts.status, 'archived')));
    expect(archived?.n).toBe(1_100);
  });
});
