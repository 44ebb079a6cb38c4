import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTx } from '../../platform/db';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { countUnresolvedQuery, optOutOfMarketing, recordGoalCompletion } from './bot-actions';
import { contacts, goalCompletions } from './tables';

let t: TestApp;
let workspaceId: string;
let contactId: string;
const db = () => t.rt.deps.db;
const conversationId = '11111111-1111-4111-8111-111111111111';

beforeAll(async () => {
  t = await startTestApp();
  const admin = await t.login();
  workspaceId = (await t.app.inject({ url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
  const now = t.clock.now();
  const [c] = await db()
    .insert(contacts)
    .values({ workspaceId, firstName: 'Goal', source: 'organic', createdAt: now, updatedAt: now })
    .returning();
  contactId = c!.id;
});
afterAll(() => t?.close());

const contact = async () =>
  (
    await db()
      .select()
      .from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
  )[0]!;

describe('bot action targets', () => {
  it('records a goal once per conversation and name', async () => {
    const at = t.clock.now();
    const g = { workspaceId, contactId, conversationId, name: 'quote_requested', at };
    expect(await withTx(db(), (tx) => recordGoalCompletion(tx, g))).toBe(true);
    expect(await withTx(db(), (tx) => recordGoalCompletion(tx, { ...g, at: new Date(at.getTime() + 1000) }))).toBe(false);
    expect(await withTx(db(), (tx) => recordGoalCompletion(tx, { ...g, name: 'paid' }))).toBe(true);
    const rows = await db().select().from(goalCompletions).where(eq(goalCompletions.conversationId, conversationId));
    expect(rows.map((r) => r.name).sort()).toEqual(['paid', 'quote_requested']);
    expect(rows.find((r) => r.name === 'quote_requested')!.completedAt.getTime()).toBe(at.getTime());
    await expect(withTx(db(), (tx) => recordGoalCompletion(tx, { ...g, name: '  ' }))).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('opts the contact out of marketing, keeping the first time', async () => {
    const first = t.clock.now();
    await withTx(db(), (tx) => optOutOfMarketing(tx, workspaceId, contactId, first));
    await withTx(db(), (tx) => optOutOfMarketing(tx, workspaceId, contactId, new Date(first.getTime() + 60_000)));
    const c = await contact();
    expect(c.optedOutMarketing).toBe(true);
    expect(c.optedOutAt?.getTime()).toBe(first.getTime());
  });

  it('counts unresolved queries atomically', async () => {
    const before = (await contact()).unresolvedQueries;
    await Promise.all([1, 2, 3].map(() => withTx(db(), (tx) => countUnresolvedQuery(tx, workspaceId, contactId))));
    expect((await contact()).unresolvedQueries).toBe(before + 3);
  });
});
