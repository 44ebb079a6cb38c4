// The worker's batch path (processInboundEvents): a fetched batch of inbound events applied in one transaction,
// with the same effects as each event alone — and all or nothing, so the single path can take over.
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundHooks } from '../../jobs';
import { testEngine } from '../../testing/engines';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { connectWhatsApp, postWebhook, statusWebhook, textWebhook, whatsappEnv } from '../../testing/whatsapp';
import { inboundEvents } from '../channels/tables';
import { contacts } from '../contacts/tables';
import type { InboundHooks } from './customer-message';
import { processInboundEvent, processInboundEvents } from './process-event';
import { withTx } from '../../platform/db';
import { messages } from './tables';

let t: TestApp;
let admin: string;
let channelId: string;

beforeAll(async () => {
  t = await startTestApp({ env: whatsappEnv });
  admin = await t.login();
  channelId = (await connectWhatsApp(t, admin)).id;
});
afterAll(() => t?.close());

const db = () => t.rt.deps.db;

/** Post one text per entry and return their stored events, in arrival order. */
async function arrive(lines: Array<[waId: string, text: string]>) {
  const before = new Set((await db().select({ id: inboundEvents.id }).from(inboundEvents)).map((e) => e.id));
  for (const [waId, text] of lines) await postWebhook(t, textWebhook({ waId, name: `Batch ${waId}` }, text, t.clock.now()));
  const all = await db().select().from(inboundEvents).orderBy(inboundEvents.seq);
  return all.filter((e) => !before.has(e.id)).map((e) => ({ workspaceId: e.workspaceId, eventId: e.id }));
}

async function inboundTexts(waId: string) {
  const [c] = await db()
    .select()
    .from(contacts)
    .where(eq(contacts.channelName, `Batch ${waId}`));
  if (!c) return { contact: undefined, texts: [] as string[] };
  const rows = await db()
    .select()
    .from(messages)
    .where(and(eq(messages.contactId, c.id), eq(messages.direction, 'in')))
    .orderBy(messages.seq);
  return { contact: c, texts: rows.map((m) => m.text) };
}

const unprocessed = async (refs: Array<{ eventId: string }>) =>
  (
    await db()
      .select({ id: inboundEvents.id })
      .from(inboundEvents)
      .where(
        and(
          inArray(
            inboundEvents.id,
            refs.map((r) => r.eventId),
          ),
          isNull(inboundEvents.processedAt),
        ),
      )
  ).length;

