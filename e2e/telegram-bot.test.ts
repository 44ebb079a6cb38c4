// Journey: an admin connects a Telegram bot (a local fake Bot API plays Telegram) and sees its @username and the
// webhook Parley registered; a customer writes to the bot; an agent answers from the inbox, and the answer
// reaches Telegram.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTelegram, type FakeTelegram } from '../apps/server/src/modules/channels/telegram/fake-telegram';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';
import { makePng } from '../apps/server/src/testing/images';

const run = requireChromiumOrExplain();
const JOURNEY = 'telegram-bot';
const CHAT = 720_000_042;

describe.runIf(run)('a Telegram bot as a channel', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };
  let fake: FakeTelegram;

  beforeAll(async () => {
    server = await startServer();
    fake = await startFakeTelegram({ bot: { firstName: 'Acme Help', username: 'acme_help_bot' } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await server?.t.close();
  });

  it('an admin connects a bot with its token and sees its @username and webhook', async () => {
    await page.goto(`${server.url}/settings/channels`);
    await page.getByRole('button', { name: 'Add Telegram bot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Telegram bot' });
    await dialog.getByLabel('Name').fill('Acme on Telegram');
    await dialog.getByLabel('Bot token').fill(fake.token);
    await dialog.getByLabel('Bot API base URL').fill(fake.url);
    await dialog.getByRole('button', { name: 'Connect bot' }).click();

    await expect.poll(() => page.getByTestId('telegram-bot-username').textContent(), { timeout: 15_000 }).toBe('@acme_help_bot');
    const webhookUrl = await page.getByTestId('channel-webhook-url').textContent();
    expect(webhookUrl).toMatch(new RegExp(`^${server.url}/webhooks/telegram/[0-9a-f-]{36}$`));
    // Parley registered exactly that address with Telegram, with a secret token.
    expect(fake.webhook?.url).toBe(webhookUrl);
    expect(fake.webhook?.secretToken).toBeTruthy();
    await snap(page, JOURNEY, '01-bot-connected');

    await page.keyboard.press('Escape');
    const row = page.locator('tr[data-kind="telegram"]');
    await expect.poll(() => row.textContent()).toContain('@acme_help_bot');
    expect(await row.textContent()).toContain('Telegram');
    await snap(page, JOURNEY, '02-channel-list');
  });

  it('a customer writes to the bot, and an agent answers from the inbox', async () => {
    expect(await fake.userWrites({ chatId: CHAT, from: { firstName: 'Tomás', lastName: 'Tg' }, text: 'Olá! Is my order shipped?' })).toBe(
      200,
    );
    await page.goto(`${server.url}/inbox`);
    const conversation = page.getByTestId('conversation-row').filter({ hasText: 'Tomás Tg' });
    await expect.poll(() => conversation.count(), { timeout: 20_000 }).toBe(1);
    await conversation.click();
    await page.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    await expect
      .poll(() => page.getByTestId('message-bubble').filter({ hasText: 'Is my order shipped?' }).count(), { timeout: 15_000 })
      .toBe(1);

    await page.getByRole('textbox', { name: 'Reply' }).fill('Yes, it left this morning.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => fake.sent(CHAT).map((s) => s.text), { timeout: 20_000 }).toContain('Yes, it left this morning.');
    // No delivery receipts on Telegram: the reply shows as sent.
    const mine = page.getByTestId('message-bubble').filter({ hasText: 'Yes, it left this morning.' });
    await expect.poll(() => mine.getAttribute('data-status'), { timeout: 15_000 }).toBe('sent');
    await snap(page, JOURNEY, '03-inbox-reply');
  });

  it('the agent sends a photo with a caption, and Telegram receives the very file', async () => {
    const png = makePng({ width: 24, height: 24 });
    await page.locator('input[type="file"]').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: png });
    await expect.poll(() => page.getByTestId('composer-attachment').textContent()).toContain('label.png');
    await page.getByRole('textbox', { name: 'Reply' }).fill('Your shipping label');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => fake.sentMedia(CHAT).length, { timeout: 20_000 }).toBe(1);
    const [photo] = fake.sentMedia(CHAT);
    expect(photo).toMatchObject({ method: 'sendPhoto', field: 'photo', filename: 'label.png', caption: 'Your shipping label' });
    expect(photo!.bytes.equals(png)).toBe(true);
    await snap(page, JOURNEY, '04-inbox-photo');
  });
});
