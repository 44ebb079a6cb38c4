// Journey: an admin adds a website chat and sees its snippet and live preview; a visitor on the test page opens
// the widget, writes, and the bot answers; after a reload the visitor is still the same person with the same
// history; staff see the visitor's conversation in the inbox, and an agent's reply reaches the widget live.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'widget-chat';
const FIRST_MESSAGE = 'Hi! Do you deliver to Lisbon? <img src=x onerror="document.title=\'pwned\'">';

describe.runIf(run)('a visitor chats with the bot through the website widget', () => {
  let browser: Browser;
  let page: Page;
  let visitorContext: BrowserContext;
  let visitor: Page;
  let server: { t: TestApp; url: string };
  let widgetKey: string;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    // The visitor is another browser profile: their own storage, their own identity.
    visitorContext = await browser.newContext({ viewport: { width: 1100, height: 800 } });
    visitor = await visitorContext.newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  it('an admin adds a website chat and sees its snippet and a live preview', async () => {
    await page.goto(`${server.url}/settings/channels`);
    await page.getByRole('button', { name: 'Add website chat' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add website chat' });
    await dialog.getByLabel('Chat title').fill('Talk to Acme');
    await dialog.getByRole('button', { name: 'Add website chat' }).click();

    const snippet = page.getByTestId('widget-snippet');
    await expect.poll(() => snippet.textContent()).toContain('/widget.js" data-parley-key="');
    widgetKey = /data-parley-key="([^"]+)"/.exec((await snippet.textContent()) ?? '')![1]!;
    expect(widgetKey).toMatch(/^[A-Za-z0-9_-]{32}$/);

    // The preview is the real widget, open, with this widget's title.
    const preview = page.frameLocator('[data-testid="widget-preview"]');
    await expect.poll(() => preview.getByRole('dialog', { name: 'Talk to Acme' }).isVisible(), { timeout: 15_000 }).toBe(true);
    await page.waitForTimeout(500); // the modal's opening transition, for a clean screenshot
    await snap(page, JOURNEY, '01-widget-settings');
  });

  it('a visitor opens the widget on the test page, writes, and the bot answers', async () => {
    await visitor.goto(`${server.url}/widget/test?key=${widgetKey}`);
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const panel = visitor.getByRole('dialog', { name: 'Talk to Acme' });
    await expect.poll(() => panel.isVisible()).toBe(true);
    await panel.getByRole('textbox', { name: 'Your name (optional)' }).fill('Vera Visitor');
    await panel.getByRole('textbox', { name: 'Message' }).fill(FIRST_MESSAGE);
    await panel.getByRole('button', { name: 'Send' }).click();

    const mine = visitor.getByTestId('widget-visitor-message');
    await expect.poll(() => mine.first().getAttribute('data-state'), { timeout: 15_000 }).toBe('sent');
    // Hostile text is shown as text, and nothing ran.
    expect(await mine.first().textContent()).toBe(FIRST_MESSAGE);
    expect(await visitor.title()).not.toBe('pwned');

    const answers = visitor.getByTestId('widget-business-message');
    await expect.poll(() => answers.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect((await answers.first().textContent())?.trim().length).toBeGreaterThan(0);
    await snap(visitor, JOURNEY, '02-visitor-chat');
  });

  it('after a reload the visitor is the same person, with the same history', async () => {
    const before = await visitor.getByTestId('widget-business-message').count();
    await visitor.reload();
    await visitor.getByRole('button', { name: 'Open chat' }).click();
    const mine = visitor.getByTestId('widget-visitor-message');
    await expect.poll(() => mine.count(), { timeout: 15_000 }).toBe(1);
    expect(await mine.first().textContent()).toBe(FIRST_MESSAGE);
    await expect.poll(() => visitor.getByTestId('widget-business-message').count()).toBe(before);
    await snap(visitor, JOURNEY, '03-after-reload');
  });

  it('staff see the visitor’s conversation in the inbox', async () => {
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    const row = page.getByTestId('conversation-row').filter({ hasText: 'Vera Visitor' });
    await expect.poll(() => row.count(), { timeout: 15_000 }).toBe(1);
    await row.click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    const inbound = page.locator('[data-testid="message-bubble"][data-direction="in"]');
    await expect.poll(() => inbound.count()).toBe(1);
    expect(await inbound.first().textContent()).toContain(FIRST_MESSAGE);
    await snap(page, JOURNEY, '04-inbox-thread');
  });

  it('an agent’s reply reaches the open widget at once', async () => {
    const reply = 'Yes, we deliver to Lisbon within two days.';
    await page.getByRole('textbox', { name: 'Reply' }).fill(reply);
    await page.keyboard.press('Enter');
    const answer = visitor.getByTestId('widget-business-message').filter({ hasText: reply });
    await expect.poll(() => answer.count(), { timeout: 30_000 }).toBe(1);
    // The widget showed it: the agent sees it delivered.
    const out = page.locator('[data-testid="message-bubble"][data-direction="out"]').filter({ hasText: reply });
    await expect.poll(() => out.getAttribute('data-status'), { timeout: 30_000 }).toBe('delivered');
    await snap(visitor, JOURNEY, '05-agent-reply');
  });
});
