// Journey: a customer arrives in the simulator from a click-to-WhatsApp ad and writes three messages; the
// greeting reaches them sent → delivered → read; staff see the thread with sentiment and the contact's
// source, counters and first-message tag.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'simulator-ad-customer';

describe.runIf(run)('a customer from an ad, in the simulator and the inbox', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  it('an admin adds a first-message tag rule', async () => {
    await page.goto(`${server.url}/settings/conversations`);
    await page
      .getByRole('textbox', { name: 'Match' })
      .or(page.getByRole('combobox', { name: 'Match' }))
      .first()
      .click();
    await page.getByRole('option', { name: 'Starts with' }).click();
    await page.getByLabel('First message').fill('Hi, I want Product A');
    await page.getByLabel('Tag', { exact: true }).fill('Product A');
    await page.getByRole('button', { name: 'Add rule' }).click();
    await expect.poll(() => page.getByTestId('tag-rule-row').count()).toBe(1);
    await snap(page, JOURNEY, '01-tag-rule');
  });

  it('the customer arrives from an ad and writes three messages; the greeting is read', async () => {
    await page.getByRole('link', { name: 'Simulator', exact: true }).click();
    await page.waitForURL(/\/simulator/);
    await page.getByLabel('Your name').fill('Ada Lovelace');
    await page.getByLabel('Your WhatsApp number').fill('447700900123');
    await page.getByRole('switch', { name: 'Arrive from an ad' }).check({ force: true });
    const box = page.getByRole('textbox', { name: 'Message' });
    for (const text of ['Hi, I want Product A', 'Do you ship to Rome?', 'Great, thank you so much 😍']) {
      await box.fill(text);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await expect.poll(() => page.getByTestId('sim-customer-bubble').filter({ hasText: text }).count()).toBe(1);
    }
    // The bot also answers the later messages; replies to different messages are sent by different jobs, so the
    // greeting is found by its text rather than its place.
    const greeting = page.getByTestId('sim-business-bubble').filter({ hasText: 'Thanks for writing to us' });
    await expect.poll(() => greeting.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => greeting.getAttribute('data-status'), { timeout: 30_000 }).toBe('read');
    await snap(page, JOURNEY, '02-simulator');
  });

  it('staff see the thread with each message\u2019s sentiment, and the contact\u2019s source, counters and tag', async () => {
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByTestId('conversation-row').filter({ hasText: 'Ada Lovelace' }).click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    const inbound = page.locator('[data-testid="message-bubble"][data-direction="in"]');
    await expect.poll(() => inbound.count()).toBe(3);
    // in the order they happened: the conversation starts with the customer, whose messages keep their order
    const directions = await page.getByTestId('message-bubble').evaluateAll((els) => els.map((e) => e.getAttribute('data-direction')));
    expect(directions[0]).toBe('in');
    const texts = await inbound.evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(texts.map((x) => x.slice(0, 12))).toEqual(['Hi, I want P', 'Do you ship ', 'Great, thank']);
    const badges = page.getByTestId('sentiment-badge');
    await expect.poll(() => badges.count()).toBe(3);
    const scores = await badges.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-score'))));
    expect(scores[2]).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="message-bubble"][data-direction="out"]').first().getAttribute('data-status')).toBe('read');
    await expect.poll(() => page.getByTestId('contact-source').textContent()).toContain('Chat with us about our summer offer');
    expect(await page.getByTestId('contact-source').getAttribute('data-source')).toBe('ad');
    expect(await page.getByTestId('contact-tags').textContent()).toContain('Product A');
    expect(await page.getByTestId('stat-messagesFromCustomer').textContent()).toBe('3');
    expect(await page.getByTestId('stat-sessions').textContent()).toBe('1');
    await snap(page, JOURNEY, '03-inbox-thread');
  });
});
