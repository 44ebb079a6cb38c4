import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDeskWorld, type DeskWorld } from '../../testing/desk';
import { ok, seedWaiting, type Staff } from '../../testing/routing';
import { PHONE_NUMBER_ID } from '../../testing/whatsapp';
import { messages } from '../conversations/tables';

// The agent desk over HTTP: canned replies, internal notes, the Mine / Queue lists, the composer's window rules and
// templates, and a failed message's reason — on a number served by the fake Graph API.
let w: DeskWorld;
let anna: Staff; // agent, Support member
let ben: Staff; // agent, in no skillset
let support: string;
let sales: string;

const HOUR = 3_600_000;
const call = (cookie: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT', url: string, payload?: object) =>
  w.t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
const db = () => w.t.rt.deps.db;
let customerSeq = 0;
const newCustomer = (name: string) => ({ waId: `1650555${String(2000 + customerSeq++).padStart(4, '0')}`, name });

beforeAll(async () => {
  w = await startDeskWorld();
  anna = await w.agent('Anna Agent');
  ben = await w.agent('Ben Agent');
  support = ok(await call(w.cookie, 'POST', '/skillsets', { name: 'Support' }), 201).id;
  sales = ok(await call(w.cookie, 'POST', '/skillsets', { name: 'Sales' }), 201).id;
  ok(await call(w.cookie, 'PUT', `/skillsets/${support}/members`, { userIds: [anna.userId] }));
});
afterAll(() => w?.close());
beforeEach(() => w.fake.reset());

describe('canned replies', () => {
  it('admins keep the list; agents read it; shortcuts are unique and placeholders known', async () => {
    const created = ok(
      await call(w.cookie, 'POST', '/canned-replies', {
        title: 'Greeting',
        shortcut: '/Hello',
        text: 'Hi {{first_name|there}}, I am {{agent_name}}. How can I help?',
      }),
      201,
    );
    expect(created).toMatchObject({ shortcut: '/hello', title: 'Greeting' });
    const list = ok(await call(anna.cookie, 'GET', '/canned-replies'));
    expect(list.items.map((r: { shortcut: string }) => r.shortcut)).toContain('/hello');

    // Agents read, they do not edit.
    expect((await call(anna.cookie, 'POST', '/canned-replies', { title: 'X', shortcut: '/x', text: 'x' })).statusCode).toBe(403);
    expect((await call(anna.cookie, 'DELETE', `/canned-replies/${created.id}`)).statusCode).toBe(403);

    const taken = await call(w.cookie, 'POST', '/canned-replies', { title: 'Again', shortcut: '/hello', text: 'Hello again' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.issues[0]).toMatchObject({ field: 'shortcut' });
    expect(taken.json().error.message).toContain('Greeting');

    const refusals: Array<[object, string]> = [
      [{ title: 'Bad', shortcut: 'hello', text: 'x' }, 'shortcut'],
      [{ title: 'Bad', shortcut: '/with space', text: 'x' }, 'shortcut'],
      [{ title: 'Bad', shortcut: '/ok', text: 'Hi {{frist_name}}' }, 'text'],
      [{ title: '', shortcut: '/ok', text: 'x' }, 'title'],
      [{ title: 'Bad', shortcut: '/ok', text: '   ' }, 'text'],
    ];
    for (const [body, field] of refusals) {
      const res = await call(w.cookie, 'POST', '/canned-replies', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.issues.map((i: { field: string }) => i.field)).toContain(field);
    }

    const other = ok(await call(w.cookie, 'POST', '/canned-replies', { title: 'Bye', shortcut: '/bye', text: 'Bye {{attr.city}}!' }), 201);
    const clash = await call(w.cookie, 'PATCH', `/canned-replies/${other.id}`, { shortcut: '/hello' });
    expect(clash.statusCode).toBe(409);
    const renamed = ok(await call(w.cookie, 'PATCH', `/canned-replies/${other.id}`, { shortcut: '/goodbye', text: 'Goodbye!' }));
    expect(renamed).toMatchObject({ shortcut: '/goodbye', text: 'Goodbye!', title: 'Bye' });
    expect((await call(w.cookie, 'PATCH', `/canned-replies/${other.id}`, {})).statusCode).toBe(400);

    expect((await call(w.cookie, 'DELETE', `/canned-replies/${other.id}`)).statusCode).toBe(204);
    expect((await call(w.cookie, 'DELETE', `/canned-replies/${other.id}`)).statusCode).toBe(404);
    expect(ok(await call(anna.cookie, 'GET', '/canned-replies')).items).toHaveLength(1);
  });
});

describe('internal notes', () => {
  it('staff see a note in the conversation; it is never a message, never sent, never counted', async () => {
    const { conversationId } = await w.customerWrites(newCustomer('Nora Note'), 'My parcel is late');
    await w.deliver();
    w.fake.reset(); // the bot's greeting went out: from here on, nothing may reach the fake
    const before = await w.footprint(conversationId);
    const sendJobs = await w.queued('channels.send');
    w.t.clock.advance(60_000);

    const note = ok(await call(anna.cookie, 'POST', `/conversations/${conversationId}/notes`, { text: 'VIP: refund without asking' }), 201);
    expect(note).toMatchObject({ conversationId, authorId: anna.userId, authorName: 'Anna Agent', text: 'VIP: refund without asking' });
    const notes = ok(await call(ben.cookie, 'GET', `/conversations/${conversationId}/notes`)).items;
    expect(notes.map((n: { id: string }) => n.id)).toEqual([note.id]);

    // Not in the thread, nothing queued for the channel, nothing the customer's counters or window could see.
    const detail = ok(await call(anna.cookie, 'GET', `/conversations/${conversationId}`));
    expect(detail.messages.some((m: { text: string }) => m.text?.includes('VIP'))).toBe(false);
    expect(await w.queued('channels.send')).toBe(sendJobs);
    await w.deliver();
    expect(await w.footprint(conversationId)).toEqual(before);
    expect(w.fake.sent()).toHaveLength(0);
  });

  it('refuses an empty note (400 naming text) and a conversation of another workspace or none (404)', async () => {
    const { conversationId } = await w.customerWrites(newCustomer('Olga Other'), 'hello');
    const empty = await call(anna.cookie, 'POST', `/conversations/${conversationId}/notes`, { text: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.issues[0].field).toBe('text');
    const unknown = '00000000-0000-4000-8000-00000000abcd';
    expect((await call(anna.cookie, 'POST', `/conversations/${unknown}/notes`, { text: 'x' })).statusCode).toBe(404);
    expect((await call(anna.cookie, 'GET', `/conversations/${unknown}/notes`)).statusCode).toBe(404);
  });
});

describe('Mine and Queue, filtered by the server', () => {
  it('mine: assigned to me; queue: held for me, my skillsets, the general queue, deleted skillsets', async () => {
    await db().execute(sql`update conversations set state = 'closed' where state <> 'closed'`);
    const now = w.t.clock.now();
    const ago = (m: number) => new Date(now.getTime() - m * 60_000);
    const deleted = ok(await call(w.cookie, 'POST', '/skillsets', { name: 'Gone soon' }), 201).id;
    const [general, forSupport, forSales, heldAnna, heldBen, forDeleted, annas, bens] = await seedWaiting(
      db(),
      w.ws,
      [
        { since: ago(10) },
        { since: ago(9), skillsetId: support },
        { since: ago(8), skillsetId: sales },
        { since: ago(7), reservedFor: anna.userId, reservationExpiresAt: new Date(now.getTime() + HOUR) },
        { since: ago(6), reservedFor: ben.userId, reservationExpiresAt: new Date(now.getTime() + HOUR) },
        { since: ago(5), skillsetId: deleted },
        { since: ago(4) },
        { since: ago(3) },
      ],
      w.channelId,
    );
    expect((await call(w.cookie, 'DELETE', `/skillsets/${deleted}`)).statusCode).toBe(204);
    for (const [id, who] of [
      [annas, anna],
      [bens, ben],
    ] as const) {
      await db().execute(
        sql`update conversations set state = 'assigned', assignee_id = ${who.userId}, assigned_at = ${now} where id = ${id!}`,
      );
    }
    const ids = async (cookie: string, view: string) =>
      ok(await call(cookie, 'GET', `/desk/conversations?view=${view}&limit=10`))
        .items.map((c: { id: string }) => c.id)
        .sort();

    expect(await ids(anna.cookie, 'mine')).toEqual([annas].sort());
    expect(await ids(anna.cookie, 'queue')).toEqual([general, forSupport, heldAnna, forDeleted].sort());
    expect(await ids(ben.cookie, 'queue')).toEqual([general, heldBen, forDeleted].sort());
    expect(await ids(ben.cookie, 'mine')).toEqual([bens].sort());
    expect(forSales).toBeDefined();

    // Pages stay full: the filter is the server's, not the page's.
    const firstPage = ok(await call(anna.cookie, 'GET', '/desk/conversations?view=queue&limit=10'));
    expect(firstPage.nextCursor).toBeNull();

    const bad = await call(anna.cookie, 'GET', '/desk/conversations?view=everything');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('query.view');
    expect((await call(anna.cookie, 'GET', '/desk/conversations?view=mine&limit=5')).statusCode).toBe(400);
  });
});

describe('the composer and the 24-hour window', () => {
  it('free text inside the window; outside it a clear 409, and only a template goes — through the template send path', async () => {
    const { conversationId, contactId } = await w.customerWrites(newCustomer('Wanda Window'), 'Is my order ready?');
    await w.deliver();
    const inside = await call(anna.cookie, 'POST', `/conversations/${conversationId}/messages`, { text: 'Checking now' });
    expect(inside.statusCode).toBe(202);

    w.t.clock.advance(25 * HOUR);
    const outside = await call(anna.cookie, 'POST', `/conversations/${conversationId}/messages`, { text: 'Still there?' });
    expect(outside.statusCode).toBe(409);
    expect(outside.json().error).toMatchObject({ code: 'window_closed' });
    expect(outside.json().error.message).toContain('only a template');

    const sent = await call(anna.cookie, 'POST', `/conversations/${conversationId}/template`, {
      templateId: w.templateId,
      body: ['Wanda', 'W-1'],
    });
    expect(sent.statusCode).toBe(202);
    const { messageId } = sent.json();
    expect(sent.json()).toMatchObject({ conversationId, status: 'queued' });
    const [m] = await db().select().from(messages).where(eq(messages.id, messageId));
    expect(m).toMatchObject({
      senderType: 'agent',
      senderUserId: anna.userId,
      isTemplate: true,
      contactId,
      text: 'Hi Wanda, your order W-1 is ready.',
    });

    await w.deliver();
    const call0 = w.fake.sent(PHONE_NUMBER_ID).find((s) => s.body.biz_opaque_callback_data === messageId)!;
    expect(call0.body).toMatchObject({
      type: 'template',
      template: {
        name: 'order_ready',
        language: { code: 'en_US' },
        components: [
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Wanda' },
              { type: 'text', text: 'W-1' },
            ],
          },
        ],
      },
    });
    const detail = ok(await call(anna.cookie, 'GET', `/conversations/${conversationId}`));
    expect(detail.messages.find((x: { id: string }) => x.id === messageId)).toMatchObject({ isTemplate: true, status: 'read' });
  });

  it('a template must be approved and filled exactly (400 naming the field)', async () => {
    const { conversationId } = await w.customerWrites(newCustomer('Tina Template'), 'hi');
    const cases: Array<[object, string]> = [
      [{ templateId: w.templateId, body: ['only one'] }, 'body'],
      [{ templateId: '00000000-0000-4000-8000-000000000000', body: [] }, 'templateId'],
      [{ templateId: 'nope' }, 'templateId'],
      [{ templateId: w.templateId, body: ['a', 'b'], urlButtons: { 0: 'x' } }, 'urlButtons'],
    ];
    for (const [body, field] of cases) {
      const res = await call(anna.cookie, 'POST', `/conversations/${conversationId}/template`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.body).toContain(field);
    }
    expect(await w.queued('campaigns.send-template')).toBe(0);
  });
});

describe('a failed message says why', () => {
  it('the status webhook’s error code, title and details reach the thread', async () => {
    const { conversationId } = await w.customerWrites(newCustomer('Fay Failed'), 'hello?');
    await w.deliver();
    w.fake.failNext({ code: 131026, async: true, details: 'Receiver is incapable of receiving this message' });
    const res = await call(anna.cookie, 'POST', `/conversations/${conversationId}/messages`, { text: 'Here is your answer' });
    expect(res.statusCode).toBe(202);
    await w.deliver();
    const detail = ok(await call(anna.cookie, 'GET', `/conversations/${conversationId}`));
    const failed = detail.messages.find((m: { id: string }) => m.id === res.json().id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 131026, title: 'Message undeliverable', details: 'Receiver is incapable of receiving this message' },
    });
    expect(failed.failedAt).not.toBeNull();
  });
});
