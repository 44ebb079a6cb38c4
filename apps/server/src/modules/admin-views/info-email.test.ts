import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpreadsheet, type SheetRow } from '../../platform/excel';
import { seedConversation, seedMessage } from '../../testing/admin-views';
import { createStaff, type Staff } from '../../testing/routing';
import { startSmtpCatcher, type SmtpCatcher } from '../../testing/smtp';
import { startTestApp, type TestApp } from '../../testing/test-app';

let smtp: SmtpCatcher;
let received: SmtpCatcher['received'];
let t: TestApp;
let off: TestApp;
let admin: string;
let ws: string;
let alice: Staff;
let conv: { conversationId: string; contactId: string };
const db = () => t.rt.deps.db;

const EVIL = '<script>alert(1)</script> [click](javascript:alert(2)) \u202Egnp.exe\u202C & "quotes"';

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  received = smtp.received;
  t = await startTestApp({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'Parley Test <parley@test.local>' } });
  admin = await t.login();
  ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie: admin } })).json().id;
  alice = await createStaff(t, admin, 'Alice Agent');
  const at = (m: number) => new Date(Date.parse('2026-03-01T12:00:00Z') + m * 60_000);
  conv = await seedConversation(
    db(),
    ws,
    at(0),
    {
      state: 'closed',
      hadAgent: true,
      assigneeId: alice.userId,
      assignedAt: at(2),
      closedAt: at(10),
      closedReason: 'Solved',
      closedBy: alice.userId,
      pricingCategory: 'service',
      lastCustomerMessageAt: at(5),
      lastCustomerText: EVIL,
    },
    { firstName: 'Maria <Costa>', phone: '+5511988887777' },
  );
  await seedMessage(db(), ws, conv, { direction: 'in', senderType: 'customer', createdAt: at(0), text: 'I need help with my order' });
  await seedMessage(db(), ws, conv, { direction: 'out', senderType: 'bot', createdAt: at(1), text: 'Connecting you to an agent' });
  await seedMessage(db(), ws, conv, {
    direction: 'out',
    senderType: 'agent',
    senderUserId: alice.userId,
    createdAt: at(3),
    text: 'Hello, I am Alice',
    status: 'read',
    readAt: at(4),
  });
  await seedMessage(db(), ws, conv, { direction: 'in', senderType: 'customer', createdAt: at(5), text: EVIL });
  off = await startTestApp();
});
afterAll(async () => {
  await t?.close();
  await off?.close();
  await smtp?.close();
});

const post = (app: TestApp, cookie: string, id: string, payload: unknown) =>
  app.app.inject({ method: 'POST', url: `/api/v1/admin/conversations/${id}/email`, headers: { cookie }, payload: payload as object });

