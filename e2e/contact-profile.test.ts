// Journey: a contact's profile (seeds 001, 003) — opened from the list; conversations, sessions with a starred
// goal, Start chat inside the window; add a note and a tag, edit a field, a top property inline, upload a picture,
// pause the bot — then bulk actions from the list: a few contacts at once, and all 1,100 matching as a job with
// its progress bar.
import type { Browser, Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  seedChannel,
  seedChannelIdentity,
  seedContactConversation,
  seedConversationMessage,
  seedGoal,
  seedSession,
} from '../apps/server/src/testing/contact-profile';
import { seedContact, seedContacts } from '../apps/server/src/testing/contacts';
import { makePng } from '../apps/server/src/testing/images';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';

const run = requireChromiumOrExplain();
const JOURNEY = 'contact-profile';
// The built web app; PARLEY_E2E_WEB_DIST points at another build (e.g. one made with `vite build --outDir`).
const WEB_DIST = process.env.PARLEY_E2E_WEB_DIST ?? fileURLToPath(new URL('../apps/web/dist', import.meta.url));

describe.runIf(run)('contact profile and bulk actions', () => {
  let browser: Browser;
  let page: Page;
  let t: TestApp;
  let url: string;
  let cookie: string;
  let lia: string;

  const api = async (path: string) => (await t.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: { cookie } })).json();

  beforeAll(async () => {
    if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error('The web app is not built: run `npm run build` first');
    t = await startTestApp({ webDist: WEB_DIST, worker: true, systemClock: true });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    cookie = await t.login();
    const ws = (await api('/workspace')).id as string;
    const db = t.rt.deps.db;
    const now = Date.now();
    const ago = (ms: number) => new Date(now - ms);
    const plan = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attributes',
      headers: { cookie },
      payload: { key: 'plan', label: 'Plan', type: 'text', topProperty: true },
    });
    expect(plan.statusCode).toBe(201);
    const wa = await seedChannel(db, ws, 'whatsapp', 'Support WhatsApp');
    lia = await seedContact(db, ws, ago(3_600_000), { firstName: 'Lia', lastName: 'Souza', phone: '+5511987650001', source: 'organic' });
    await seedChannelIdentity(db, ws, {
      contactId: lia,
      channelId: wa,
      key: 'wa:5511987650001',
      createdAt: ago(3_600_000),
      lastInboundAt: ago(600_000),
    });
    const conv = await seedContactConversation(db, ws, {
      contactId: lia,
      channelId: wa,
      state: 'bot',
      openedAt: ago(3_600_000),
      lastMessageAt: ago(600_000),
    });
    await seedConversationMessage(db, ws, {
      conversationId: conv,
      contactId: lia,
      channelId: wa,
      senderType: 'customer',
      text: 'Hi there',
      at: ago(3_600_000),
    });
    await seedConversationMessage(db, ws, {
      conversationId: conv,
      contactId: lia,
      channelId: wa,
      senderType: 'bot',
      text: 'Hello!',
      at: ago(3_590_000),
    });
    await seedSession(db, ws, { contactId: lia, channelId: wa, startedAt: ago(3_600_000), endedAt: ago(600_000) });
    await seedGoal(db, ws, { contactId: lia, conversationId: conv, name: 'Newsletter', at: ago(1_800_000) });
    await seedContacts(
      db,
      ws,
      ago(7_200_000),
      Array.from({ length: 1_100 }, (_, i) => ({ firstName: 'Bulk', lastName: String(i).padStart(4, '0') })),
    );
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await signIn(page, url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens from the list and shows who, conversations, sessions (goal starred) and Start chat', async () => {
    await page.goto(`${url}/contacts`);
    await page.getByTestId('contacts-search').fill('Lia');
    await page.getByRole('link', { name: 'Lia Souza' }).click();
    await page.waitForURL(`${url}/contacts/${lia}`);
    await expect.poll(() => page.getByTestId('profile-name').textContent()).toBe('Lia Souza');
    await expect.poll(() => page.getByTestId('profile-conversation').count()).toBe(1);
    await expect.poll(() => page.getByTestId('profile-session').getAttribute('data-starred')).toBe('true');
    expect(await page.getByTestId('profile-goal').textContent()).toContain('Newsletter');
    expect(await page.getByTestId('profile-start-chat').getAttribute('href')).toMatch(/^\/inbox\//);
    expect(await page.getByTestId('profile-channel').textContent()).toContain('Support WhatsApp');
  });

  it('adds a note and a tag, edits a field and a top property, uploads a picture and pauses the bot', async () => {
    await page.getByTestId('note-input').fill('Wants the blue model');
    await page.getByTestId('note-add').click();
    await expect.poll(() => page.getByTestId('note-text').first().textContent()).toBe('Wants the blue model');
    expect(await page.getByTestId('note-meta').first().textContent()).toContain('Admin');

    await page.getByTestId('profile-add-tag').fill('VIP');
    await page.getByTestId('profile-add-tag').press('Enter');
    await expect.poll(() => page.getByTestId('profile-tag').allTextContents()).toEqual(['VIP']);

    await page.getByTestId('profile-edit').click();
    await page.getByTestId('edit-email').fill('not an email');
    await page.getByTestId('edit-save').click();
    await expect.poll(() => page.getByText('Is not an email address').count()).toBe(1);
    await page.getByTestId('edit-email').fill('lia@example.com');
    await page.getByTestId('edit-save').click();
    await expect.poll(() => page.getByTestId('profile-field-email').textContent()).toBe('lia@example.com');

    await page.getByRole('button', { name: 'Edit Plan' }).click();
    await page.getByRole('textbox', { name: 'Plan' }).fill('Gold');
    await page.getByRole('button', { name: 'Save Plan' }).click();
    await expect.poll(() => page.getByTestId('property-value').first().textContent()).toBe('Gold');

    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: makePng({ width: 32, height: 32 }) });
    await expect
      .poll(() => page.locator('[data-testid="profile-picture"] img').getAttribute('src'))
      .toMatch(new RegExp(`/contacts/${lia}/picture`));

    await page.getByRole('button', { name: 'Pause bot' }).click();
    await expect.poll(() => page.getByTestId('bot-paused-until').count()).toBe(1);
    await snap(page, JOURNEY, '01-profile');

    const notes = await api(`/contacts/${lia}/notes`);
    expect(notes.items[0]).toMatchObject({ text: 'Wants the blue model', author: { name: 'Admin' } });
    expect((await api(`/contacts/${lia}`)).tags).toEqual(['VIP']);
  });

  it('runs a bulk action on two selected contacts at once, and on all 1,100 matching as a job with progress', async () => {
    await page.goto(`${url}/contacts`);
    await page.getByTestId('contacts-search').fill('Bulk');
    await expect.poll(() => page.getByTestId('contacts-total').getAttribute('data-total')).toBe('1100');
    await page.getByTestId('contacts-select-row').nth(0).check();
    await page.getByTestId('contacts-select-row').nth(1).check();
    await page.getByTestId('contacts-bulk-menu').click();
    await page.getByTestId('bulk-archive').click();
    expect(await page.getByTestId('bulk-confirm-text').textContent()).toContain('2 selected contacts');
    await page.getByTestId('bulk-submit').click();
    await expect.poll(() => page.getByTestId('contacts-total').getAttribute('data-total')).toBe('1098');

    await page.getByTestId('contacts-select-page').check();
    await page.getByTestId('contacts-select-all-matching').click();
    await page.getByTestId('contacts-bulk-menu').click();
    await page.getByTestId('bulk-add_tag').click();
    await page.getByTestId('bulk-tag').fill('wave');
    expect(await page.getByTestId('bulk-confirm-text').textContent()).toContain('all 1,098 matching contacts');
    const started = page.waitForResponse((r) => r.url().endsWith('/api/v1/bulk-actions') && r.request().method() === 'POST');
    await page.getByTestId('bulk-submit').click();
    // Handed to a job (202); the progress bar follows it (it may already be done: 1,098 contacts take a second).
    const response = await started;
    expect(response.status()).toBe(202);
    expect(await response.json()).toMatchObject({ mode: 'job', status: 'queued' });
    await expect.poll(() => page.getByTestId('bulk-progress').count(), { timeout: 60_000 }).toBe(0);
    await expect.poll(() => page.getByText('1,098 contacts done.').count()).toBe(1);
    await snap(page, JOURNEY, '02-bulk-done');
    const tagged = await api(
      `/contacts/count?filter=${encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'tags', op: 'contains', value: 'wave' }] }))}`,
    );
    expect(tagged.total).toBe(1_098);
  });
});
