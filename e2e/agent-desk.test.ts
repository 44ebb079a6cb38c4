// Journey (issue 6, agent desk): the admin goes online in the inbox; a simulator customer asks the built-in bot
// (default personality) for a human; the conversation appears under Mine, assigned to the admin — the only online
// agent — live, without a reload. The header says who has it. A transfer the server refuses shows its reason; a
// transfer to a skillset nobody can serve, exclusively, puts it back to waiting for that skillset, and the desk
// shows the change (header, tabs, load) at once. Then, while the admin is away, a new request waits in their Queue
// and going online assigns it to them, live.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
// The machine running journeys is often busy: give the screen time to catch up (vitest's default is one second).
const poll = <T>(read: () => T | Promise<T>, timeout = 15_000) => expect.poll(read, { timeout });
const JOURNEY = 'agent-desk';
const CUSTOMER = 'Carla Conti';
const SECOND_CUSTOMER = 'Dario Dini';

describe.runIf(run)('the agent desk: availability, Mine and Queue, transfer', () => {
  let browser: Browser;
  let context: BrowserContext;
  let desk: Page;
  let simulator: Page;
  let server: { t: TestApp; url: string };
  let cookie: string;
  let billingId: string;
  let conversationId: string;

  const api = async (method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await server.t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return JSON.parse(res.body) as Record<string, unknown>;
  };

  beforeAll(async () => {
    server = await startServer();
    cookie = await server.t.login();
    // A skillset without members: nobody can take its conversations now, so an exclusive transfer leaves it waiting.
    billingId = (await api('POST', '/skillsets', { name: 'Billing' })).id as string;
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    desk = await context.newPage();
    await signIn(desk, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    simulator = await context.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  // A Mantine Select is a textbox when searchable, a combobox otherwise.
  const openSelect = (scope: Locator, label: string) =>
    scope
      .getByRole('textbox', { name: label, exact: true })
      .or(scope.getByRole('combobox', { name: label, exact: true }))
      .first()
      .click();
  const tab = (name: 'Mine' | 'Queue' | 'All') => desk.getByRole('tab', { name, exact: true });
  const rows = () => desk.getByTestId('conversation-row').filter({ hasText: CUSTOMER });

  it('the admin opens the inbox and goes online; the desk shows the load against the limit', async () => {
    await desk.getByRole('link', { name: 'Inbox', exact: true }).click();
    await desk.waitForURL(/\/inbox/);
    const availability = desk.getByTestId('availability');
    await poll(() => availability.getAttribute('data-availability')).toBe('offline');
    await availability.getByText('Online', { exact: true }).click();
    await poll(() => availability.getAttribute('data-availability')).toBe('online');
    expect(await desk.getByTestId('my-load').textContent()).toBe('0 / 5 open');
    await tab('Mine').click();
    await poll(() => desk.getByText('No conversation is assigned to you').count()).toBe(1);
    const me = await api('GET', '/agents/me/availability');
    expect(me.availability).toBe('online');
    await snap(desk, JOURNEY, '01-online');
  });

  it('a customer asks the bot for a human: the conversation appears under Mine live, assigned to the admin', async () => {
    await simulator.goto(`${server.url}/simulator`);
    await simulator.getByLabel('Your name').fill(CUSTOMER);
    await simulator.getByLabel('Your WhatsApp number').fill('393409876543');
    const say = async (text: string) => {
      await simulator.getByRole('textbox', { name: 'Message' }).fill(text);
      await simulator.getByRole('button', { name: 'Send', exact: true }).click();
    };
    const business = simulator.getByTestId('sim-business-bubble');
    await say('Hello');
    await poll(() => business.count(), 30_000).toBeGreaterThan(0);
    await say('I want to talk to a human');

    // The desk was not reloaded: the row arrives through the live events.
    await poll(() => rows().count(), 30_000).toBe(1);
    await poll(() => desk.getByTestId('my-load').textContent()).toBe('1 / 5 open');
    await rows().click();
    await desk.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    conversationId = /\/inbox\/([0-9a-f-]{36})/.exec(desk.url())![1]!;
    await poll(() => desk.getByTestId('conversation-state').last().getAttribute('data-state')).toBe('assigned');
    expect(await desk.getByTestId('assignee').textContent()).toBe('Assigned to you');
    const conversation = await api('GET', `/conversations/${conversationId}`);
    expect(conversation.state).toBe('assigned');
    expect(conversation.assigneeId).toBe((await api('GET', '/me')).id);
    await snap(desk, JOURNEY, '02-mine-live');
  });

  it('a transfer the server refuses shows why', async () => {
    await desk.getByTestId('transfer-button').click();
    const dialog = desk.getByRole('dialog', { name: 'Transfer this conversation' });
    await poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByText('A person', { exact: true }).click();
    await openSelect(dialog, 'Person');
    // The admin is the only staff user: online, holding this one conversation.
    const option = desk.getByRole('option').filter({ hasText: 'Online, 1 / 5 open' });
    await poll(() => option.count()).toBe(1);
    await option.click();
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    const error = dialog.getByTestId('transfer-error');
    await poll(() => error.count()).toBe(1);
    expect(await error.textContent()).toContain('already assigned to');
    await snap(desk, JOURNEY, '03-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await poll(() => dialog.count()).toBe(0);
  });

  it('the admin transfers it exclusively to a skillset nobody can serve: it waits for Billing, and the desk shows it', async () => {
    await desk.getByTestId('transfer-button').click();
    const dialog = desk.getByRole('dialog', { name: 'Transfer this conversation' });
    await openSelect(dialog, 'Skillset');
    const option = desk.getByRole('option', { name: 'Billing — nobody free' });
    await poll(() => option.count()).toBe(1);
    await option.click();
    await dialog.getByText('Exclusive', { exact: true }).click();
    expect(await dialog.textContent()).toContain('Hold it for the target only');
    await snap(desk, JOURNEY, '04-transfer-modal');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await poll(() => dialog.count()).toBe(0);

    await poll(() => desk.getByTestId('conversation-state').last().getAttribute('data-state')).toBe('waiting');
    const waiting = desk.getByTestId('waiting-for');
    await poll(() => waiting.getAttribute('data-skillset-id')).toBe(billingId);
    expect(await waiting.textContent()).toContain('Waiting for Billing');
    // Gone from Mine, and the admin's load is back to zero.
    await poll(() => rows().count()).toBe(0);
    await poll(() => desk.getByTestId('my-load').textContent()).toBe('0 / 5 open');
    // Not in the admin's queue either: it is held for Billing's members, and the admin is not one.
    await tab('Queue').click();
    await poll(() => desk.getByText('Nobody is waiting for you or your skillsets.').count()).toBe(1);
    // All shows it, with its queue.
    await tab('All').click();
    await poll(() => rows().count()).toBe(1);
    expect(await rows().getByTestId('queue-info').textContent()).toMatch(/^Billing · waiting/);
    await snap(desk, JOURNEY, '05-waiting-for-billing');

    const conversation = await api('GET', `/conversations/${conversationId}`);
    expect(conversation.state).toBe('waiting');
    expect(conversation.waitingSkillsetId).toBe(billingId);
    expect(conversation.assigneeId).toBeNull();
  });

  it('while the admin is away, a new request waits in their Queue; going online assigns it to them live', async () => {
    const availability = desk.getByTestId('availability');
    await availability.getByText('Away', { exact: true }).click();
    await poll(() => availability.getAttribute('data-availability')).toBe('away');

    // Another customer, from another browser profile (the simulator remembers its customer per browser).
    const other = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    const phone = await other.newPage();
    await signIn(phone, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    await phone.goto(`${server.url}/simulator`);
    await phone.getByLabel('Your name').fill(SECOND_CUSTOMER);
    await phone.getByLabel('Your WhatsApp number').fill('393401112223');
    const say = async (text: string) => {
      await phone.getByRole('textbox', { name: 'Message' }).fill(text);
      await phone.getByRole('button', { name: 'Send', exact: true }).click();
    };
    await say('Good morning');
    await poll(() => phone.getByTestId('sim-business-bubble').count(), 30_000).toBeGreaterThan(0);
    await say('Can I talk to a human please');

    await tab('Queue').click();
    const queued = desk.getByTestId('conversation-row').filter({ hasText: SECOND_CUSTOMER });
    await poll(() => queued.count(), 30_000).toBe(1);
    expect(await queued.getByTestId('queue-info').textContent()).toMatch(/^The general queue · waiting/);
    await snap(desk, JOURNEY, '06-queue-while-away');

    await availability.getByText('Online', { exact: true }).click();
    await poll(() => queued.count()).toBe(0);
    await tab('Mine').click();
    await poll(() => queued.count()).toBe(1);
    await poll(() => desk.getByTestId('my-load').textContent()).toBe('1 / 5 open');
    await snap(desk, JOURNEY, '07-online-takes-it');
    await other.close();
  });
});