describe('a batch of inbound events', () => {
  it('applies each customer’s messages in arrival order, older pending ones first, once however often it runs', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/first-message-tags',
      headers: { cookie: admin },
      payload: { match: 'exact', pattern: 'batch first', tag: 'Batch first' },
    });
    const [a1, b1, a2, b2, a3] = await arrive([
      ['14155551001', 'batch first'],
      ['14155551002', 'batch first'],
      ['14155551001', 'a two'],
      ['14155551002', 'b two'],
      ['14155551001', 'a three'],
    ]);
    // The batch holds neither customer's first message, and lists the others out of order.
    const batch = [a3!, b2!, a2!];
    await processInboundEvents(t.rt.deps, batch, inboundHooks);
    const a = await inboundTexts('14155551001');
    const b = await inboundTexts('14155551002');
    expect(a.texts).toEqual(['batch first', 'a two', 'a three']);
    expect(b.texts).toEqual(['batch first', 'b two']);
    expect(a.contact!.tags).toEqual(['Batch first']);
    expect(a.contact!.messagesFromCustomer).toBe(3);
    expect(b.contact!.messagesFromCustomer).toBe(2);
    expect(await unprocessed([a1!, b1!, a2!, b2!, a3!])).toBe(0);

    // Run again (a job redelivered), and the first messages' own jobs: nothing changes.
    await processInboundEvents(t.rt.deps, [...batch, a1!, b1!], inboundHooks);
    expect((await inboundTexts('14155551001')).texts).toHaveLength(3);
    expect((await inboundTexts('14155551001')).contact!.messagesFromCustomer).toBe(3);
    expect((await inboundTexts('14155551002')).texts).toHaveLength(2);
  });

  it('orders a status with its customer’s messages (same key), and one without a recipient with nothing', async () => {
    await postWebhook(t, statusWebhook('wamid.KEYED', 'delivered', t.clock.now(), { recipient_id: '16505550404' }));
    const anonymous = statusWebhook('wamid.UNKEYED', 'delivered', t.clock.now());
    const value = anonymous.entry[0]!.changes[0]!.value as unknown as { statuses: Array<Record<string, unknown>> };
    delete value.statuses[0]!.recipient_id;
    await postWebhook(t, anonymous);
    await postWebhook(t, textWebhook({ waId: '16505550404', name: 'Batch 16505550404' }, 'hi', t.clock.now()));
    const rows = await db().select().from(inboundEvents).orderBy(inboundEvents.seq);
    const keyOf = (providerKey: string) => rows.find((r) => r.providerKey.startsWith(providerKey))!.orderKey;
    expect(keyOf('status:wamid.KEYED:')).toBe(`${channelId}:wa:16505550404`);
    expect(keyOf('status:wamid.UNKEYED:')).toBeNull();
    expect(rows.filter((r) => r.orderKey === `${channelId}:wa:16505550404`)).toHaveLength(2);
  });

  it('fails as a whole, keeping nothing, and each event alone still goes through (the poison one fails alone)', async () => {
    const poisoned: InboundHooks = {
      ...inboundHooks,
      customerMessage: [
        async (_deps, _tx, event) => {
          if (event.message.text === 'poison') throw new Error('listener refuses poison');
        },
      ],
    };
    const refs = await arrive([
      ['14155551011', 'fine one'],
      ['14155551012', 'poison'],
      ['14155551013', 'fine two'],
    ]);
    await expect(processInboundEvents(t.rt.deps, refs, poisoned)).rejects.toThrow('listener refuses poison');
    expect((await inboundTexts('14155551011')).texts).toEqual([]);
    expect(await unprocessed(refs)).toBe(3);

    const alone = await Promise.allSettled(refs.map((r) => processInboundEvent(t.rt.deps, r, poisoned)));
    expect(alone.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await inboundTexts('14155551011')).texts).toEqual(['fine one']);
    expect((await inboundTexts('14155551013')).texts).toEqual(['fine two']);
    const [poison] = await db().select().from(inboundEvents).where(eq(inboundEvents.id, refs[1]!.eventId));
    expect(poison!.processedAt).toBeNull();
    expect(poison!.error).toMatch(/listener refuses poison/);
  });

  it('runs beside another batch of the same customers, listed the other way round, without a deadlock or a lost message', async () => {
    const customers = ['14155551021', '14155551022', '14155551023', '14155551024'];
    const lines: Array<[string, string]> = [];
    for (let i = 1; i <= 3; i++) for (const c of customers) lines.push([c, `message ${i}`]);
    const refs = await arrive(lines);
    const half = Math.ceil(refs.length / 2);
    await Promise.all([
      processInboundEvents(t.rt.deps, refs.slice(0, half), inboundHooks),
      processInboundEvents(t.rt.deps, refs.slice(half).reverse(), inboundHooks),
      processInboundEvents(t.rt.deps, [...refs].reverse(), inboundHooks),
    ]);
    for (const c of customers) {
      const { contact, texts } = await inboundTexts(c);
      expect(texts).toEqual(['message 1', 'message 2', 'message 3']);
      expect(contact!.messagesFromCustomer).toBe(3);
    }
    expect(await unprocessed(refs)).toBe(0);
  });

  // PGlite runs one transaction at a time: no other worker can hold a customer there.
  it.runIf(testEngine() === 'postgres')(
    'does not wait for a customer another worker holds: the rest commits, that customer’s event follows once free',
    async () => {
      const refs = await arrive([
        ['14155551031', 'free one'],
        ['14155551032', 'held'],
        ['14155551033', 'free two'],
      ]);
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let holding!: () => void;
      const held = new Promise<void>((r) => (holding = r));
      const holder = withTx(db(), async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${channelId}:wa:14155551032`}, 0))`);
        holding();
        await released;
      });
      await held;
      const batch = processInboundEvents(t.rt.deps, refs, inboundHooks);
      for (let i = 0; i < 100 && (await unprocessed([refs[0]!, refs[2]!])) > 0; i++) await new Promise((r) => setTimeout(r, 50));
      // The others are committed while the held customer's event still waits.
      expect(await unprocessed([refs[0]!, refs[2]!])).toBe(0);
      expect(await unprocessed([refs[1]!])).toBe(1);
      release();
      await Promise.all([holder, batch]);
      expect((await inboundTexts('14155551032')).texts).toEqual(['held']);
      expect(await unprocessed(refs)).toBe(0);
    },
  );
});
