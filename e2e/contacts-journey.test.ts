// Journey (issue 5, done-when): an admin imports a small workbook from a trade fair — five customers, one with a
// phone number that is not one, one already known — checks the preview and its rejected row, runs the import and
// downloads the rejected row with its reason; then filters the list by the City attribute the file filled, saves
// that filter as a segment, opens one of the new customers, adds a note and a tag and pauses the bot for her, goes
// back to the segment from her profile and exports it: the file holds exactly the filtered contacts.
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSpreadsheet, type SheetRow } from '../apps/server/src/platform/excel';
import { seedContact } from '../apps/server/src/testing/contacts';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'contacts-journey';
const poll = <T>(read: () => T | Promise<T>, timeout = 20_000) => expect.poll(read, { timeout, interval: 200 });

/** The fair's list as people type it: a header, then one customer per row (sheet rows 2–6). */
async function fairWorkbook(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Visitors');
  sheet.addRow(['First name', 'Last name', 'Mobile', 'Email', 'City']);
  sheet.addRow(['Ana', 'Lima', '+5511987650001', 'ana@example.test', 'Rome']);
  sheet.addRow(['Bruno', 'Costa', '+5511987650002', '', 'Lisbon']);
  sheet.addRow(['Carla', 'Dias', '12345', 'carla@example.test', 'Rome']); // not a phone number: rejected
  sheet.addRow(['Dario', 'Rossi', '(11) 98765-0004', '', 'Rome']); // a known customer, in the national format
  sheet.addRow(['Eva', 'Nunes', '+5511987650005', '', 'Lisbon']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function readSheet(path: string): Promise<SheetRow[]> {
  const sheet = await openSpreadsheet(await readFile(path));
  const rows: SheetRow[] = [];
  for await (const r of sheet.rows) rows.push(r);
  return rows;
}

describe.runIf(run)('contacts: import, filter, segment, profile, export', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };
  let cookie: string;
  let dario: string;
  let anaId: string;
  let segmentId: string;
  const total = () => page.getByTestId('contacts-total').getAttribute('data-total');
  const api = async (path: string) => (await server.t.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: { cookie } })).json();

  beforeAll(async () => {
    // Numbers without +country are read as Brazilian ones, as for a workspace in São Paulo.
    server = await startServer({ PARLEY_DEFAULT_COUNTRY: 'BR' });
    const { t } = server;
    cookie = await t.login();
    const ws = (await api('/workspace')).id as string;
    const city = await t.app.inject({
      method: 'POST',
      url: '/api/v1/attributes',
      headers: { cookie },
      payload: { key: 'city', label: 'City', type: 'text' },
    });
    expect(city.statusCode).toBe(201);
    dario = await seedContact(t.rt.deps.db, ws, new Date(Date.now() - 86_400_000), {
      firstName: 'Dario',
      lastName: 'Rossi',
      phone: '+5511987650004',
      source: 'organic',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  it('uploads the workbook and previews it: the columns mapped, the known customer updated, the bad row rejected', async () => {
    await page.goto(`${server.url}/contacts`);
    await poll(total).toBe('1');
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const wizard = page.getByRole('dialog', { name: 'Import contacts' });
    await wizard.locator('input[type="file"]').setInputFiles({
      name: 'spring-fair.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await fairWorkbook(),
    });
    await poll(() => wizard.getByTestId('import-summary').textContent()).toContain('5 rows: 4 ready to import, 1 will be rejected');
    expect(await wizard.getByTestId('import-summary').textContent()).toContain('1 invalid phone number');
    // The headers found their targets: Mobile by its alias, City the custom attribute (not the location field).
    expect(await wizard.getByLabel('Import First name as').inputValue()).toBe('First name');
    expect(await wizard.getByLabel('Import Mobile as').inputValue()).toBe('Phone');
    expect(await wizard.getByLabel('Import City as').inputValue()).toBe('City (text)');
    expect(await wizard.getByTestId('import-source-label').inputValue()).toBe('spring-fair');

    const preview = wizard.getByTestId('import-preview');
    expect(await preview.getByTestId('import-preview-row-2').textContent()).toContain('new contact');
    expect(await preview.getByTestId('import-preview-row-5').textContent()).toContain('updates a contact');
    expect(await preview.getByTestId('import-preview-row-4').getAttribute('data-rejected')).toBe('true');
    const problems = wizard.getByTestId('import-problems').locator('tbody tr');
    await poll(() => problems.count()).toBe(1);
    expect(await problems.getAttribute('data-testid')).toBe('import-problems-row-4');
    expect(await problems.textContent()).toContain('Carla');
    expect(await problems.textContent()).toMatch(/Mobile: "12345" is not a valid phone number/);
    await snap(page, JOURNEY, '01-preview');
  });

  it('finishes the import and offers the rejected row, with its reason, as a file', async () => {
    const wizard = page.getByRole('dialog', { name: 'Import contacts' });
    await wizard.getByRole('button', { name: 'Import 4 contacts' }).click();
    await poll(() => wizard.getByTestId('import-done').count(), 30_000).toBe(1);
    expect(await wizard.getByTestId('import-counts').textContent()).toBe('5 of 5 rows: 3 new, 1 updated, 1 rejected');
    expect(await wizard.getByTestId('import-done').textContent()).toContain('import:spring-fair');
    await snap(page, JOURNEY, '02-imported');

    const [download] = await Promise.all([page.waitForEvent('download'), wizard.getByTestId('import-rejected-xlsx').click()]);
    const rejected = await readSheet((await download.path())!);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.values).toMatchObject({ 'First name': 'Carla', Mobile: '12345', City: 'Rome' });
    expect(String(rejected[0]!.values.error)).toMatch(/^Mobile: "12345" is not a valid phone number/);

    await wizard.getByRole('button', { name: 'Done' }).click();
    await poll(total).toBe('4');
    // Behind the screen: the new contacts carry the import's source; the known one kept his and got his city.
    const imported = await api(
      `/contacts?limit=10&filter=${encodeURIComponent(JSON.stringify({ match: 'all', conditions: [{ field: 'source', op: 'eq', value: 'import:spring-fair' }] }))}`,
    );
    expect(imported.items.map((c: { firstName: string }) => c.firstName).sort()).toEqual(['Ana', 'Bruno', 'Eva']);
    expect(await api(`/contacts/${dario}`)).toMatchObject({ firstName: 'Dario', lastName: 'Rossi', source: 'organic' });
    const attributes = (await api(`/contacts/${dario}/attributes`)).items as Array<{ key: string; value: unknown }>;
    expect(attributes.find((a) => a.key === 'city')?.value).toBe('Rome');
  });

  it('filters the list by the City attribute and saves the filter as a segment', async () => {
    await page.getByTestId('filter-add').click();
    await page.getByTestId('filter-field').click();
    await page.getByRole('option', { name: 'City' }).click();
    await page.getByTestId('filter-value').fill('Rome');
    await page.getByTestId('filter-apply').click();
    await poll(total).toBe('2');
    await poll(async () => (await page.getByTestId('contacts-row-name').allTextContents()).sort()).toEqual(['Ana Lima', 'Dario Rossi']);
    await snap(page, JOURNEY, '03-filtered');

    await page.getByRole('button', { name: 'Save as segment' }).click();
    await page.getByLabel('Segment name').fill('Rome visitors');
    await page.getByLabel('Description').fill('Met at the spring fair, or already known, in Rome');
    await page.getByTestId('segment-save').click();
    await page.waitForURL(/\/contacts\?segment=/);
    segmentId = new URL(page.url()).searchParams.get('segment')!;
    await poll(() => page.getByTestId('contacts-segment-banner').textContent()).toContain('Rome visitors');
    await poll(total).toBe('2');
    // A dynamic segment: it keeps the condition on the attribute, and counts the same two.
    const segment = await api(`/segments/${segmentId}`);
    expect(segment).toMatchObject({ kind: 'dynamic', name: 'Rome visitors' });
    expect(JSON.stringify(segment.definition)).toContain('city');
    expect(await api(`/segments/${segmentId}/count`)).toEqual({ count: 2 });
  });

  it('opens a new customer from the segment, adds a note and a tag, and pauses the bot', async () => {
    await page.getByRole('link', { name: 'Ana Lima' }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}$/);
    anaId = new URL(page.url()).pathname.split('/').at(-1)!;
    await poll(() => page.getByTestId('profile-name').textContent()).toBe('Ana Lima');
    expect(await page.getByTestId('profile-source').getAttribute('data-source')).toBe('import:spring-fair');
    // Her segments: the one just saved (its link reads its name, then its kind).
    await poll(() => page.getByTestId('profile-segment').count()).toBe(1);
    expect(await page.getByTestId('profile-segment').textContent()).toMatch(/^Rome visitors/);

    await page.getByLabel('Add a note').fill('Asked for the catalogue at the fair');
    await page.getByTestId('note-add').click();
    await poll(() => page.getByTestId('note-text').first().textContent()).toBe('Asked for the catalogue at the fair');

    await page.getByLabel('Add a tag').fill('fair-lead');
    await page.getByLabel('Add a tag').press('Enter');
    await poll(() => page.getByTestId('profile-tag').allTextContents()).toEqual(['fair-lead']);

    await page.getByRole('button', { name: 'Pause bot' }).click();
    await poll(() => page.getByTestId('bot-paused-until').count()).toBe(1);
    await snap(page, JOURNEY, '04-profile');

    const notes = await api(`/contacts/${anaId}/notes`);
    expect(notes.items).toHaveLength(1);
    expect(notes.items[0]).toMatchObject({ text: 'Asked for the catalogue at the fair', author: { name: 'Admin' } });
    const ana = await api(`/contacts/${anaId}`);
    expect(ana.tags).toEqual(['fair-lead']);
    expect(new Date(ana.botPausedUntil).getTime()).toBeGreaterThan(Date.now());
  });

  it('goes back to the segment from the profile and exports it: exactly the filtered contacts', async () => {
    await page.getByTestId('profile-segment').click();
    await page.waitForURL(`${server.url}/contacts?segment=${segmentId}`);
    await poll(total).toBe('2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export to Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const rows = await readSheet((await download.path())!);
    const byName = new Map(rows.map((r) => [`${String(r.values['First name'])} ${String(r.values['Last name'] ?? '')}`.trim(), r.values]));
    expect([...byName.keys()].sort()).toEqual(['Ana Lima', 'Dario Rossi']);
    expect(byName.get('Ana Lima')).toMatchObject({ City: 'Rome', Tags: 'fair-lead', Source: 'import:spring-fair', 'Parley ID': anaId });
    expect(byName.get('Dario Rossi')).toMatchObject({ City: 'Rome', Source: 'organic', 'Parley ID': dario });
    await snap(page, JOURNEY, '05-exported');
  });
});
