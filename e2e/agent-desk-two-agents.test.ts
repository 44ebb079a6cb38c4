// Journey (issue 6, the agent desk with two agents): Alice (of Support) and Bruno each have the desk open in their own
// browser. Alice is online. A simulator customer picks Support in the bot's menu and asks for a person: the
// conversation is Alice's at once, live, and never shows in Bruno's Queue (he is not in Support). She writes an
// internal note, answers with a canned reply (typed as /hel), and transfers it exclusively to Bruno, who is away.
// Bruno sees it arrive in his Queue without a reload, goes online, finds it under Mine with Alice's note, and
// resolves it with a reason. The customer received the reply, never the note. Then the admin finds it in the admin
// menu's Conversation history by agent and date, downloads the Excel, and emails the transcript (to a real SMTP
// server on 127.0.0.1).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpreadsheet, type SheetRow } from '../apps/server/src/platform/excel';
import { startSmtpCatcher, type SmtpCatcher } from '../apps/server/src/testing/smtp';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
// The machine running journeys is often busy: give the screen time to catch up.
const poll = <T>(read: () => T | Promise<T>, timeout = 20_000) => expect.poll(read, { timeout });
const JOURNEY = 'agent-desk-two-agents';
const CUSTOMER = 'Carla Conti';
const PASSWORD = 'desk journey password';
const NOTE = 'VIP customer: offer free shipping';

