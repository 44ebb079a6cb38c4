// Journey: an admin creates the skillsets Sales and Support, gives the bot a two-option menu (Sales only picks the
// team and answers with its own reply; Support hands over at once) and an FAQ entry, saves, and tries it in the test
// panel (the greeting with the menu as buttons, an FAQ answer, a pick of Sales that the bot answers, then a request
// for a person that hands off to Sales; a pick of Support that hands off at once). Saves the bot cannot work with
// are refused at the field: an empty FAQ answer, and a menu option whose skillset was deleted meanwhile (a problem
// only the server can see).
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestApp } from '../apps/server/src/testing/test-app';
import { launchChromium, requireChromiumOrExplain, signIn, snap } from './support/browser';
import { startServer } from './support/server';

const run = requireChromiumOrExplain();
const JOURNEY = 'bot-settings';
const FAQ_ANSWER = 'Yes! We deliver all over Europe within 3 working days.';
const SALES_REPLY = 'Our sales team can help. What are you looking for?';

/** Open a Mantine Select (found by its label inside `scope`) and pick an option. */
async function pick(page: Page, scope: Locator | Page, label: string, option: string) {
  await scope
    .getByRole('textbox', { name: label, exact: true })
    .or(scope.getByRole('combobox', { name: label, exact: true }))
    .first()
    .click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe.runIf(run)('an admin configures the bot and tries it', () => {
  let browser: Browser;
  let page: Page;
  let server: { t: TestApp; url: string };
  let cookie: string;

  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown) => {
    const res = await server.t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {} };
  };

  beforeAll(async () => {
    server = await startServer();
    cookie = await server.t.login();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
    await signIn(page, server.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.t.close();
  });

  it('creates the skillsets Sales and Support', async () => {
    await page.goto(`${server.url}/settings/skillsets`);
    for (const name of ['Sales', 'Support']) {
      await page.getByRole('button', { name: 'Add skillset' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add skillset' });
      await dialog.getByLabel('Name').fill(name);
      if (name === 'Support') {
        await dialog.getByRole('combobox', { name: 'Members' }).click();
        await page.getByRole('option', { name: /Admin/ }).first().click();
        await dialog.getByLabel('Name').click(); // closes the members dropdown
      }
      await dialog.getByRole('button', { name: 'Add skillset' }).click();
      await expect.poll(() => page.locator(`[data-testid="skillset-row"][data-name="${name}"]`).count()).toBe(1);
      await expect.poll(() => dialog.count()).toBe(0);
    }
    await expect
      .poll(() => page.locator('[data-testid="skillset-row"][data-name="Support"] [data-testid="skillset-members"]').count())
      .toBe(1);
    // A second "sales" is refused at the name.
    await page.getByRole('button', { name: 'Add skillset' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add skillset' });
    await dialog.getByLabel('Name').fill('sales');
    await dialog.getByRole('button', { name: 'Add skillset' }).click();
    await expect.poll(() => dialog.getByText('A skillset with this name already exists').count()).toBe(1);
    await snap(page, JOURNEY, '01-skillset-name-taken');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await snap(page, JOURNEY, '01-skillsets');

    const list = await api('GET', '/skillsets');
    expect((list.body.items as { name: string }[]).map((s) => s.name).sort()).toEqual(['Sales', 'Support']);
  });

  it('configures a two-option menu and an FAQ entry, and saves', async () => {
    await page.goto(`${server.url}/settings/bot`);
    await page.getByRole('switch', { name: 'Show a menu' }).check({ force: true });
    const first = page.getByRole('group', { name: 'Menu option 1' });
    await first.getByLabel('Label').fill('Sales');
    await pick(page, first, 'Skillset', 'Sales');
    await page.getByRole('button', { name: 'Add option' }).click();
    const second = page.getByRole('group', { name: 'Menu option 2' });
    await second.getByLabel('Label').fill('Support');
    await pick(page, second, 'Skillset', 'Support');
    expect(await page.getByTestId('menu-rendering').textContent()).toContain('reply buttons (3 or fewer options)');
    expect(await page.getByTestId('menu-behaviour').textContent()).toContain('Picking an option chooses its skillset');
    // Sales: a pick chooses the team and gets its own reply. Support: a pick hands over at once (no reply to write).
    await first.getByLabel('Reply after the pick').fill(SALES_REPLY);
    await second.getByRole('switch', { name: 'Hand over at once' }).check({ force: true });
    expect(await second.getByLabel('Reply after the pick').count()).toBe(0);
    expect(await page.getByTestId('menu-behaviour').textContent()).toContain('(1 of 2)');
    expect(await page.getByLabel('Reply after a pick').inputValue()).toContain('ask for a person');

    await page.getByRole('button', { name: 'Add FAQ entry' }).click();
    const faq = page.getByRole('group', { name: 'FAQ entry 1' });
    await faq.getByLabel('Question').fill('Do you deliver?');
    await faq.getByLabel('Keywords').fill('deliver');
    await faq.getByLabel('Keywords').press('Enter');
    await faq.getByLabel('Phrases').fill('do you ship abroad');
    await faq.getByLabel('Phrases').press('Enter');
    await faq.getByLabel('Answer').fill(FAQ_ANSWER);

    await page.getByRole('button', { name: 'Save bot settings' }).click();
    await expect.poll(() => page.getByText('All changes saved').count()).toBe(1);
    await snap(page, JOURNEY, '02-bot-saved');

    const saved = await api('GET', '/bot/settings');
    const personality = saved.body.personality as {
      menu: { options: { label: string; handoff: boolean; reply?: string }[] };
      faq: { answer: string; keywords: string[] }[];
    };
    expect(personality.menu.options).toMatchObject([
      { label: 'Sales', handoff: false, reply: SALES_REPLY },
      { label: 'Support', handoff: true },
    ]);
    expect(personality.menu.options[1]!.reply).toBeUndefined();
    expect(personality.faq[0]).toMatchObject({ answer: FAQ_ANSWER, keywords: ['deliver'] });
    expect(saved.body.problems).toEqual([]);
  });

  it('the test panel shows the greeting with the menu as buttons, an FAQ answer, and a menu pick', async () => {
    const panel = page.getByTestId('bot-test-panel');
    const box = panel.getByRole('textbox', { name: 'Test message' });
    await box.fill('Hi');
    await box.press('Enter');
    const answers = panel.getByTestId('bot-test-answer');
    await expect.poll(() => answers.count()).toBe(1);
    expect(await answers.first().getAttribute('data-rule')).toBe('greeting');
    const buttons = answers.first().getByTestId('bot-test-button');
    expect(await buttons.allTextContents()).toEqual(['Sales', 'Support']);
    expect(await answers.first().locator('[data-testid="bot-test-reply"][data-type="buttons"]').textContent()).toContain('Please choose');

    await box.fill('Do you deliver to Rome?');
    await box.press('Enter');
    await expect.poll(() => answers.count()).toBe(2);
    expect(await answers.nth(1).getAttribute('data-rule')).toBe('faq');
    expect(await answers.nth(1).getByTestId('bot-test-reply').textContent()).toContain(FAQ_ANSWER);
    await snap(page, JOURNEY, '03-test-panel-faq');

    // The conversation carries on: the menu's buttons still pick an option. Sales only chooses the team.
    await answers.first().getByTestId('bot-test-button').filter({ hasText: 'Sales' }).click();
    await expect.poll(() => answers.count()).toBe(3);
    expect(await answers.nth(2).getAttribute('data-rule')).toBe('menu');
    expect(await answers.nth(2).getByTestId('bot-test-reply').textContent()).toContain(SALES_REPLY);
    expect(await answers.nth(2).getByTestId('bot-test-action').count()).toBe(0);
    expect(await answers.nth(2).getByTestId('bot-test-picked').textContent()).toContain('Team picked: Sales');
    expect(await panel.getByTestId('bot-test-ended').count()).toBe(0);
    await snap(page, JOURNEY, '04-test-panel-pick');

    // Asking for a person now goes to the picked team, and counts an unresolved query.
    await box.fill('I want to talk to a human');
    await box.press('Enter');
    await expect.poll(() => answers.count()).toBe(4);
    expect(await answers.nth(3).getAttribute('data-rule')).toBe('handoff_phrase');
    expect(await answers.nth(3).getByTestId('bot-test-action').allTextContents()).toEqual([
      'Hand off to Sales (asked for a person)',
      'Count an unresolved query',
    ]);
    await expect.poll(() => panel.getByTestId('bot-test-ended').count()).toBe(1);
    await snap(page, JOURNEY, '04-test-panel-handoff');

    // Support hands over as soon as it is picked.
    await panel.getByRole('button', { name: 'Reset conversation' }).click();
    await box.fill('Hi');
    await box.press('Enter');
    await expect.poll(() => answers.count()).toBe(1);
    await answers.first().getByTestId('bot-test-button').filter({ hasText: 'Support' }).click();
    await expect.poll(() => answers.count()).toBe(2);
    expect(await answers.nth(1).getAttribute('data-rule')).toBe('menu');
    expect(await answers.nth(1).getByTestId('bot-test-action').allTextContents()).toEqual([
      'Hand off to Support (menu choice)',
      'Count an unresolved query',
    ]);
    await expect.poll(() => panel.getByTestId('bot-test-ended').count()).toBe(1);
    await snap(page, JOURNEY, '04-test-panel-handoff-at-once');
  });

  it('on the website widget the menu is numbered text; the draft is tried before it is saved', async () => {
    const panel = page.getByTestId('bot-test-panel');
    await panel.getByRole('button', { name: 'Reset conversation' }).click();
    await panel.getByText('Website', { exact: true }).click();
    // An unsaved change (a new greeting) answers at once in the panel.
    await page.getByLabel('Greeting').fill('Welcome to Acme!');
    const box = panel.getByRole('textbox', { name: 'Test message' });
    await box.fill('hello');
    await box.press('Enter');
    const replies = panel.getByTestId('bot-test-reply');
    await expect.poll(() => replies.count()).toBe(2);
    expect(await replies.nth(0).textContent()).toBe('Welcome to Acme!');
    expect(await replies.nth(1).getAttribute('data-type')).toBe('text');
    expect(await replies.nth(1).textContent()).toContain('1. Sales\n2. Support');
    await snap(page, JOURNEY, '05-test-panel-widget');
    await page.getByRole('button', { name: 'Discard changes' }).click();
  });

  it('an empty FAQ answer is refused at its field', async () => {
    const faq = page.getByRole('group', { name: 'FAQ entry 1' });
    await faq.getByLabel('Answer').fill('');
    await page.getByRole('button', { name: 'Save bot settings' }).click();
    const answer = faq.getByLabel('Answer');
    await expect.poll(() => answer.getAttribute('aria-invalid')).toBe('true');
    expect(await faq.getByText('Must not be empty').count()).toBe(1);
    await snap(page, JOURNEY, '06-empty-answer-refused');
    // Nothing was saved.
    const saved = await api('GET', '/bot/settings');
    expect((saved.body.personality as { faq: { answer: string }[] }).faq[0]!.answer).toBe(FAQ_ANSWER);
    await faq.getByLabel('Answer').fill(FAQ_ANSWER);
  });

  it('a menu option whose skillset was deleted meanwhile is refused by the server at that option', async () => {
    const temp = await api('POST', '/skillsets', { name: 'Temporary' });
    expect(temp.status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: 'Add option' }).click();
    const third = page.getByRole('group', { name: 'Menu option 3' });
    await third.getByLabel('Label').fill('Returns');
    await pick(page, third, 'Skillset', 'Temporary');
    // Someone deletes the skillset while the form is open: only the server can know.
    expect((await api('DELETE', `/skillsets/${temp.body.id as string}`)).status).toBe(204);
    await page.getByRole('button', { name: 'Save bot settings' }).click();
    const skillset = third
      .getByRole('textbox', { name: 'Skillset', exact: true })
      .or(third.getByRole('combobox', { name: 'Skillset', exact: true }));
    await expect.poll(() => skillset.first().getAttribute('aria-invalid')).toBe('true');
    expect(await third.getByText('This skillset no longer exists: choose another').count()).toBe(1);
    await snap(page, JOURNEY, '07-deleted-skillset-refused');
    const saved = await api('GET', '/bot/settings');
    expect((saved.body.personality as { menu: { options: unknown[] } }).menu.options).toHaveLength(2);
  });

  it('an admin adds a list attribute; a bot question captures it with validation', async () => {
    await page.goto(`${server.url}/settings/attributes`);
    await page.getByRole('button', { name: 'Add attribute' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add attribute' });
    await dialog.getByLabel('Label').fill('Preferred city');
    expect(await dialog.getByLabel('Key').inputValue()).toBe('preferred_city');
    await pick(page, dialog, 'Type', 'List (one of some options)');
    for (const city of ['Rome', 'Milan']) {
      await dialog.getByRole('combobox', { name: 'Options' }).fill(city);
      await dialog.getByRole('combobox', { name: 'Options' }).press('Enter');
    }
    await dialog.getByLabel('Top property').check();
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await expect.poll(() => page.locator('[data-testid="attribute-row"][data-key="preferred_city"]').count()).toBe(1);
    await expect.poll(() => dialog.count()).toBe(0);

    // The same key again is refused by the server, at the key.
    await page.getByRole('button', { name: 'Add attribute' }).click();
    await dialog.getByLabel('Label').fill('Preferred city');
    await dialog.getByRole('button', { name: 'Add attribute' }).click();
    await expect.poll(() => dialog.getByLabel('Key').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByText('An attribute with this key already exists').count()).toBe(1);
    await snap(page, JOURNEY, '08-attributes');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.goto(`${server.url}/settings/bot`);
    await page.getByRole('button', { name: 'Add question' }).click();
    const question = page.getByRole('group', { name: 'Question 1' });
    await pick(page, question, 'Attribute', 'Preferred city (preferred_city)');
    await question.getByLabel('Prompt', { exact: true }).fill('Which city should we deliver to?');
    // Picking a list attribute suggested the type and its options.
    expect(await question.getByText('Milan', { exact: true }).count()).toBe(1);
    const faq = page.getByRole('group', { name: 'FAQ entry 1' });
    await pick(page, faq, 'Then ask', 'Question 1: Which city should we deliver to?');

    const panel = page.getByTestId('bot-test-panel');
    await panel.getByRole('button', { name: 'Reset conversation' }).click();
    await panel.getByText('WhatsApp', { exact: true }).click();
    const box = panel.getByRole('textbox', { name: 'Test message' });
    await box.fill('do you deliver?');
    await box.press('Enter');
    const answers = panel.getByTestId('bot-test-answer');
    await expect.poll(() => answers.count()).toBe(1);
    // The answer, then the question with its options as buttons.
    await expect.poll(() => answers.first().getByTestId('bot-test-button').allTextContents()).toEqual(['Rome', 'Milan']);
    await box.fill('Paris');
    await box.press('Enter');
    await expect.poll(() => answers.count()).toBe(2);
    expect(await answers.nth(1).getAttribute('data-rule')).toBe('answer_invalid');
    await answers.nth(1).getByTestId('bot-test-button').filter({ hasText: 'Rome' }).click();
    await expect.poll(() => answers.count()).toBe(3);
    expect(await answers.nth(2).getByTestId('bot-test-action').textContent()).toBe('Set Preferred city = Rome');
    await snap(page, JOURNEY, '09-question-in-test-panel');

    await page.getByRole('button', { name: 'Save bot settings' }).click();
    await expect.poll(() => page.getByText('All changes saved').count()).toBe(1);
    const saved = await api('GET', '/bot/settings');
    const personality = saved.body.personality as { questions: { attributeKey: string; type: string; options: string[] }[] };
    expect(personality.questions[0]).toMatchObject({ attributeKey: 'preferred_city', type: 'list', options: ['Rome', 'Milan'] });
  });

  it('skillsets: a rename and a priority; deleting one the menu uses warns first', async () => {
    await page.goto(`${server.url}/settings/skillsets`);
    await page.getByRole('button', { name: 'Edit Support' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Support' });
    await edit.getByLabel('Name').fill('Customer care');
    await edit.getByLabel('Priority').fill('10');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    const row = page.locator('[data-testid="skillset-row"][data-name="Customer care"]');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('skillset-priority').textContent()).toBe('10');

    await page.getByRole('button', { name: 'Delete Sales' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete “Sales”?' });
    await expect.poll(() => confirm.getByTestId('skillset-in-menu').count()).toBe(1);
    expect(await confirm.getByTestId('skillset-in-menu').textContent()).toContain('Sales');
    await snap(page, JOURNEY, '10-delete-skillset-warning');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await page.locator('[data-testid="skillset-row"][data-name="Sales"]').count()).toBe(1);
  });
});
