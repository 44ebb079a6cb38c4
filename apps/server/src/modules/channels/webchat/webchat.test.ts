import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebchatChannel } from '@parley/contracts';
import { deliverMessage } from '../../conversations';
import { contactIdentities, contacts } from '../../contacts/tables';
import { conversations, messages } from '../../conversations/tables';
import { testEngine } from '../../../testing/engines';
import { startSecondNode, startTestApp, type TestApp } from '../../../testing/test-app';
import { createWidget, listenForWidgets, openWidget, widgetHello, type Frame } from '../../../testing/webchat';
import { processPending } from '../../../testing/whatsapp';
import { inboundEvents, webchatMessages } from '../tables';
import { WIDGET_SCRIPT } from './widget-script';

let t: TestApp;
let admin: string;
let base: string;
let widget: WebchatChannel;

beforeAll(async () => {
  t = await startTestApp();
  admin = await t.login();
  base = await listenForWidgets(t);
  widget = await createWidget(t, admin, { title: 'Talk to Acme', accentColor: '#2B8A3E' });
});
afterAll(() => t?.close());

const db = () => t.rt.deps.db;

async function contactOfVisitor(visitorId: string) {
  const [identity] = await db()
    .select()
    .from(contactIdentities)
    .where(and(eq(contactIdentities.channelId, widget.id), eq(contactIdentities.key, `web:${visitorId}`)));
  if (!identity) return undefined;
  const [c] = await db().select().from(contacts).where(eq(contacts.id, identity.contactId));
  return c;
}

const messagesOf = (contactId: string) => db().select().from(messages).where(eq(messages.contactId, contactId)).orderBy(messages.createdAt);

/** Run the send jobs of every queued outbound message now (the test app has no worker). */
async function deliverQueued() {
  const queued = await db()
    .select()
    .from(messages)
    .where(and(eq(messages.direction, 'out'), eq(messages.status, 'queued')));
  for (const m of queued) await deliverMessage(t.rt.deps, { workspaceId: m.workspaceId, messageId: m.id }, { id: 'test', retryCount: 0 });
}

async function say(client: { send(f: unknown): void; next(p: (f: Frame) => boolean): Promise<Frame> }, text: string, extra: object = {}) {
  const clientId = randomUUID();
  client.send({ type: 'message', clientId, text, ...extra });
  return { clientId, reply: await client.next((f) => (f.type === 'ack' || f.type === 'error') && f.clientId === clientId) };
}

