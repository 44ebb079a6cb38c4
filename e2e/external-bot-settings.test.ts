// Journey: an admin plugs in an external bot (a local test bot plays it): a loopback URL is refused until private
// networks are allowed (with a warning); the secret is write-only; "Send test event" shows the status, the
// latency and the parsed answer, or precisely why an answer is refused.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'external-bot-settings';

describe.runIf(run)('an admin plugs in an external bot and sends it a test event', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };
  let bot: Server;
  let botUrl: string;
  let answer = '';
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    server = await startServer();
    bot = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      });
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    botUrl = `http://127.0.0.1:${(bot.address() as { port: number }).port}/parley`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => bot?.close(resolve));
    await server?.t.close();
  });

  let secret = '';

  it('a loopback URL is refused at the URL until private networks are allowed', async () => {
    await page.goto(`${server.url}/settings/external-bot`);
    await page.getByLabel('URL').fill(botUrl);
    await page.getByRole('button', { name: 'Generate' }).click();
    secret = await page.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'Save external bot' }).click();
    await expect.poll(() => page.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    expect(
      await page
        .getByText(/private|loopback/i)
        .first()
        .textContent(),
    ).toBeTruthy();
    await snap(page, JOURNEY, '01-loopback-refused');

    await page.getByLabel('Allow private network addresses').check();
    expect(await page.getByTestId('private-network-warning').count()).toBe(1);
    await page.getByRole('button', { name: 'Save external bot' }).click();
    // Saved: the secret is now only "set", never shown again.
    await expect.poll(() => page.getByTestId('external-secret-state').textContent()).toBe('Set');
    expect(await page.getByLabel('Signing secret').count()).toBe(0);
    await snap(page, JOURNEY, '02-saved');
  });

  it('a test event shows the status, the latency and the parsed answer; the event is signed', async () => {
    answer = JSON.stringify({ replies: [{ type: 'text', text: 'Hello from the test bot!' }], actions: [{ type: 'handoff' }] });
    await page.getByLabel('Test message').fill('Where is my order?');
    await page.getByRole('button', { name: 'Send test event' }).click();
    const result = page.getByTestId('external-test-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('external-test-status').textContent()).toBe('HTTP 200');
    expect(await page.getByTestId('external-test-latency').textContent()).toMatch(/^\d+ ms$/);
    expect(await result.getByTestId('bot-test-reply').textContent()).toContain('Hello from the test bot!');
    expect(await page.getByTestId('external-test-actions').textContent()).toContain('Hand off to the general queue');
    await snap(page, JOURNEY, '03-test-event-accepted');

    const last = received.at(-1)!;
    expect(JSON.parse(last.body)).toMatchObject({ event: 'message', test: true, message: { text: 'Where is my order?' } });
    const timestamp = String(last.headers['x-parley-timestamp']);
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${last.body}`).digest('hex')}`;
    expect(last.headers['x-parley-signature']).toBe(expected);
  });

  it('an answer Parley cannot use is refused with the precise reason', async () => {
    answer = '<html>oops</html>';
    await page.getByRole('button', { name: 'Send test event' }).click();
    const result = page.getByTestId('external-test-result');
    await expect.poll(() => result.getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('external-test-reason').textContent()).toContain('the answer is not JSON');

    answer = JSON.stringify({ actions: [{ type: 'dance' }] });
    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => page.getByTestId('external-test-reason').textContent()).toContain('actions');
    await snap(page, JOURNEY, '04-test-event-refused');
  });

  it('rotating the secret asks for a new one', async () => {
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('button', { name: 'Save external bot' }).click();
    await expect.poll(() => page.getByLabel('New signing secret').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('New signing secret').fill('short');
    await page.getByRole('button', { name: 'Save external bot' }).click();
    await expect.poll(() => page.getByText('Must be at least 16 characters').count()).toBe(1);
    await page.getByLabel('New signing secret').fill('a-brand-new-secret-of-enough-length');
    await page.getByRole('button', { name: 'Save external bot' }).click();
    await expect.poll(() => page.getByTestId('external-secret-state').count()).toBe(1);
    await page.getByRole('button', { name: 'Send test event' }).click();
    await expect.poll(() => received.length).toBeGreaterThanOrEqual(4);
    const last = received.at(-1)!;
    const expected = `sha256=${createHmac('sha256', 'a-brand-new-secret-of-enough-length')
      .update(`${String(last.headers['x-parley-timestamp'])}.${last.body}`)
      .digest('hex')}`;
    expect(last.headers['x-parley-signature']).toBe(expected);
  });
});
