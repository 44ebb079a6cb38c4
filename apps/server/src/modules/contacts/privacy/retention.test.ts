// The retention policy: settings API, and the daily job on the fake clock — old message content goes, inactive
// contacts are erased through the GDPR path, everything recent stays.
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedules } from '../../../jobs';
import { CHANNEL, seedConversation, seedMessage } from '../../../testing/admin-views';
import { seedContact } from '../../../testing/contacts';
import { createStaff, runJobs } from '../../../testing/routing';
import { startTestApp, type TestApp } from '../../../testing/test-app';
import { inboundEvents, mediaFiles } from '../../channels/tables';
import { conversations, messages } from '../../conversations/tables';
import { auditLog } from '../../identity/tables';
import { contacts } from '../tables';
import { retentionJob } from './jobs';

let t: TestApp;
let admin: string;
let ws: string;
let activeContact: string;
const db = () => t.rt.deps.db;
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(t.clock.now().getTime() - n * DAY);
const call = (method: 'GET' | 'PUT', url: string, payload?: object, cookie = admin) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
});
afterAll(() => t?.close());

async function runDaily() {
  await t.rt.queue.enqueue(undefined, retentionJob, {});
  expect(await runJobs(t, ['contacts.retention'])).toBe(1);
}

describe('the retention policy', () => {
  it('is off by default, set by admins only, and checked', async () => {
    expect((await call('GET', '/settings/retention')).json()).toEqual({
      messagesDays: null,
      inactiveContactsDays: null,
      lastRunAt: null,
      lastRun: null,
    });
    const agent = await createStaff(t, admin, 'Agent Rita');
    expect((await call('PUT', '/settings/retention', { messagesDays: 30, inactiveContactsDays: null }, agent.cookie)).statusCode).toBe(403);
    for (const [body, field] of [
      [{ messagesDays: 0, inactiveContactsDays: null }, 'messagesDays'],
      [{ messagesDays: 1.5, inactiveContactsDays: null }, 'messagesDays'],
      [{ messagesDays: 30, inactiveContactsDays: 'a year' }, 'inactiveContactsDays'],
      [{ messagesDays: 30 }, 'inactiveContactsDays'],
    ] as const) {
      const res = await call('PUT', '/settings/retention', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.issues[0].field).toBe(field);
    }
    const saved = await call('PUT', '/settings/retention', { messagesDays: 30, inactiveContactsDays: 365 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ messagesDays: 30, inactiveContactsDays: 365 });
  });

  it('runs daily as a scheduled job', () => {
    expect(schedules.find((s) => s.job.name === retentionJob.name)?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  });

  it('erases old message content and inactive contacts, and keeps what is recent', async () => {
    // Active: an old conversation and a recent one.
    const active = await seedConversation(db(), ws, daysAgo(40), {
      state: 'closed',
      closedAt: daysAgo(40),
      lastCustomerText: 'old words',
      lastCustomerMessageAt: daysAgo(40),
    });
    await db()
      .update(contacts)
      .set({ lastActiveAt: daysAgo(1), lastMessageAt: daysAgo(1), lastMessagePreview: 'fresh' })
      .where(eq(contacts.id, active.contactId));
    activeContact = active.contactId;
    const oldMessage = await seedMessage(db(), ws, active, {
      direction: 'in',
      senderType: 'customer',
      createdAt: daysAgo(40),
      text: 'old words',
      content: { type: 'image', mediaId: 'old-media' },
    });
    const newMessage = await seedMessage(db(), ws, active, {
      direction: 'in',
      senderType: 'customer',
      createdAt: daysAgo(1),
      text: 'fresh words',
    });
    await db()
      .insert(mediaFiles)
      .values({
        workspaceId: ws,
        channelId: CHANNEL,
        providerMediaId: 'old-media',
        mimeType: 'image/png',
        sizeBytes: 1,
        bytes: Buffer.from('x'),
        downloadedAt: daysAgo(40),
      });
    await db()
      .insert(inboundEvents)
      .values([
        {
          workspaceId: ws,
          channelId: CHANNEL,
          providerKey: 'msg:old',
          kind: 'message',
          payload: { text: 'old words' },
          receivedAt: daysAgo(40),
          processedAt: daysAgo(40),
        },
        {
          workspaceId: ws,
          channelId: CHANNEL,
          providerKey: 'msg:new',
          kind: 'message',
          payload: { text: 'fresh words' },
          receivedAt: daysAgo(1),
          processedAt: daysAgo(1),
        },
        // Never processed: work to do (or to look at), never pruned.
        { workspaceId: ws, channelId: CHANNEL, providerKey: 'msg:stuck', kind: 'message', payload: {}, receivedAt: daysAgo(40) },
      ]);
    // Inactive for 400 days: erased. New, never written: kept (created recently).
    const gone = await seedConversation(db(), ws, daysAgo(500), { state: 'closed', closedAt: daysAgo(400) });
    await db()
      .update(contacts)
      .set({ createdAt: daysAgo(500), lastActiveAt: daysAgo(400), lastMessageAt: daysAgo(400) })
      .where(eq(contacts.id, gone.contactId));
    await seedMessage(db(), ws, gone, { direction: 'in', senderType: 'customer', createdAt: daysAgo(400), text: 'long ago' });
    const newcomer = await seedContact(db(), ws, daysAgo(10), { firstName: 'Newcomer' });

    await runDaily();

    const left = await db().select({ id: messages.id }).from(messages).where(eq(messages.workspaceId, ws));
    expect(left.map((m) => m.id)).toEqual([newMessage]);
    expect(left.map((m) => m.id)).not.toContain(oldMessage);
    expect(await db().select().from(mediaFiles).where(eq(mediaFiles.workspaceId, ws))).toEqual([]);
    const events = await db().select({ key: inboundEvents.providerKey }).from(inboundEvents).where(eq(inboundEvents.workspaceId, ws));
    expect(events.map((e) => e.key).sort()).toEqual(['msg:new', 'msg:stuck']);
    // The old conversation keeps its record, not its words.
    const [conv] = await db().select().from(conversations).where(eq(conversations.id, active.conversationId));
    expect(conv).toMatchObject({ state: 'closed', lastCustomerText: null });

    const remaining = await db()
      .select({ id: contacts.id })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ws), inArray(contacts.id, [active.contactId, gone.contactId, newcomer])));
    expect(remaining.map((c) => c.id).sort()).toEqual([active.contactId, newcomer].sort());
    expect(await db().select().from(conversations).where(eq(conversations.contactId, gone.contactId))).toEqual([]);

    const policy = (await call('GET', '/settings/retention')).json();
    expect(policy.lastRunAt).toBe(t.clock.now().toISOString());
    expect(policy.lastRun).toMatchObject({ messages: 2, contacts: 1, mediaFiles: 1, inboundEvents: 1 });
    const [entry] = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ws), eq(auditLog.action, 'contact.erased')));
    expect(entry).toMatchObject({ actorType: 'system', targetType: 'contacts', details: { reason: 'retention', inactiveDays: 365 } });
  });

  it('is idempotent, and follows the clock: a day-old message goes once it is older than the policy', async () => {
    await runDaily();
    expect((await db().select().from(messages).where(eq(messages.workspaceId, ws))).length).toBe(1);
    const [before] = await db().select({ preview: contacts.lastMessagePreview }).from(contacts).where(eq(contacts.id, activeContact));
    expect(before).toEqual({ preview: 'fresh' });
    t.clock.advance(30 * DAY);
    admin = await t.login();
    await runDaily();
    expect(await db().select().from(messages).where(eq(messages.workspaceId, ws))).toEqual([]);
    // The list's "last message" is message content too.
    const [c] = await db().select({ preview: contacts.lastMessagePreview }).from(contacts).where(eq(contacts.id, activeContact));
    expect(c).toEqual({ preview: null });
  });

  it('keeps everything once turned off', async () => {
    expect((await call('PUT', '/settings/retention', { messagesDays: null, inactiveContactsDays: null })).statusCode).toBe(200);
    const kept = await seedContact(db(), ws, daysAgo(3000), { firstName: 'Ancient' });
    await runDaily();
    expect(await db().select({ id: contacts.id }).from(contacts).where(eq(contacts.id, kept))).toEqual([{ id: kept }]);
  });
});