describe.runIf(run)('the agent desk with two agents: queue, note, canned reply, exclusive transfer, resolve', () => {
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let alice: Page;
  let bruno: Page;
  let phone: Page;
  let server: { t: TestApp; url: string };
  let cookie: string;
  let aliceId: string;
  let brunoId: string;
  let conversationId: string;
  let smtp: SmtpCatcher;

  const api = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
    const res = await server.t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };
  const desk = async (email: string) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await signIn(page, server.url, email, PASSWORD);
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.waitForURL(/\/inbox/);
    // (expect.poll works only inside a test; this runs in beforeAll.)
    await page.locator('[data-testid="availability"][data-availability="offline"]').waitFor({ timeout: 20_000 });
    return page;
  };
  const tab = (page: Page, name: 'Mine' | 'Queue' | 'All') => page.getByRole('tab', { name, exact: true });
  const row = (page: Page) => page.getByTestId('conversation-row').filter({ hasText: CUSTOMER });
  const goOnline = async (page: Page) => {
    const availability = page.getByTestId('availability');
    await availability.getByText('Online', { exact: true }).click();
    await poll(() => availability.getAttribute('data-availability')).toBe('online');
  };

  beforeAll(async () => {
    smtp = await startSmtpCatcher();
    server = await startServer({ SMTP_URL: smtp.url, SMTP_FROM: 'Parley <parley@desk.test>' });
    cookie = await server.t.login();
    const user = async (name: string, email: string) =>
      (await api('POST', '/users', { name, email, role: 'agent', password: PASSWORD })).id as string;
    aliceId = await user('Alice Agent', 'alice@desk.test');
    brunoId = await user('Bruno Agent', 'bruno@desk.test');
    // Support is Alice's team; the bot's menu offers it (the bot's settings page has its own journey).
    const supportId = (await api('POST', '/skillsets', { name: 'Support' })).id as string;
    await api('PUT', `/skillsets/${supportId}/members`, { userIds: [aliceId] });
    await api('PUT', '/bot/settings', {
      mode: 'builtin',
      personality: {
        greeting: 'Welcome to Demo!',
        menu: { prompt: 'How can we help?', options: [{ id: 'support', label: 'Support', skillsetId: supportId }] },
        faq: [],
        handoffReply: 'One moment, a person will be with you.',
      },
    });
    await api('POST', '/canned-replies', {
      title: 'Greeting',
      shortcut: '/hello',
      text: 'Hi {{first_name|there}}, this is {{agent_name}}. Let me check that for you.',
    });
    browser = await launchChromium();
    alice = await desk('alice@desk.test');
    bruno = await desk('bruno@desk.test');
    const customer = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    contexts.push(customer);
    phone = await customer.newPage();
    await signIn(phone, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    contexts = [];
    await browser?.close();
    await server?.t.close();
    await smtp?.close();
  });

  it('Alice is online; the customer picks Support and asks for a person: it is hers at once, live', async () => {
    await goOnline(alice);
    await tab(alice, 'Mine').click();
    await tab(bruno, 'Queue').click();
    await poll(() => alice.getByText('No conversation is assigned to you').count()).toBe(1);

    await phone.goto(`${server.url}/simulator`);
    await phone.getByLabel('Your name').fill(CUSTOMER);
    await phone.getByLabel('Your WhatsApp number').fill('393405550101');
    const business = phone.getByTestId('sim-business-bubble');
    const say = async (text: string) => {
      await phone.getByRole('textbox', { name: 'Message' }).fill(text);
      await phone.getByRole('button', { name: 'Send', exact: true }).click();
    };
    await say('Hello');
    await poll(() => business.filter({ hasText: 'How can we help?' }).count(), 30_000).toBe(1);
    await say('Support');
    await say('I want to talk to a human');

    // Alice's desk was not reloaded: the row arrives through the live events, under Mine.
    await poll(() => row(alice).count(), 30_000).toBe(1);
    await row(alice).click();
    await alice.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    conversationId = /\/inbox\/([0-9a-f-]{36})/.exec(alice.url())![1]!;
    await poll(() => alice.getByTestId('assignee').textContent()).toBe('Assigned to you');
    // Bruno is not in Support: it never waited in his Queue.
    expect(await row(bruno).count()).toBe(0);
    // The profile panel beside the chat: who, top properties, history.
    const profile = alice.getByRole('complementary', { name: 'Contact profile' });
    await poll(() => profile.getByTestId('contact-name').textContent()).toContain('Carla');
    await poll(() => profile.getByTestId('profile-history').getByRole('link').count()).toBeGreaterThan(0);
    const conversation = await api('GET', `/conversations/${conversationId}`);
    expect(conversation).toMatchObject({ state: 'assigned', assigneeId: aliceId });
    await snap(alice, JOURNEY, '01-alice-mine');
  });

  it('she writes an internal note: the thread shows it apart, for staff only', async () => {
    await alice.getByText('Internal note', { exact: true }).click();
    await alice.getByRole('textbox', { name: 'Internal note' }).fill(NOTE);
    await alice.getByRole('button', { name: 'Add note' }).click();
    const note = alice.getByTestId('note-bubble');
    await poll(() => note.count()).toBe(1);
    expect(await note.getByTestId('note-text').textContent()).toBe(NOTE);
    expect(await note.textContent()).toContain('Alice Agent');
    await snap(alice, JOURNEY, '03-note');
  });

  it('she answers with a canned reply typed as /hel: its text, filled in, reaches the customer', async () => {
    await alice.getByText('Reply', { exact: true }).click();
    const reply = alice.getByRole('textbox', { name: 'Reply' });
    await reply.click();
    await reply.pressSequentially('/hel');
    const option = alice.getByTestId('canned-option');
    await poll(() => option.count()).toBe(1);
    expect(await option.getAttribute('data-shortcut')).toBe('/hello');
    await snap(alice, JOURNEY, '04-canned-suggestion');
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toMatch(/^Hi Carla.*, this is Alice Agent\. Let me check that for you\.$/);
    await reply.press('Enter');
    await poll(() => reply.inputValue()).toBe('');
    const sent = alice.getByTestId('message-bubble').filter({ hasText: 'this is Alice Agent' });
    await poll(() => sent.count()).toBe(1);
    // The customer's phone gets the reply, never the note.
    const business = phone.getByTestId('sim-business-bubble');
    await poll(() => business.filter({ hasText: 'this is Alice Agent' }).count(), 30_000).toBe(1);
    expect(await business.filter({ hasText: 'VIP' }).count()).toBe(0);
    await snap(phone, JOURNEY, '05-customer-phone');
  });

  it('she transfers it exclusively to Bruno, who is away: it waits in his Queue, live, held for him', async () => {
    await bruno.getByTestId('availability').getByText('Away', { exact: true }).click();
    await poll(() => bruno.getByTestId('availability').getAttribute('data-availability')).toBe('away');
    await alice.getByTestId('transfer-button').click();
    const dialog = alice.getByRole('dialog', { name: 'Transfer this conversation' });
    await dialog.getByText('A person', { exact: true }).click();
    await dialog
      .getByRole('textbox', { name: 'Person', exact: true })
      .or(dialog.getByRole('combobox', { name: 'Person', exact: true }))
      .first()
      .click();
    const option = alice.getByRole('option').filter({ hasText: 'Bruno Agent' });
    await poll(() => option.count()).toBe(1);
    await option.click();
    await dialog.getByText('Exclusive', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await poll(() => dialog.count()).toBe(0);
    await poll(() => alice.getByTestId('conversation-state').last().getAttribute('data-state')).toBe('waiting');
    // Gone from Alice's Mine.
    await poll(() => row(alice).count()).toBe(0);

    await poll(() => row(bruno).count()).toBe(1);
    expect(await row(bruno).getByTestId('queue-info').textContent()).toContain('held for you');
    await snap(bruno, JOURNEY, '06-bruno-held');
    const conversation = await api('GET', `/conversations/${conversationId}`);
    expect(conversation).toMatchObject({ state: 'waiting', reservedForUserId: brunoId });
  });

  it('Bruno goes online: it is his, live; he sees Alice’s note and resolves it with a reason', async () => {
    await goOnline(bruno);
    await poll(() => row(bruno).count()).toBe(0);
    await tab(bruno, 'Mine').click();
    await poll(() => row(bruno).count()).toBe(1);
    await row(bruno).click();
    await bruno.waitForURL(new RegExp(`/inbox/${conversationId}`));
    await poll(() => bruno.getByTestId('assignee').textContent()).toBe('Assigned to you');
    await poll(() => bruno.getByTestId('note-bubble').count()).toBe(1);
    expect(await bruno.getByTestId('note-text').textContent()).toBe(NOTE);
    expect(await bruno.getByTestId('message-bubble').filter({ hasText: 'this is Alice Agent' }).count()).toBe(1);
    await snap(bruno, JOURNEY, '07-bruno-mine');

    await bruno.getByRole('button', { name: 'Close', exact: true }).click();
    const dialog = bruno.getByRole('dialog', { name: 'Close this conversation' });
    await dialog
      .getByRole('textbox', { name: 'Reason' })
      .or(dialog.getByRole('combobox', { name: 'Reason' }))
      .first()
      .click();
    await bruno.getByRole('option', { name: 'Resolved', exact: true }).click();
    await dialog.getByRole('button', { name: 'Close conversation' }).click();
    await poll(() => bruno.getByTestId('closed-info').textContent()).toContain('Resolved');
    await poll(() => row(bruno).count()).toBe(0);
    await snap(bruno, JOURNEY, '08-resolved');

    const conversation = await api('GET', `/conversations/${conversationId}`);
    expect(conversation).toMatchObject({ state: 'closed', closedReason: 'Resolved', assigneeId: brunoId });
    const notes = (await api('GET', `/conversations/${conversationId}/notes`)).items as Array<{ text: string }>;
    expect(notes.map((n) => n.text)).toEqual([NOTE]);
    const messages = conversation.messages as Array<{ text: string | null }>;
    expect(messages.some((m) => m.text?.includes('VIP'))).toBe(false);
  });

  it('the admin finds it in Conversation history by agent and date, downloads the Excel and emails the transcript', async () => {
    const admin = phone; // the admin's own window (the simulator ran there)
    await admin.goto(`${server.url}/admin-menu`);
    await admin.getByTestId('admin-tab-history').click();
    const list = admin.getByTestId('admin-list-history');
    await list.getByTestId('admin-filter-agent').click();
    await admin.getByRole('option', { name: 'Bruno Agent', exact: true }).click();
    // Today in the browser's time zone, the zone the list works in.
    const today = await admin.evaluate(() => new Date().toLocaleDateString('en-CA'));
    await list.getByLabel('Closed from').fill(today);
    await list.getByLabel('Closed to').fill(today);
    const found = list.getByTestId('admin-row').filter({ hasText: CUSTOMER });
    await poll(() => found.count()).toBe(1);
    expect(await found.getAttribute('data-conversation-id')).toBe(conversationId);
    expect(await found.textContent()).toContain('Resolved');
    // Another agent's history does not list it.
    await list.getByTestId('admin-filter-agent').click();
    await admin.getByRole('option', { name: 'Alice Agent', exact: true }).click();
    await poll(() => list.getByTestId('admin-row').filter({ hasText: CUSTOMER }).count()).toBe(0);
    await list.getByTestId('admin-filter-agent').click();
    await admin.getByRole('option', { name: 'Bruno Agent', exact: true }).click();
    await poll(() => found.count()).toBe(1);
    await snap(admin, JOURNEY, '09-history');

    const [download] = await Promise.all([admin.waitForEvent('download'), list.getByTestId('admin-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^history-conversations-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = await openSpreadsheet((await download.path())!, { filename: download.suggestedFilename() });
    const rows: SheetRow[] = [];
    for await (const r of sheet.rows) rows.push(r);
    expect(sheet.headers).toEqual(expect.arrayContaining(['Contact', 'Agent', 'Closed at', 'Reason', 'Conversation ID']));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.values).toMatchObject({
      Contact: CUSTOMER,
      Agent: 'Bruno Agent',
      Reason: 'Resolved',
      'Conversation ID': conversationId,
    });

    await found.getByTestId('admin-info').click();
    const drawer = admin.getByTestId('admin-info-drawer');
    await drawer.getByTestId('admin-email-to').fill('supervisor@desk.test');
    await drawer.getByTestId('admin-email-text').fill('For the weekly review.');
    await drawer.getByTestId('admin-email-send').click();
    await poll(() => smtp.received.length).toBe(1);
    const { mail, envelopeTo } = smtp.received[0]!;
    expect(envelopeTo).toEqual(['supervisor@desk.test']);
    expect(mail.text).toContain('For the weekly review.');
    expect(mail.text).toContain('this is Alice Agent');
    expect(mail.text).not.toContain(NOTE);
    await snap(admin, JOURNEY, '10-emailed');
  });
});
