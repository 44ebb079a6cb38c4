// Journey: a staff member signs in, sees the shell, changes their time zone, and signs out.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'login-shell';

describe.runIf(run)('sign in, shell, time zone, sign out', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  it('sends a visitor to the sign-in page and refuses a wrong password', async () => {
    await page.goto(`${server.url}/settings/users`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText('Email or password is incorrect').count()).toBe(1);
    await snap(page, JOURNEY, '01-wrong-password');
  });

  it('signs in, returns to the page asked for, and shows every area of the product', async () => {
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/settings\/users/);
    await expect.poll(() => page.getByRole('cell', { name: ADMIN_EMAIL }).count()).toBeGreaterThan(0);
    for (const area of ['Inbox', 'Contacts', 'Admin menu', 'Campaigns', 'Templates', 'Insight', 'Settings']) {
      expect(await page.getByRole('link', { name: area, exact: true }).count()).toBe(1);
    }
    await snap(page, JOURNEY, '02-users');
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.waitForURL(/\/inbox/);
    await snap(page, JOURNEY, '03-inbox-empty-state');
  });

  it('changes the profile time zone, and the times shown follow it', async () => {
    const clock = page.getByTestId('header-clock');
    await expect.poll(() => clock.textContent()).toContain('UTC');
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'My profile' }).click();
    await page.waitForURL(/\/profile/);
    const tz = page
      .getByRole('combobox', { name: 'Time zone' })
      .or(page.getByRole('textbox', { name: 'Time zone' }))
      .first();
    await tz.click();
    await tz.fill('Asia/Tokyo');
    await page.getByRole('option', { name: 'Asia/Tokyo' }).click();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.getByText('Profile saved').count()).toBeGreaterThan(0);
    await expect.poll(() => clock.textContent()).toContain('Tokyo');
    const me = await server.t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: await server.t.login() } });
    expect(me.json().timezone).toBe('Asia/Tokyo');
    await snap(page, JOURNEY, '04-profile-tokyo');
  });

  it('signs out and cannot come back without signing in', async () => {
    await page.getByRole('button', { name: 'User menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${server.url}/inbox`);
    await page.waitForURL(/\/login/);
    await snap(page, JOURNEY, '05-signed-out');
  });
});
