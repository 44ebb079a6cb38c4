// Journey: the contacts list — search, a filter on a custom attribute, pages, "all N matching", save as segment,
// the segments tab with live counts, a segment opened as a list, and the export read back.
import type { Browser, Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpreadsheet } from '../apps/server/src/platform/excel';
import { seedAttributeValues, seedContacts } from '../apps/server/src/testing/contacts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'contacts-list';

describe.runIf(run)('contacts list, filters, segments and export', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };
  const total = () => page.getByTestId('contacts-total').getAttribute('data-total');

  beforeAll(async () => {
    server = await startServer();
    const { t } = server;
    const cookie = await t.login();
    const ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie } })).json().id as string;
    const city = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attributes',
      headers: { cookie },
      payload: { key: 'city', label: 'City', type: 'text' },
    });
    expect(city.statusCode).toBe(201);
    const now = new Date();
    const ids = await seedContacts(
      t.rt.deps.db,
      ws,
      now,
      Array.from({ length: 30 }, (_, i) => ({
        firstName: `Customer ${String(i + 1).padStart(2, '0')}`,
        phone: `+55119${String(10000000 + i)}`,
        tags: i % 2 === 0 ? ['even'] : [],
      })),
    );
    for (const [i, id] of ids.entries()) await seedAttributeValues(t.rt.deps.db, ws, id, { city: i < 12 ? 'Rome' : 'Lisbon' }, now);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  it('lists contacts with their total, pages through them, and searches', async () => {
    await page.goto(`${server.url}/contacts`);
    await expect.poll(total).toBe('30');
    expect(await page.getByTestId('contacts-row').count()).toBe(25);
    await page.getByTestId('contacts-page-size').click();
    await page.getByRole('option', { name: '10', exact: true }).click();
    await expect.poll(() => page.getByTestId('contacts-row').count()).toBe(10);
    await page.getByTestId('contacts-next').click();
    await expect.poll(() => page.getByTestId('contacts-page').textContent()).toBe('Page 2');
    const second = await page.getByTestId('contacts-row-name').first().textContent();
    await page.getByTestId('contacts-prev').click();
    await expect.poll(() => page.getByTestId('contacts-page').textContent()).toBe('Page 1');
    expect(await page.getByTestId('contacts-row-name').first().textContent()).not.toBe(second);
    // Names, emails and phones are searched: the digits of one phone number find one contact.
    await page.getByTestId('contacts-search').fill('(11) 9 1000-0006');
    await expect.poll(total).toBe('1');
    expect(await page.getByTestId('contacts-row-name').textContent()).toBe('Customer 07');
    await page.getByTestId('contacts-search').fill('');
    await expect.poll(total).toBe('30');
    await snap(page, JOURNEY, '01-list');
  });

  it('filters on a custom attribute and selects all matching', async () => {
    await page.getByTestId('filter-add').click();
    await page.getByTestId('filter-field').click();
    await page.getByRole('option', { name: 'City' }).click();
    await page.getByTestId('filter-value').fill('rome');
    await page.getByTestId('filter-apply').click();
    await expect.poll(total).toBe('12');
    await page.getByTestId('contacts-select-row').first().check();
    await expect.poll(() => page.getByTestId('contacts-selected-count').getAttribute('data-count')).toBe('1');
    await page.getByTestId('contacts-select-all-matching').click();
    await expect.poll(() => page.getByTestId('contacts-selected-count').getAttribute('data-count')).toBe('12');
    await snap(page, JOURNEY, '02-filtered-all-selected');
    await page.getByTestId('contacts-clear-selection').click();
  });

  it('exports the filtered list to Excel', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('contacts-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = await openSpreadsheet(await readFile((await download.path())!));
    const rows = [];
    for await (const r of sheet.rows) rows.push(r);
    expect(rows).toHaveLength(12);
    expect(new Set(rows.map((r) => r.values.City))).toEqual(new Set(['Rome']));
  });

  it('saves the filter as a dynamic segment, shows its live count, and opens it as a list', async () => {
    await page.getByTestId('contacts-save-segment').click();
    await page.getByTestId('segment-name').fill('Romans');
    await page.getByTestId('segment-description').fill('Customers in Rome');
    await page.getByTestId('segment-save').click();
    await page.waitForURL(/\/contacts\?segment=/);
    await expect.poll(() => page.getByTestId('contacts-segment-banner').textContent()).toContain('Romans');
    await page.getByTestId('contacts-tab-segments').click();
    await page.waitForURL(/\/contacts\/segments/);
    const row = page.getByTestId('segment-row').filter({ hasText: 'Romans' });
    await expect.poll(() => row.getByTestId('segment-count').getAttribute('data-count')).toBe('12');
    await snap(page, JOURNEY, '03-segments');
    await row.getByTestId('segment-open').click();
    await page.waitForURL(/\/contacts\?segment=/);
    await expect.poll(total).toBe('12');
    await snap(page, JOURNEY, '04-segment-opened');
  });

  it('saves a selection as a static segment', async () => {
    await page.getByTestId('contacts-segment-clear').click();
    await expect.poll(total).toBe('30');
    const boxes = page.getByTestId('contacts-select-row');
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await boxes.nth(2).check();
    await page.getByTestId('contacts-save-segment').click();
    await page.getByTestId('segment-name').fill('Picked three');
    await page.getByTestId('segment-save').click();
    await page.waitForURL(/\/contacts\?segment=/);
    await expect.poll(total).toBe('3');
    await page.getByTestId('contacts-tab-segments').click();
    const row = page.getByTestId('segment-row').filter({ hasText: 'Picked three' });
    await expect.poll(() => row.getByTestId('segment-count').getAttribute('data-count')).toBe('3');
    await snap(page, JOURNEY, '05-static-segment');
  });
});