describe('Info', () => {
  it('the whole conversation and its overview', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/conversations/${conv.conversationId}/info`,
      headers: { cookie: admin },
    });
    expect(res.statusCode, res.body).toBe(200);
    const info = res.json();
    expect(info.overview).toMatchObject({
      id: conv.conversationId,
      state: 'closed',
      contactName: 'Maria <Costa>',
      contactPhone: '+5511988887777',
      agentId: alice.userId,
      agentName: 'Alice Agent',
      closedAt: '2026-03-01T12:10:00.000Z',
      closedReason: 'Solved',
      closedBy: 'Alice Agent',
      pricingCategory: 'service',
      hadAgent: true,
      counts: { messages: 4, fromCustomer: 2, fromAgents: 1, fromBot: 1, templates: 0 },
    });
    expect(info.messages.map((m: { text: string }) => m.text)).toEqual([
      'I need help with my order',
      'Connecting you to an agent',
      'Hello, I am Alice',
      EVIL,
    ]);
    expect(info.messages[2]).toMatchObject({ senderName: 'Alice Agent', readAt: '2026-03-01T12:04:00.000Z' });
    expect(info.truncated).toBe(false);
    expect(info.emailConfigured).toBe(true);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/admin/conversations/00000000-0000-4000-8000-000000000000/info',
      headers: { cookie: admin },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe('send by email', () => {
  it('sends the transcript as HTML and plain text with the custom text, everything escaped and inert', async () => {
    received.length = 0;
    const res = await post(t, admin, conv.conversationId, { to: 'boss@example.com', text: 'Please review <this> one.\nThanks' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ sent: true, to: 'boss@example.com', messages: 4 });
    expect(received).toHaveLength(1);
    const { mail, envelopeTo } = received[0]!;
    expect(envelopeTo).toEqual(['boss@example.com']);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : null).toEqual(['boss@example.com']);
    expect(mail.from?.value[0]?.address).toBe('parley@test.local');
    expect(mail.subject).toBe('Conversation with Maria <Costa> — 2026-03-01');

    // Plain text: the custom text, the overview, every message in order, bidi overrides removed.
    const text = mail.text!;
    expect(text.startsWith('Please review <this> one.\nThanks\n')).toBe(true);
    expect(text).toContain('Agent: Alice Agent');
    expect(text).toContain('Reason: Solved');
    const order = ['I need help with my order', 'Connecting you to an agent', 'Hello, I am Alice', '<script>alert(1)</script>'].map((s) =>
      text.indexOf(s),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain('Alice Agent: Hello, I am Alice');
    expect(text).toContain('Maria <Costa>: I need help with my order');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('gnp.exe');

    // HTML: the same content, escaped: no script element, no link, no bidi override, quotes escaped.
    const html = String(mail.html);
    expect(html).toContain('Please review &lt;this&gt; one.<br>Thanks');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<a\s/i);
    expect(html).not.toMatch(/href=/i);
    expect(html).toContain('[click](javascript:alert(2))'); // as characters, in a text cell
    expect(html).toContain('&amp; &quot;quotes&quot;');
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(html).toContain('Maria &lt;Costa&gt;');
    expect(html).toContain('Hello, I am Alice');
    expect(html).toContain('I need help with my order');
  });

  it('refuses malformed addresses, lists, display names and header injection with 400, sending nothing', async () => {
    received.length = 0;
    for (const to of [
      'not-an-address',
      'a@b.com, c@d.com',
      'a@b.com;c@d.com',
      'Boss <boss@example.com>',
      'boss@example.com\r\nBcc: all@example.com',
      'boss@example.com\nSubject: hi',
      'a b@example.com',
      '',
      'x'.repeat(250) + '@example.com',
    ]) {
      const res = await post(t, admin, conv.conversationId, { to, text: 'hi' });
      expect(res.statusCode, `${JSON.stringify(to)}: ${res.body}`).toBe(400);
      expect(JSON.stringify(res.json().error.issues)).toContain('to');
    }
    expect((await post(t, admin, conv.conversationId, { to: 'ok@example.com', text: 'x'.repeat(10_001) })).statusCode).toBe(400);
    expect((await post(t, admin, conv.conversationId, { to: 'ok@example.com', extra: 1 })).statusCode).toBe(400);
    expect(received).toHaveLength(0);
  });

  it('a subject cannot carry a header: line breaks in the contact name become spaces', async () => {
    received.length = 0;
    const other = await seedConversation(
      db(),
      ws,
      new Date('2026-03-02T00:00:00Z'),
      { state: 'bot', lastCustomerMessageAt: new Date() },
      {
        firstName: 'Evil\r\nBcc: victim@example.com',
      },
    );
    const res = await post(t, admin, other.conversationId, { to: 'boss@example.com', text: '' });
    expect(res.statusCode, res.body).toBe(200);
    const { mail, envelopeTo } = received[0]!;
    expect(envelopeTo).toEqual(['boss@example.com']);
    expect(mail.bcc).toBeUndefined();
    expect(mail.headers.has('bcc')).toBe(false);
    expect(mail.subject).toBe('Conversation with Evil Bcc: victim@example.com — 2026-03-02');
  });

  it('without SMTP_URL: 409 "email is not configured", and Info says so', async () => {
    const cookie = await off.login();
    const offWs = (await off.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie } })).json().id;
    const c = await seedConversation(off.rt.deps.db, offWs, new Date(), { state: 'bot', lastCustomerMessageAt: new Date() });
    const res = await post(off, cookie, c.conversationId, { to: 'boss@example.com', text: 'hi' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/email is not configured/i);
    const info = await off.app.inject({ method: 'GET', url: `/api/v1/admin/conversations/${c.conversationId}/info`, headers: { cookie } });
    expect(info.json().emailConfigured).toBe(false);
  });

  it('agents may not send transcripts; unknown conversations are 404', async () => {
    expect((await post(t, alice.cookie, conv.conversationId, { to: 'boss@example.com' })).statusCode).toBe(403);
    expect((await post(t, admin, '00000000-0000-4000-8000-000000000000', { to: 'boss@example.com' })).statusCode).toBe(404);
  });
});

describe('Excel download', () => {
  async function sheet(url: string) {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/admin/conversations/${url}`, headers: { cookie: admin } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[a-z-]+-conversations-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const s = await openSpreadsheet(res.rawPayload, { maxRows: 10_000 });
    const rows: SheetRow[] = [];
    for await (const r of s.rows) rows.push(r);
    return { headers: s.headers, rows };
  }

  it('exactly what the filtered list shows, every page, formula-safe, times in the viewer’s zone', async () => {
    const me = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie: admin },
      payload: { timezone: 'America/Sao_Paulo' },
    });
    expect(me.statusCode, me.body).toBe(200);
    for (let i = 0; i < 120; i++) {
      await seedConversation(
        db(),
        ws,
        new Date('2026-03-03T00:00:00Z'),
        {
          state: 'closed',
          hadAgent: true,
          assigneeId: alice.userId,
          closedAt: new Date(Date.parse('2026-03-03T10:00:00Z') + i * 1000),
          closedReason: i === 0 ? '=HYPERLINK("http://evil.test","x")' : 'Solved',
        },
        { firstName: `Row ${String(i).padStart(3, '0')}` },
      );
    }
    const { headers, rows } = await sheet(`history.xlsx?agentId=${alice.userId}&from=2026-03-03&order=asc`);
    expect(headers).toEqual([
      'Contact',
      'Phone',
      'Agent',
      'Opened',
      'Closed at',
      'Reason',
      'Pricing category',
      'Last customer message at',
      'Last customer text',
      'Conversation ID',
    ]);
    expect(rows).toHaveLength(120);
    expect(rows[0]!.values.Contact).toBe('Row 000');
    expect(rows[119]!.values.Contact).toBe('Row 119');
    expect(rows[0]!.values.Agent).toBe('Alice Agent');
    // 10:00 UTC is 07:00 in São Paulo.
    expect(rows[0]!.values['Closed at']).toEqual(new Date('2026-03-03T07:00:00Z'));
    expect(rows[0]!.values.Reason).toBe('\'=HYPERLINK("http://evil.test","x")');

    // The same rows the JSON pages give, in the same order.
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { json(): unknown } = await t.app.inject({
        method: 'GET',
        url: `/api/v1/admin/conversations/history?agentId=${alice.userId}&from=2026-03-03&order=asc&pageSize=50${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { cookie: admin },
      });
      const p = res.json() as { items: Array<{ conversationId: string }>; nextCursor: string | null };
      ids.push(...p.items.map((i) => i.conversationId));
      cursor = p.nextCursor;
    } while (cursor);
    expect(rows.map((r) => r.values['Conversation ID'])).toEqual(ids);
  });

  it('each list has its own columns', async () => {
    expect((await sheet('unmanaged.xlsx')).headers.slice(0, 3)).toEqual(['Status', 'Contact', 'Phone']);
    expect((await sheet('waiting.xlsx')).headers).toContain('Queue');
    expect((await sheet('active.xlsx')).headers).toContain('Started');
    const templates = await sheet('templates-sent.xlsx');
    expect(templates.headers).toEqual(expect.arrayContaining(['Template', 'Text', 'Sent', 'Delivered', 'Read']));
    expect(templates.rows).toHaveLength(0);
    const unmanaged = await sheet('unmanaged.xlsx?status=active');
    expect(unmanaged.rows).toHaveLength(1);
    expect(unmanaged.rows[0]!.values.Contact).toMatch(/^Evil\r?\nBcc: victim@example\.com$/);
    expect(unmanaged.rows.map((r) => r.values.Status)).toEqual(unmanaged.rows.map(() => 'Active'));
  });
});
