// Browser journeys drive Debian's Chromium (never a downloaded browser) with Playwright.
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));

/** Without Chromium the journeys are skipped, loudly; under CI a missing browser is a failure. */
export function requireChromiumOrExplain(): boolean {
  if (hasChromium) return true;
  if (process.env.CI === 'true') throw new Error(`CI: browser journeys need Chromium at ${CHROMIUM} (apt-get install chromium)`);
  console.warn(`\n*** Browser journeys SKIPPED: no Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium ***\n`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Keep a screenshot of the journey's step in e2e/artifacts/<journey>/<step>.png. */
export async function snap(page: Page, journey: string, step: string): Promise<string> {
  const dir = `${ARTIFACTS}${journey}`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/${step}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Sign in through the login page, as a person would. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}
