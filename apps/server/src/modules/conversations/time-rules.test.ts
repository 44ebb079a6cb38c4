import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { connectWhatsApp, postWebhook, processPending, textWebhook, whatsappEnv } from '../../testing/whatsapp';
import { contacts } from '../contacts/tables';
import { closeExpiredConversations } from './housekeeping';
import { contactSessions, conversations, messages } from './tables';

let t: TestApp;
let admin: string;

beforeAll(async () => {
  // The fake clock jumps by days here: keep the staff session alive through them.
  t = await startTestApp({ env: { ...whatsappEnv, SESSION_IDLE_MINUTES: '43200', SESSION_MAX_HOURS: '8760' } });
  admin = await t.login();
  await connectWhatsApp(t, admin);
});
afterAll(() => t?.close());

const db = () => t.rt.deps.db;
const MIN = 60_000;
const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: admin }, payload });

async function customerWrites(waId: string, name: string, text: string) {
  await postWebhook(t, textWebhook({ waId, name }, text, t.clock.now()));
  await processPending(t);
  const [c] = await db().select().from(contacts).where(eq(contacts.channelName, name));
  const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, c!.id)).orderBy(conversations.openedAt);
  return { contact: c!, conversation: conv! };
}

async function openConversationOf(contactId: string) {
  const rows = await db().select().from(conversations).where(eq(conversations.contactId, contactId));
  return rows.find((r) => r.state !== 'closed');
}

describe('the 24-hour window', () => {
  it('allows free-form messages until 24 h after the customer\u2019s last message, then refuses them clearly', async () => {
    const { contact } = await customerWrites('16505551001', 'Window', 'hello');
    const conv = (await openConversationOf(contact.id))!;
    t.clock.advance(23 * 60 * MIN);
    const inside = await api('POST', `/conversations/${conv.id}/messages`, { text: 'Still here?' });
    expect(inside.statusCode).toBe(202);
    expect(inside.json()).toMatchObject({ status: 'queued', direction: 'out', senderType: 'agent' });
    t.clock.advance(2 * 60 * MIN);
    const outside = await api('POST', `/conversations/${conv.id}/messages`, { text: 'Hello again' });
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error).toMatchObject({ code: 'window_closed' });
    expect(outside.json().error.message).toMatch(/template/);
    const detail = await api('GET', `/conversations/${conv.id}`);
    expect(new Date(detail.json().windowClosesAt).getTime()).toBeLessThan(t.clock.now().getTime());
  });

  it('closes bot-only conversations when their window ends; they count as unmanaged', async () => {
    const { contact } = await customerWrites('16505551002', 'BotOnly', 'hi');
    t.clock.advance(24 * 60 * MIN + MIN);
    await closeExpiredConversations(t.rt.deps);
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, contact.id));
    expect(conv).toMatchObject({ state: 'closed', closedReason: 'Window ended', closedBy: 'system', hadAgent: false });
    // the next message opens a new conversation in `bot`
    await customerWrites('16505551002', 'BotOnly', 'back again');
    expect((await openConversationOf(contact.id))!.state).toBe('bot');
  });
});

describe('sessions', () => {
  it('start after a gap longer than the session length, and add up the time spent', async () => {
    // WhatsApp stamps messages to the second and the bot answers at once: on a whole second, both are the same instant.
    t.clock.set(new Date(Math.ceil(t.clock.now().getTime() / 1000) * 1000));
    await customerWrites('16505551003', 'Sessions', 'one');
    t.clock.advance(10 * MIN);
    await customerWrites('16505551003', 'Sessions', 'two');
    t.clock.advance(31 * MIN);
    const { contact } = await customerWrites('16505551003', 'Sessions', 'three');
    const sessions = await db().select().from(contactSessions).where(eq(contactSessions.contactId, contact.id));
    expect(sessions).toHaveLength(2);
    expect(contact.sessionsCount).toBe(2);
    // 10 minutes between "one" and "two" (the bot answered each in the same instant)
    expect(contact.timeSpentSeconds).toBe(600);
  });

  it('never expire for a contact with an infinite session', async () => {
    const first = await customerWrites('16505551004', 'Infinite', 'one');
    expect((await api('PUT', `/contacts/${first.contact.id}/infinite-session`, { enabled: true })).json().infiniteSession).toBe(true);
    t.clock.advance(5 * 60 * MIN);
    const { contact } = await customerWrites('16505551004', 'Infinite', 'two');
    expect(contact.sessionsCount).toBe(1);
  });
});

describe('pause bot', () => {
  it('silences the bot for N minutes (workspace default 10) and resumes by itself', async () => {
    const first = await customerWrites('16505551005', 'Paused', 'hi');
    const conv = (await openConversationOf(first.contact.id))!;
    const paused = await api('POST', `/contacts/${first.contact.id}/pause-bot`, {});
    expect(new Date(paused.json().botPausedUntil).getTime()).toBe(t.clock.now().getTime() + 10 * MIN);
    await api('POST', `/conversations/${conv.id}/close`, { reason: 'Resolved' });
    await customerWrites('16505551005', 'Paused', 'are you there?');
    const greetings = async () =>
      (await db().select().from(messages).where(eq(messages.contactId, first.contact.id))).filter((m) => m.senderType === 'bot');
    expect(await greetings()).toHaveLength(1); // only the first conversation's
    t.clock.advance(11 * MIN);
    await api('POST', `/conversations/${(await openConversationOf(first.contact.id))!.id}/close`, { reason: 'Resolved' });
    await customerWrites('16505551005', 'Paused', 'hello?');
    expect(await greetings()).toHaveLength(2);
  });
});

describe('closing', () => {
  it('requires a reason from the workspace\u2019s list, keeps who and when, and refuses closing twice', async () => {
    const { contact } = await customerWrites('16505551006', 'Closing', 'hi');
    const conv = (await openConversationOf(contact.id))!;
    const bad = await api('POST', `/conversations/${conv.id}/close`, { reason: 'Because' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('reason');
    const ok = await api('POST', `/conversations/${conv.id}/close`, { reason: 'Resolved' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ state: 'closed', closedReason: 'Resolved' });
    expect((await api('POST', `/conversations/${conv.id}/close`, { reason: 'Resolved' })).statusCode).toBe(409);
  });

  it('closes idle conversations after the configured time', async () => {
    const settings = (await api('GET', '/settings/conversations')).json();
    expect((await api('PUT', '/settings/conversations', { ...settings, idleCloseMinutes: 60 })).statusCode).toBe(200);
    const { contact } = await customerWrites('16505551007', 'Idle', 'hi');
    await db().update(conversations).set({ state: 'waiting' }).where(eq(conversations.contactId, contact.id));
    t.clock.advance(59 * MIN);
    await closeExpiredConversations(t.rt.deps);
    expect((await openConversationOf(contact.id))?.state).toBe('waiting');
    t.clock.advance(2 * MIN);
    await closeExpiredConversations(t.rt.deps);
    expect(await openConversationOf(contact.id)).toBeUndefined();
    await api('PUT', '/settings/conversations', settings);
  });

  it('refuses bad settings, naming the field', async () => {
    const res = await api('PUT', '/settings/conversations', {
      sessionMinutes: 0,
      pauseMinutes: 10,
      idleCloseMinutes: 60,
      closeReasons: [],
    });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .error.issues.map((i: { field: string }) => i.field)
        .sort(),
    ).toEqual(['closeReasons', 'sessionMinutes']);
  });
});
