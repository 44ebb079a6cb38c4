import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestApp, type TestApp } from '../../testing/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

describe('my profile', () => {
  it('changes name, timezone and date format', async () => {
    const cookie = await t.login();
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      headers: { cookie },
      payload: { name: 'Ada Admin', timezone: 'Europe/Rome', dateFormat: 'DD/MM/YYYY' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Ada Admin', timezone: 'Europe/Rome', dateFormat: 'DD/MM/YYYY' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } });
    expect(me.json().timezone).toBe('Europe/Rome');
  });

  it('refuses an unknown timezone, naming the field', async () => {
    const cookie = await t.login();
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { timezone: 'Mars/Olympus' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toMatchObject({ field: 'timezone' });
    expect(res.json().error.issues[0].message).toMatch(/time zone/);
  });

  it('refuses fields that are not part of the profile (no mass assignment)', async () => {
    const cookie = await t.login();
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie }, payload: { role: 'admin', active: false } });
    expect(res.statusCode).toBe(400);
  });
});

describe('password change', () => {
  it('ends every other session, keeps this one, and only the new password works', async () => {
    const other = await t.login();
    const current = await t.login();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: current },
      payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'a brand new passphrase' },
    });
    expect(res.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: other } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: current } })).statusCode).toBe(200);
    await expect(t.login(undefined, ADMIN_PASSWORD)).rejects.toThrow(/401/);
    await t.login(undefined, 'a brand new passphrase');
    // put it back for the other tests
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie: current },
      payload: { currentPassword: 'a brand new passphrase', newPassword: ADMIN_PASSWORD },
    });
  });

  it('requires the current password', async () => {
    const cookie = await t.login();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: 'wrong', newPassword: 'whatever123' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);
  });

  it('refuses a too-short new password', async () => {
    const cookie = await t.login();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: ADMIN_PASSWORD, newPassword: 'short' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toEqual({ field: 'newPassword', message: 'must be at least 8 characters' });
  });
});
