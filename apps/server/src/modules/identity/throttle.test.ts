import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, cookieValue, startTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    env: {
      LOGIN_MAX_FAILURES_PER_ACCOUNT: '3',
      LOGIN_MAX_FAILURES_PER_IP: '5',
      LOGIN_MAX_FAILURES_PER_DEVICE: '3',
      LOGIN_WINDOW_MINUTES: '15',
    },
  });
});
afterAll(() => t?.close());

const attempt = (email: string, password: string, ip: string, device?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password },
    remoteAddress: ip,
    cookies: device ? { parley_device: device } : {},
  });

async function createAgent(email: string) {
  const cookie = await t.login(ADMIN_EMAIL, ADMIN_PASSWORD, { ip: '10.9.9.9' });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/users',
    headers: { cookie },
    payload: { email, name: 'Agent', role: 'agent', password: 'agent password 1' },
  });
  expect(res.statusCode).toBe(201);
}

describe('login throttling', () => {
  it('throttles an account attacked from many IPs, with Retry-After, yet lets the real user in from their browser', async () => {
    await createAgent('victim@demo.test');
    // The real user signed in before from their browser: it carries a trusted-device cookie.
    const first = await attempt('victim@demo.test', 'agent password 1', '10.1.0.1');
    expect(first.statusCode).toBe(200);
    const device = cookieValue(first, 'parley_device')!;

    for (let i = 0; i < 3; i++) {
      expect((await attempt('victim@demo.test', `guess ${i}`, `10.66.0.${i}`)).statusCode).toBe(401);
    }
    const blocked = await attempt('victim@demo.test', 'agent password 1', '10.66.1.1');
    expect(blocked.statusCode).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(blocked.json().error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: retryAfter });

    // The attack goes on, but the real user's browser is judged on its own counter.
    const realUser = await attempt('victim@demo.test', 'agent password 1', '10.1.0.1', device);
    expect(realUser.statusCode).toBe(200);

    // Once the window has passed, anyone may try again.
    t.clock.advance(16 * 60_000);
    expect((await attempt('victim@demo.test', 'agent password 1', '10.66.1.1')).statusCode).toBe(200);
  });

  it('throttles one IP guessing many accounts, not other IPs', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await attempt(`someone${i}@demo.test`, 'guess', '10.77.0.1')).statusCode).toBe(401);
    }
    expect((await attempt(ADMIN_EMAIL, ADMIN_PASSWORD, '10.77.0.1')).statusCode).toBe(429);
    expect((await attempt(ADMIN_EMAIL, ADMIN_PASSWORD, '10.77.0.2')).statusCode).toBe(200);
    t.clock.advance(16 * 60_000);
  });

  it('throttles guessing from a trusted device too, on that device only', async () => {
    await createAgent('device@demo.test');
    const ok = await attempt('device@demo.test', 'agent password 1', '10.2.0.1');
    const device = cookieValue(ok, 'parley_device')!;
    for (let i = 0; i < 3; i++) {
      expect((await attempt('device@demo.test', `nope ${i}`, '10.2.0.1', device)).statusCode).toBe(401);
    }
    expect((await attempt('device@demo.test', 'agent password 1', '10.2.0.1', device)).statusCode).toBe(429);
    // account counter is full too (3 failures), but a different trusted browser of the same user is unaffected
    t.clock.advance(16 * 60_000);
    expect((await attempt('device@demo.test', 'agent password 1', '10.2.0.1', device)).statusCode).toBe(200);
  });

  it('counts failures atomically under concurrent attempts', async () => {
    t.clock.advance(16 * 60_000);
    await Promise.all(Array.from({ length: 6 }, (_, i) => attempt('parallel@demo.test', `p${i}`, `10.88.0.${i}`)));
    const res = await attempt('parallel@demo.test', 'again', '10.88.1.1');
    expect(res.statusCode).toBe(429);
  });
});
