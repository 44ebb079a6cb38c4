// A customer's message stored with its effects in one statement: a message stored twice (the same wamid on the
// same channel) must change nothing the second time — no message, counter, session, window or conversation change.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTx } from '../../platform/db';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { demoWhatsApp, whatsappEnv } from '../../testing/whatsapp';
import type { NormalizedMessage } from '../channels';
import { contactIdentities, contacts } from '../contacts/tables';
import { noInboundHooks } from './customer-message';
import { receiveInbound } from './receive-inbound';
import { contactSessions, conversations, messages } from './tables';

let t: TestApp;
let workspaceId: string;
let channelId: string;

beforeAll(async () => {
  t = await startTestApp({ env: whatsappEnv });
  ({ workspaceId, channelId } = await demoWhatsApp(t));
});
afterAll(() => t?.close());

const message = (wamid: string, text: string, at: Date, from = '14155550707'): NormalizedMessage => ({
  kind: 'message',
  providerMessageId: wamid,
  at: at.toISOString(),
  from: { keys: [`wa:${from}`], profileName: 'Twice' },
  type: 'text',
  text,
  content: { body: text },
});
const receive = (m: NormalizedMessage) =>
  withTx(t.rt.deps.db, (tx) => receiveInbound(t.rt.deps, tx, workspaceId, channelId, m, t.clock.now(), noInboundHooks));

async function state(contactId: string) {
  const db = t.rt.deps.db;
  const [c] = await db.select().from(contacts).where(eq(contacts.id, contactId));
  const stored = await db.select({ id: messages.id }).from(messages).where(eq(messages.contactId, contactId));
  const [sessions] = await db
    .select({ n: sql<number>`count(*)::int`, count: sql<number>`sum(${contactSessions.messageCount})::int` })
    .from(contactSessions)
    .where(eq(contactSessions.contactId, contactId));
  const [conv] = await db.select().from(conversations).where(eq(conversations.contactId, contactId));
  const [identity] = await db
    .select({ lastInboundAt: contactIdentities.lastInboundAt })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.channelId, channelId), eq(contactIdentities.contactId, contactId)));
  return {
    messages: stored.length,
    fromCustomer: c!.messagesFromCustomer,
    sentimentCount: c!.sentimentCount,
    sessions,
    lastCustomerText: conv!.lastCustomerText,
    lastInboundAt: identity!.lastInboundAt?.toISOString(),
  };
}

describe('receiveInbound', () => {
  it('stores a message with its effects once: the same wamid again changes nothing', async () => {
    const first = await receive(message('wamid.TWICE-1', 'hahaha great', t.clock.now()));
    expect(first).not.toBeNull();
    const after = await state(first!.contactId);
    expect(after).toMatchObject({ messages: 1, fromCustomer: 1, sentimentCount: 1, sessions: { n: 1, count: 1 } });
    expect(after.lastCustomerText).toBe('hahaha great');

    t.clock.advance(60_000);
    // The same wamid, later and with another text (a provider replaying it): refused as a whole.
    const again = await receive(message('wamid.TWICE-1', 'so slow!', t.clock.now()));
    expect(again).toBeNull();
    expect(await state(first!.contactId)).toEqual(after);

    // A new message still counts.
    const next = await receive(message('wamid.TWICE-2', 'thanks', t.clock.now()));
    expect(next).toMatchObject({ contactId: first!.contactId });
    expect(await state(first!.contactId)).toMatchObject({ messages: 2, fromCustomer: 2, sessions: { n: 1, count: 2 } });
  });

  // The statement's text is built once from placeholders: every message must still bind its own values.
  it('each message binds its own values: sentiment or none, previews, texts, times and contents', async () => {
    const from = '14155550808';
    const at1 = t.clock.now();
    const first = await receive(message('wamid.OWN-1', 'hahaha love it', at1, from));
    t.clock.advance(5_000);
    const image: NormalizedMessage = {
      ...message('wamid.OWN-2', '', t.clock.now(), from),
      type: 'image',
      content: { mediaId: 'media-own-2', mimeType: 'image/jpeg' },
    };
    await receive(image);
    t.clock.advance(5_000);
    const long = `${'slow '.repeat(120)}end`; // 603 characters
    const at3 = t.clock.now();
    await receive(message('wamid.OWN-3', long, at3, from));
    const contactId = first!.contactId;

    const db = t.rt.deps.db;
    const [c] = await db.select().from(contacts).where(eq(contacts.id, contactId));
    expect(c).toMatchObject({ messagesFromCustomer: 3, sentimentCount: 2, timeSpentSeconds: 10 });
    expect(c!.lastMessageAt?.toISOString()).toBe(at3.toISOString());
    expect(c!.lastMessagePreview).toBe(`${long.slice(0, 199)}…`);
    const stored = await db
      .select({
        type: messages.type,
        text: messages.text,
        content: messages.content,
        sentiment: messages.sentiment,
        createdAt: messages.createdAt,
      })
      .from(messages)
      .where(eq(messages.contactId, contactId))
      .orderBy(messages.createdAt);
    expect(stored.map((m) => [m.type, m.text?.length, m.content])).toEqual([
      ['text', 'hahaha love it'.length, { body: 'hahaha love it' }],
      ['image', 0, { mediaId: 'media-own-2', mimeType: 'image/jpeg' }],
      ['text', long.length, { body: long }],
    ]);
    expect(stored[0]!.sentiment).toBeGreaterThan(0);
    expect(stored[1]!.sentiment).toBeNull();
    expect(stored[2]!.sentiment).toBeLessThan(0);
    expect(stored[0]!.createdAt.toISOString()).toBe(at1.toISOString());
    expect(c!.sentimentSum).toBeCloseTo(stored[0]!.sentiment! + stored[2]!.sentiment!, 6);
    const [conv] = await db.select().from(conversations).where(eq(conversations.contactId, contactId));
    expect(conv!.lastCustomerText).toBe(long.slice(0, 500));
    expect(conv!.lastCustomerMessageAt?.toISOString()).toBe(at3.toISOString());

    // Another customer's message takes none of them.
    const other = await receive(message('wamid.OWN-4', 'hello', t.clock.now(), '14155550909'));
    const [o] = await db.select().from(contacts).where(eq(contacts.id, other!.contactId));
    expect(o).toMatchObject({
      messagesFromCustomer: 1,
      sentimentCount: 1,
      sentimentSum: 0,
      lastMessagePreview: 'hello',
      timeSpentSeconds: 0,
    });
  });
});
