// Journey (issue 5, merge, GDPR and retention): an admin opens a conversation, merges the customer's duplicate
// (choosing which last name stays), asks for a data export, carries it out under Settings → Privacy and downloads
// the archive; then asks for the erasure and carries it out; and sets a retention policy.
import type { Browser, Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactsTable } from '../apps/server/src/modules/contacts';
import { seedConversation, seedMessage } from '../apps/server/src/testing/admin-views';
import { readZip } from '../apps/server/src/testing/privacy';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { createWidget } from '../apps/server/src/testing/webchat';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'contact-privacy';
const poll = <T>(read: () => T | Promise<T>, timeout = 20_000) => expect.poll(read, { timeout });

describe.runIf(run)('merge, GDPR export and erasure, retention', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };
  let conversationId: string;

  beforeAll(async () => {
    server = await startServer();
    const { t } = server;
    const cookie = await t.login();
    const ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie } })).json().id as string;
    const widget = await createWidget(t, cookie, { name: 'Website' });
    const db = t.rt.deps.db;
    const now = new Date();
    const main = await seedConversation(
      db,
      ws,
      now,
      { state: 'bot', channelId: widget.id },
      { firstName: 'Mara', phone: '+5511977776666' },
    );
    conversationId = main.conversationId;
    await seedMessage(db, ws, main, {
      direction: 'in',
      senderType: 'customer',
      createdAt: now,
      text: 'Hi, it is Mara',
      channelId: widget.id,
    });
    const dup = await seedConversation(
      db,
      ws,
      now,
      { state: 'closed', closedAt: now, channelId: widget.id },
      { firstName: 'Mara', phone: '+5511977776666' },
    );
    await seedMessage(db, ws, dup, { direction: 'in', senderType: 'customer', createdAt: now, text: 'Earlier chat', channelId: widget.id });
    await db.update(contactsTable).set({ lastName: 'Lopes' }).where(eq(contactsTable.id, main.contactId));
    await db
      .update(contactsTable)
      .set({ lastName: 'Lopes Silva', email: 'mara@example.test', phone: null })
      .where(eq(contactsTable.id, dup.contactId));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  const privacyPanel = async () => {
    await page.goto(`${server.url}/inbox/${conversationId}`);
    await poll(() => page.getByTestId('contact-name').textContent()).toContain('Mara');
    await page.getByRole('button', { name: 'Privacy', exact: true }).click();
  };

  it('merges the duplicate, keeping the last name chosen', async () => {
    await privacyPanel();
    await page.getByRole('button', { name: 'Merge with…' }).click();
    await page.getByLabel('Find the other contact').fill('mara@example');
    await page.getByTestId('merge-candidate').first().click();
    // Mantine's segmented control hides its radios: the visible label takes the click.
    await page.getByRole('radiogroup', { name: 'Keep which Last name' }).getByText('Lopes Silva', { exact: true }).click();
    await snap(page, JOURNEY, '01-merge');
    await page.getByRole('button', { name: 'Merge', exact: true }).click();
    await poll(() => page.getByTestId('contact-name').textContent()).toBe('Mara Lopes Silva');
    await poll(() => page.getByTestId('contact-phone').textContent()).toContain('mara@example.test');
  });

  it('asks for an export, carries it out and downloads the archive', async () => {
    await page.getByRole('button', { name: 'Request export' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Request export' }).click();
    await poll(() => page.getByTestId('privacy-pending').textContent()).toContain('Export requested');
    await page.goto(`${server.url}/settings/privacy`);
    const row = page.getByTestId('privacy-request').filter({ hasText: 'Mara Lopes Silva' });
    await row.getByRole('button', { name: 'Execute' }).click();
    await page.getByRole('radiogroup', { name: 'Show requests' }).getByText('Done', { exact: true }).click();
    const download = page.waitForEvent('download');
    await page.getByTestId('privacy-request').filter({ hasText: 'Export' }).getByRole('link', { name: 'Download' }).click();
    const files = readZip(await readFile((await (await download).path())!));
    expect(JSON.parse(files.get('profile.json')!.toString())).toContainEqual({ field: 'Email', value: 'mara@example.test' });
    expect(JSON.parse(files.get('messages.json')!.toString())).toHaveLength(2);
    await snap(page, JOURNEY, '02-export-done');
  });

  it('asks for the erasure and carries it out: the contact is gone, the request stays', async () => {
    await privacyPanel();
    // The panel may still be settling after the export above: click until the confirmation dialog is open.
    const dialog = page.getByRole('dialog').filter({ has: page.getByRole('button', { name: 'Request erasure' }) });
    await poll(async () => {
      if ((await dialog.count()) === 0) await page.getByRole('button', { name: 'Request erasure' }).first().click();
      return dialog.count();
    }).toBe(1);
    await dialog.getByRole('button', { name: 'Request erasure' }).click();
    await poll(() => page.getByTestId('privacy-pending').textContent()).toContain('Erasure requested');
    await page.goto(`${server.url}/settings/privacy`);
    await page.getByTestId('privacy-request').filter({ hasText: 'Erasure' }).getByRole('button', { name: 'Execute' }).click();
    await page.getByRole('button', { name: 'Erase for good' }).click();
    await page.getByRole('radiogroup', { name: 'Show requests' }).getByText('All', { exact: true }).click();
    await poll(() => page.getByTestId('privacy-request').filter({ hasText: 'Erased or merged contact' }).count()).toBe(2);
    await snap(page, JOURNEY, '03-erased');
    await page.goto(`${server.url}/inbox/${conversationId}`);
    await poll(() => page.getByText('Conversation not found').count()).toBe(1);
  });

  it('sets a retention policy', async () => {
    await page.goto(`${server.url}/settings/privacy`);
    await page.getByLabel('Erase messages older than').check();
    await page.getByLabel('Message age in days').fill('365');
    await page.getByRole('button', { name: 'Save retention policy' }).click();
    await poll(() => page.getByText('Saved.').count()).toBe(1);
    const cookie = await server.t.login();
    const saved = await server.t.app.inject({ method: 'GET', url: '/api/v1/settings/retention', headers: { cookie } });
    expect(saved.json()).toMatchObject({ messagesDays: 365, inactiveContactsDays: null });
    await snap(page, JOURNEY, '04-retention');
  });
});
