// Journey (issue 7, done-when): an admin uploads an Excel of 5 rows (one invalid number, one duplicate), fills the
// template's variables from its columns, sees the preview, sees 3 Messages and 2 Rejected with their reasons,
// confirms, watches the outbound history reach done with delivered and read times from the fake Graph API, and
// exports it. The WhatsApp number and its approved template live in the fake Graph API (synced, not inserted).
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeGraph, type FakeGraph } from '../apps/server/src/modules/channels';
import { openSpreadsheet } from '../apps/server/src/platform/excel';
import { seedContacts } from '../apps/server/src/testing/contacts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../apps/server/src/testing/test-app';
import { APP_SECRET, connectWhatsApp, PHONE_NUMBER_ID, WABA_ID, whatsappEnv } from '../apps/server/src/testing/whatsapp';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';

const run = requireChromiumOrExplain();
const JOURNEY = 'campaign-wizard';
const WEB_DIST = fileURLToPath(new URL('../apps/web/dist', import.meta.url));
const CAMPAIGN = 'Order ready — May';
const LONG = { timeout: 30_000, interval: 250 };

/** The audience as people fill it in: a header row, then one customer per row. */
async function audienceXlsx(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Customers');
  sheet.addRow(['Phone', 'Customer', 'Order']);
  sheet.addRow(['+5511987650001', 'Ana', 'A-100']);
  sheet.addRow(['12345', 'Bruno', 'A-101']); // not a phone number
  sheet.addRow(['+5511987650003', 'Carla', 'A-102']);
  sheet.addRow(['+55 11 98765-0001', 'Ana again', 'A-103']); // row 1's number, written another way
  sheet.addRow(['+5511987650005', 'Duda', 'A-104']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function readDownload(page: Page, click: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const sheet = await openSpreadsheet(await readFile((await download.path())!));
  const rows: Array<Record<string, unknown>> = [];
  for await (const r of sheet.rows) rows.push(r.values);
  return { name: download.suggestedFilename(), headers: sheet.headers, rows };
}

describe.runIf(run)('a campaign from an Excel file, through the wizard, to the outbound history', () => {
  let browser: Browser;
  let page: Page;
  let t: TestApp;
  let fake: FakeGraph;
  let url: string;
  let campaignId: string;

  // Mantine selects: open the box, then pick the option by its text.
  const pick = async (testId: string, option: string | RegExp) => {
    await page.getByTestId(testId).click();
    await page.getByRole('option', { name: option }).click();
  };

  beforeAll(async () => {
    if (!existsSync(`${WEB_DIST}/index.html`)) throw new Error('The web app is not built: run `npm run build` first');
    t = await startTestApp({ env: { ...whatsappEnv, PARLEY_DEFAULT_COUNTRY: 'BR' }, webDist: WEB_DIST, worker: true, systemClock: true });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    url = `http://127.0.0.1:${port}`;
    fake = await startFakeGraph({ strictTemplates: true, statusDelaysMs: { sent: 50, delivered: 300, read: 700 } });
    const cookie = await t.login();
    const channel = await connectWhatsApp(t, cookie, { graphBaseUrl: fake.url });
    fake.registerNumber({
      phoneNumberId: PHONE_NUMBER_ID,
      displayPhoneNumber: '15550783881',
      wabaId: WABA_ID,
      accessToken: 'EAAG-test-access-token-0123456789',
      appSecret: APP_SECRET,
      webhookUrl: `${url}/webhooks/whatsapp`,
    });
    // Approved in WhatsApp Manager, then synced into Parley as the templates page would.
    fake.seedTemplate(WABA_ID, {
      name: 'order_ready',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [
        { type: 'BODY', text: 'Hi {{1}}, your order {{2}} is ready.', example: { body_text: [['Priya', 'A-1']] } },
        { type: 'FOOTER', text: 'Acme Shop' },
      ],
    });
    // A customer already in the contacts, added by hand to the audience and removed again.
    const ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie } })).json().id as string;
    await seedContacts(t.rt.deps.db, ws, new Date(), [{ firstName: 'Eva', lastName: 'Extra', phone: '+5511987650099' }]);
    const sync = await t.app.inject({
      method: 'POST',
      url: '/api/v1/templates/sync',
      headers: { cookie },
      payload: { channelId: channel.id },
    });
    expect(sync.statusCode, sync.body).toBe(200);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    await signIn(page, url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await t?.close();
  });

  it('starts a campaign: name, number, approved template, immediate', async () => {
    await page.getByRole('link', { name: 'Campaigns', exact: true }).click();
    await page.waitForURL(/\/campaigns$/);
    await page.getByTestId('campaigns-new').click();
    await page.waitForURL(/\/campaigns\/new$/);
    await page.getByTestId('wizard-name').fill(CAMPAIGN);
    await pick('wizard-channel', /Support line/);
    await pick('wizard-template', 'order_ready (en_US)');
    expect(await page.getByTestId('template-preview').textContent()).toContain('Hi Priya, your order A-1 is ready.');
    await snap(page, JOURNEY, '01-campaign');
    await page.getByTestId('wizard-next').click();
    await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}\/edit\?step=1$/);
    campaignId = /\/campaigns\/([0-9a-f-]{36})\//.exec(page.url())![1]!;
  });

  it('uploads the Excel audience and lists its 5 rows; the sample file is made for the template', async () => {
    const sample = await readDownload(page, () => page.getByTestId('audience-sample').click());
    expect(sample.name).toBe('order_ready-sample.xlsx');
    expect(sample.headers).toEqual(['phone', 'name', 'body_1', 'body_2']);

    await page.locator('input[type="file"]').setInputFiles({
      name: 'may-customers.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await audienceXlsx(),
    });
    await expect.poll(() => page.getByTestId('audience-total').getAttribute('data-total'), LONG).toBe('5');
    expect(await page.getByTestId('audience-file-current').textContent()).toContain('may-customers.xlsx');
    expect(await page.getByTestId('audience-row-phone').allTextContents()).toEqual([
      '+5511987650001',
      '12345',
      '+5511987650003',
      '+55 11 98765-0001',
      '+5511987650005',
    ]);
    await snap(page, JOURNEY, '02-audience');

    // Add customer, then delete that number again: back to the file's 5 rows.
    await page.getByTestId('audience-add').click();
    await page.getByTestId('add-customer-search').fill('Eva');
    await expect.poll(() => page.getByTestId('add-customer-row').count(), LONG).toBe(1);
    await page.getByTestId('add-customer-pick').click();
    await expect.poll(() => page.getByTestId('audience-total').getAttribute('data-total'), LONG).toBe('6');
    const added = page.getByTestId('audience-row').filter({ hasText: '+5511987650099' });
    await added.getByTestId('audience-row-delete').click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect.poll(() => page.getByTestId('audience-total').getAttribute('data-total'), LONG).toBe('5');
    await page.getByTestId('wizard-next').click();
    await page.waitForURL(/step=2$/);
  });

  it('fills the variables from the file’s columns and previews the message for a chosen recipient', async () => {
    await pick('var-body-1-kind', 'File column');
    await pick('var-body-1-value', 'Customer');
    await pick('var-body-2-kind', 'File column');
    await pick('var-body-2-value', 'Order');
    const body = page.getByTestId('template-preview').getByTestId('preview-body');
    await expect.poll(() => body.textContent(), LONG).toBe('Hi Ana, your order A-100 is ready.');
    await pick('preview-recipient', /^Row 3 /);
    await expect.poll(() => body.textContent(), LONG).toBe('Hi Carla, your order A-102 is ready.');
    expect(await page.getByTestId('template-preview').getByTestId('preview-footer').textContent()).toBe('Acme Shop');
    await snap(page, JOURNEY, '03-variables-preview');
    await page.getByTestId('wizard-next').click();
    await page.waitForURL(/step=3$/);
  });

  it('validates into 3 Messages and 2 Rejected, each with its reason, both downloadable', async () => {
    const messagesTab = page.getByTestId('validation-tab-messages');
    await expect.poll(() => messagesTab.getAttribute('data-count'), LONG).toBe('3');
    expect(await page.getByTestId('validation-tab-rejected').getAttribute('data-count')).toBe('2');
    // The counts arrive with the validation; the rows of the Messages page may render a moment later.
    await expect
      .poll(() => page.getByTestId('validation-text').allTextContents(), LONG)
      .toEqual(['Hi Ana, your order A-100 is ready.', 'Hi Carla, your order A-102 is ready.', 'Hi Duda, your order A-104 is ready.']);
    await snap(page, JOURNEY, '04-messages');

    await page.getByTestId('validation-tab-rejected').click();
    const rejected = page.getByTestId('validation-rejected-row');
    await expect.poll(() => rejected.count(), LONG).toBe(2);
    expect(await rejected.nth(0).getAttribute('data-code')).toBe('invalid_number');
    expect(await rejected.nth(1).getAttribute('data-code')).toBe('duplicate');
    for (const text of await page.getByTestId('validation-reason-text').allTextContents()) expect(text.length).toBeGreaterThan(5);
    await snap(page, JOURNEY, '05-rejected');

    const file = await readDownload(page, () => page.getByTestId('validation-download-rejected').click());
    expect(file.rows).toHaveLength(2);
  });

  it('confirms, and the campaign reaches done with delivered and read times from WhatsApp', async () => {
    await page.getByTestId('wizard-confirm').click();
    await page.getByTestId('wizard-confirm-send').click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
    // Confirm wakes the campaign's dispatcher at once; done once every status webhook of the fake Graph API is in.
    await expect
      .poll(() => page.getByTestId('campaign-status').getAttribute('data-status'), { timeout: 45_000, interval: 500 })
      .toBe('done');
    const rows = page.getByTestId('recipient-row');
    await expect.poll(() => rows.count(), LONG).toBe(3);
    // Read receipts follow the sends by a moment; the page keeps reading them in.
    await expect
      .poll(async () => (await page.getByTestId('recipient-status').allTextContents()).join(','), { timeout: 45_000, interval: 500 })
      .toBe('Read,Read,Read');
    for (const cell of [
      ...(await page.getByTestId('recipient-delivered').allTextContents()),
      ...(await page.getByTestId('recipient-read').allTextContents()),
    ]) {
      expect(cell).toMatch(/\d{2}:\d{2}/);
    }
    expect(fake.sent(PHONE_NUMBER_ID)).toHaveLength(3);
    await snap(page, JOURNEY, '06-view-done');

    const recipients = await readDownload(page, () => page.getByTestId('recipients-export').click());
    expect(recipients.rows).toHaveLength(3);
  });

  it('lists the campaign as done in the outbound history, and exports the history', async () => {
    await page.getByTestId('campaign-back').click();
    await page.waitForURL(/\/campaigns$/);
    const row = page.getByTestId('campaign-row').filter({ hasText: CAMPAIGN });
    await expect.poll(() => row.getByTestId('campaign-status').getAttribute('data-status'), LONG).toBe('done');
    expect(await row.getByTestId('campaign-progress').getAttribute('data-progress')).toBe('1');
    expect(await row.getByTestId('campaign-counts').textContent()).toContain('3 read');
    await snap(page, JOURNEY, '07-history');

    const history = await readDownload(page, () => page.getByTestId('campaigns-export').click());
    expect(history.name).toMatch(/^campaigns-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(history.rows).toHaveLength(1);
    expect(Object.values(history.rows[0]!)).toContain(CAMPAIGN);
  });
});
