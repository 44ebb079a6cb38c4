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

const message = (wamid: string, text: string, at: Date): NormalizedMessage => ({
  kind: 'message',
  providerMessageId: wamid,
  at: at.toISOString(),
  from: { keys: ['wa:14155550707'], profileName: 'Twice' },
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
});
