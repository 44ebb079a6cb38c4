import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const login = (payload: unknown, ip = '10.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: payload as object, remoteAddress: ip });

describe('sign in', () => {
  it('sets an httpOnly SameSite session cookie and answers who I am', async () => {
    const res = await login({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: ADMIN_EMAIL, role: 'admin', workspaceName: 'Demo', timezone: 'UTC' });
    const session = res.cookies.find((c) => c.name === 'parley_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Lax');
    expect(session.value.length).toBeGreaterThanOrEqual(43); // 256 bits, base64url
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { parley_session: session.value } });
    expect(me.json().email).toBe(ADMIN_EMAIL);
  });

  it('gives every sign-in a new token', async () => {
    const a = await t.login();
    const b = await t.login();
    expect(a).not.toBe(b);
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const wrong = await login({ email: ADMIN_EMAIL, password: 'not the password' });
    const unknown = await login({ email: 'nobody@demo.test', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(wrong.cookies.find((c) => c.name === 'parley_session')).toBeUndefined();
  });

  it('names the bad field of a malformed request', async () => {
    const res = await login({ email: 'not-an-email', password: 'x' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ field: 'email', message: 'is not a valid email address' }]);
    const missing = await login({ password: 'x' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.issues[0].field).toBe('email');
  });

  it('refuses requests without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    const forged = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { parley_session: 'forged' } });
    expect(forged.statusCode).toBe(401);
  });
});

describe('sign out', () => {
  it('ends the session server-side: the old cookie stops working', async () => {
    const cookie = await t.login();
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(401);
  });
});

describe('session timeouts', () => {
  it('expires a session idle for longer than the idle timeout', async () => {
    const cookie = await t.login();
    t.clock.advance((t.config.session.idleMinutes - 1) * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    // that request touched the session: another almost-idle period is still fine
    t.clock.advance((t.config.session.idleMinutes - 1) * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    t.clock.advance((t.config.session.idleMinutes + 1) * 60_000);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });
});
