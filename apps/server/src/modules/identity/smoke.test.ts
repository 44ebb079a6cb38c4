import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

it('logs in', async () => {
  const cookie = await t.login();
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
  expect(res.json()).toMatchObject({ email: 'admin@demo.test', role: 'admin', workspaceName: 'Demo' });
});