describe('a webchat channel', () => {
  it('is created with a random public key, its snippet and its test page', async () => {
    expect(widget).toMatchObject({ kind: 'webchat', name: 'Website', title: 'Talk to Acme', accentColor: '#2b8a3e', allowedOrigins: [] });
    expect(widget.widgetKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(widget.snippet).toMatch(
      new RegExp(`^<script src="http://[^"]+/widget\\.js" data-parley-key="${widget.widgetKey}" async></script>$`),
    );
    expect(widget.testPageUrl).toMatch(new RegExp(`/widget/test\\?key=${widget.widgetKey}$`));
    const other = await createWidget(t, admin);
    expect(other.widgetKey).not.toBe(widget.widgetKey);

    const script = await t.app.inject('/widget.js');
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('application/javascript');
    expect(script.body).toBe(WIDGET_SCRIPT);

    const page = await t.app.inject(`/widget/test?key=${widget.widgetKey}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<script src="/widget.js" data-parley-key="${widget.widgetKey}" async></script>`);
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect((await t.app.inject('/widget/test?key=nope')).statusCode).toBe(404);
    // Every other page still refuses to be framed.
    expect((await t.app.inject('/healthz')).headers['x-frame-options']).toBe('DENY');
  });

  it('refuses settings that cannot work, naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/channels',
      headers: { cookie: admin },
      payload: { kind: 'webchat', name: 'Bad', allowedOrigins: ['https://shop.example/path'], accentColor: 'red' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('allowedOrigins');
    expect(res.body).toContain('accentColor');
  });

  it('changes its settings, keeping its key', async () => {
    const other = await createWidget(t, admin);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/channels/${other.id}/widget`,
      headers: { cookie: admin },
      payload: { allowedOrigins: ['https://Shop.Example', 'http://localhost:8080'], title: 'Hello' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      widgetKey: other.widgetKey,
      title: 'Hello',
      allowedOrigins: ['https://shop.example', 'http://localhost:8080'],
    });
  });
});

describe('the widget socket', () => {
  it('closes a socket with an unknown or deleted key', async () => {
    const unknown = await openWidget(base, 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(await unknown.closed).toEqual({ code: 4404, reason: 'unknown widget key' });

    const gone = await createWidget(t, admin);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/channels/${gone.id}`, headers: { cookie: admin } });
    const deleted = await openWidget(base, gone.widgetKey);
    expect((await deleted.closed).code).toBe(4404);
  });

  it('issues a visitor token on the first hello; presenting it again is the same visitor and the same contact', async () => {
    const first = await widgetHello(base, widget.widgetKey);
    expect(first.ready).toMatchObject({ type: 'ready', widget: { title: 'Talk to Acme', accentColor: '#2b8a3e' } });
    expect(first.history).toEqual([]);
    const { visitorId, token } = first.ready;
    await say(first.client, 'first visit', { name: 'Grace Hopper' });
    await first.client.close();

    const second = await widgetHello(base, widget.widgetKey, { token });
    expect(second.ready.visitorId).toBe(visitorId);
    expect(second.history.map((m) => m.text)).toEqual(['first visit']);
    await say(second.client, 'second visit');
    await processPending(t);
    const contact = (await contactOfVisitor(visitorId))!;
    expect(contact.firstName).toBe('Grace Hopper');
    expect((await messagesOf(contact.id)).filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(['first visit', 'second visit']);
    await second.client.close();
  });

  it('closes a socket presenting a forged, altered or foreign visitor token, and issues no identity', async () => {
    const { ready, client } = await widgetHello(base, widget.widgetKey);
    await client.close();
    const token = ready.token as string;
    const [v, channelId, visitorId, sig] = token.split('.');
    const other = await createWidget(t, admin);
    const forgeries = [
      `${v}.${channelId}.${'A'.repeat(22)}.${sig}`, // another visitor id under this signature
      `${v}.${channelId}.${visitorId}.${sig!.slice(0, -2)}${sig!.endsWith('AA') ? 'BA' : 'AA'}`, // altered signature
      `${v}.${other.id}.${visitorId}.${sig}`, // moved to another widget
      '',
      'not a token',
    ];
    for (const forged of forgeries) {
      const c = await openWidget(base, widget.widgetKey);
      c.send({ type: 'hello', token: forged });
      expect(await c.closed).toEqual({ code: 4401, reason: 'invalid visitor token' });
      expect(c.inbox.some((f) => f.type === 'ready')).toBe(false);
    }
  });

  it('stores a message as contact (web:<visitor>), conversation and message, acknowledged after it is stored', async () => {
    const { client, ready } = await widgetHello(base, widget.widgetKey);
    const { reply } = await say(client, 'Do you deliver on Sundays?', { name: 'Ada' });
    expect(reply).toMatchObject({ type: 'ack', duplicate: false });
    // Stored (and its processing enqueued) before the ack.
    const [event] = await db()
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channelId, widget.id), eq(inboundEvents.providerKey, `web:${ready.visitorId}:${reply.clientId}`)));
    expect(event).toMatchObject({ kind: 'message', orderKey: `${widget.id}:web:${ready.visitorId}` });
    await processPending(t);
    const contact = (await contactOfVisitor(ready.visitorId))!;
    expect(contact).toMatchObject({ channelName: 'Ada', source: 'organic' });
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, contact.id));
    expect(conv).toMatchObject({ channelId: widget.id, lastCustomerText: 'Do you deliver on Sundays?' });
    const [m] = (await messagesOf(contact.id)).filter((x) => x.direction === 'in');
    expect(m).toMatchObject({
      text: 'Do you deliver on Sundays?',
      type: 'text',
      providerMessageId: `web:${ready.visitorId}:${reply.clientId}`,
    });
    await client.close();
  });

  it('stores a message resent with the same client id once', async () => {
    const { client, ready } = await widgetHello(base, widget.widgetKey);
    const clientId = randomUUID();
    client.send({ type: 'message', clientId, text: 'only once' });
    expect(await client.next((f) => f.type === 'ack')).toMatchObject({ clientId, duplicate: false });
    await client.close();
    // The ack was lost: the widget reconnects and sends it again.
    const again = await widgetHello(base, widget.widgetKey, { token: ready.token });
    again.client.send({ type: 'message', clientId, text: 'only once' });
    expect(await again.client.next((f) => f.type === 'ack')).toMatchObject({ clientId, duplicate: true });
    await processPending(t);
    const contact = (await contactOfVisitor(ready.visitorId))!;
    expect((await messagesOf(contact.id)).filter((m) => m.direction === 'in')).toHaveLength(1);
    const mailbox = await db().select().from(webchatMessages).where(eq(webchatMessages.visitorId, ready.visitorId));
    expect(mailbox).toHaveLength(1);
    await again.client.close();
  });

  it('delivers an agent reply to the open widget, and marks it delivered', async () => {
    const { client, ready } = await widgetHello(base, widget.widgetKey);
    await say(client, 'Is anyone there?');
    await processPending(t);
    const contact = (await contactOfVisitor(ready.visitorId))!;
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, contact.id));
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv!.id}/messages`,
      headers: { cookie: admin },
      payload: { type: 'text', text: 'Yes, Lin here. How can I help?' },
    });
    expect(res.statusCode).toBe(202);
    const messageId = (res.json() as { id: string }).id;
    await deliverQueued();
    const pushed = await client.next((f) => f.type === 'message' && f.message.from === 'business' && f.message.id === messageId);
    expect(pushed.message).toMatchObject({ text: 'Yes, Lin here. How can I help?', seq: expect.any(Number) });
    const [sent] = await db().select().from(messages).where(eq(messages.id, messageId));
    expect(sent).toMatchObject({ providerMessageId: `web:${messageId}` });
    expect(['sent', 'delivered']).toContain(sent!.status);
    // The widget reports it shown; that status is applied like any provider's receipt.
    await expect
      .poll(async () => {
        await processPending(t);
        return (await db().select().from(messages).where(eq(messages.id, messageId)))[0]!.status;
      })
      .toBe('delivered');
    await client.close();
  });

  it('gives an offline visitor what they missed when they come back', async () => {
    const { client, ready } = await widgetHello(base, widget.widgetKey);
    await say(client, 'I will be back');
    await processPending(t);
    await deliverQueued(); // any greeting
    const seen = await widgetHistory(ready.token);
    const lastSeq = Math.max(...seen.map((m) => m.seq as number));
    await client.close();

    const contact = (await contactOfVisitor(ready.visitorId))!;
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, contact.id));
    for (const text of ['Sorry for the wait', 'Your order ships today']) {
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conv!.id}/messages`,
        headers: { cookie: admin },
        payload: { type: 'text', text },
      });
    }
    await deliverQueued();

    const back = await widgetHello(base, widget.widgetKey, { token: ready.token, after: lastSeq });
    expect(back.history.map((m) => [m.from, m.text])).toEqual([
      ['business', 'Sorry for the wait'],
      ['business', 'Your order ships today'],
    ]);
    await back.client.close();
  });

  it('shows buttons and lists as text with options', async () => {
    const { client, ready } = await widgetHello(base, widget.widgetKey);
    await say(client, 'options please');
    await processPending(t);
    const contact = (await contactOfVisitor(ready.visitorId))!;
    const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, contact.id));
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conv!.id}/messages`,
      headers: { cookie: admin },
      payload: {
        type: 'buttons',
        text: 'How can we help?',
        buttons: [
          { id: 'sales', title: 'Sales' },
          { id: 'support', title: 'Support' },
        ],
      },
    });
    await deliverQueued();
    const pushed = await client.next((f) => f.type === 'message' && f.message.text === 'How can we help?');
    expect(pushed.message.options).toEqual(['Sales', 'Support']);
    await client.close();
  });

  it('answers oversize and malformed frames with an error naming the problem, keeps the connection, stores nothing', async () => {
    const storedMessages = () =>
      db()
        .select()
        .from(inboundEvents)
        .where(and(eq(inboundEvents.channelId, widget.id), eq(inboundEvents.kind, 'message')));
    const before = await storedMessages();
    const c = await openWidget(base, widget.widgetKey);
    c.send({ type: 'message', clientId: randomUUID(), text: 'before hello' });
    expect(await c.next((f) => f.type === 'error')).toMatchObject({ code: 'no_hello' });
    c.send({ type: 'hello' });
    await c.next((f) => f.type === 'ready');

    const cases: Array<[unknown, RegExp]> = [
      ['{not json', /must be JSON/],
      [{ type: 'shout' }, /type must be one of hello, message, ping/],
      [{ type: 'message', clientId: 'nope', text: 'x' }, /clientId: clientId must be a UUID/],
      [{ type: 'message', clientId: randomUUID(), text: '   ' }, /text: text is empty/],
      [{ type: 'message', clientId: randomUUID(), text: 'é'.repeat(2049) }, /text: text is longer than 4096 bytes/],
      [{ type: 'message', clientId: randomUUID(), text: 'x'.repeat(20_000) }, /frames may not exceed/],
      [{ type: 'message', clientId: randomUUID(), text: 'x', admin: true }, /Unrecognized key/i],
    ];
    for (const [frame, message] of cases) {
      c.send(frame);
      expect((await c.next((f) => f.type === 'error')).message).toMatch(message);
    }
    c.send({ type: 'ping' });
    expect(await c.next((f) => f.type === 'pong')).toEqual({ type: 'pong' });
    expect(await storedMessages()).toHaveLength(before.length);
    await c.close();
  });

  it('limits a visitor to 10 messages in 10 seconds with an error, not a crash', async () => {
    const { client } = await widgetHello(base, widget.widgetKey);
    const replies: Frame[] = [];
    for (let i = 0; i < 11; i++) replies.push((await say(client, `burst ${i}`)).reply);
    expect(replies.slice(0, 10).every((r) => r.type === 'ack')).toBe(true);
    expect(replies[10]).toMatchObject({ type: 'error', code: 'rate_limited' });
    t.clock.advance(10_001);
    expect((await say(client, 'after the pause')).reply.type).toBe('ack');
    await client.close();
  });

  it('keeps hostile text verbatim and returns it as data', async () => {
    const hostile = '<img src=x onerror="alert(document.cookie)"><script>alert(1)</script> \u202Egpj.exe';
    const { client, ready } = await widgetHello(base, widget.widgetKey);
    await say(client, `${hostile}\u0000`);
    await processPending(t);
    const contact = (await contactOfVisitor(ready.visitorId))!;
    const [m] = (await messagesOf(contact.id)).filter((x) => x.direction === 'in');
    expect(m!.text).toBe(hostile);
    await client.close();
    const again = await widgetHello(base, widget.widgetKey, { token: ready.token });
    expect(again.history.find((x) => x.from === 'visitor')!.text).toBe(hostile);
    await again.client.close();
  });

  it('only lets the listed sites open a widget with allowed origins (and this server itself)', async () => {
    const guarded = await createWidget(t, admin, { allowedOrigins: ['https://shop.example'] });
    const evil = await openWidget(base, guarded.widgetKey, { origin: 'https://evil.example' });
    expect(await evil.closed).toEqual({ code: 4403, reason: 'origin not allowed' });
    const none = await openWidget(base, guarded.widgetKey);
    expect((await none.closed).code).toBe(4403);
    for (const origin of ['https://shop.example', base.replace('ws:', 'http:')]) {
      const ok = await widgetHello(base, guarded.widgetKey, {}, origin);
      expect(ok.ready.type).toBe('ready');
      await ok.client.close();
    }
  });
});

describe('new visitors per address', () => {
  it('stops issuing identities to one address after 60 in 10 minutes (close 4429), and starts again after', async () => {
    let refused: { code: number; reason: string } | undefined;
    let issued = 0;
    for (let i = 0; i < 70 && !refused; i++) {
      const c = await openWidget(base, widget.widgetKey);
      c.send({ type: 'hello' });
      const ready = c
        .next((f) => f.type === 'ready', 2000)
        .then(
          () => null,
          () => null, // closed instead: the race below has the answer
        );
      const first = await Promise.race([ready, c.closed]);
      if (first) refused = first;
      else {
        issued++;
        await c.close();
      }
    }
    expect(refused).toEqual({ code: 4429, reason: 'too many new visitors from this address' });
    expect(issued).toBeLessThanOrEqual(60);
    t.clock.advance(10 * 60_000 + 1000);
    const again = await widgetHello(base, widget.widgetKey);
    expect(again.ready.type).toBe('ready');
    await again.client.close();
  });
});

describe.runIf(testEngine() === 'postgres')('across nodes', () => {
  it('reaches a visitor whose socket is held by another node (LISTEN/NOTIFY)', async () => {
    const node2 = await startSecondNode(t);
    try {
      await node2.app.listen({ host: '127.0.0.1', port: 0 });
      const base2 = `ws://127.0.0.1:${(node2.app.server.address() as { port: number }).port}`;
      const { client, ready } = await widgetHello(base2, widget.widgetKey);
      await say(client, 'hello from node 2');
      await processPending(t);
      const contact = (await contactOfVisitor(ready.visitorId))!;
      const [conv] = await db().select().from(conversations).where(eq(conversations.contactId, contact.id));
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/conversations/${conv!.id}/messages`,
        headers: { cookie: admin },
        payload: { type: 'text', text: 'answered on node 1' },
      });
      await deliverQueued();
      expect((await client.next((f) => f.type === 'message' && f.message.text === 'answered on node 1')).message.from).toBe('business');
      await client.close();
    } finally {
      await node2.close();
    }
  });
});

async function widgetHistory(token: string) {
  const { client, history } = await widgetHello(base, widget.widgetKey, { token });
  await client.close();
  return history;
}

describe('the widget script', () => {
  it('is valid JavaScript that never writes HTML', () => {
    expect(() => new Function(WIDGET_SCRIPT)).not.toThrow();
    expect(WIDGET_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
    expect(WIDGET_SCRIPT).toContain('attachShadow');
  });
});
