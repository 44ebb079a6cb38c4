import { describe, expect, it } from 'vitest';
import { blockedReason, checkUrlShape, resolveTarget, type Resolver } from './address-guard';

const fixed =
  (...addresses: string[]): Resolver =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('blockedReason', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::ffff:10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '2002:7f00:1::1',
    'fe80::1%eth0',
  ])('refuses %s', (ip) => {
    expect(blockedReason(ip)).not.toBeNull();
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('allows %s', (ip) => {
    expect(blockedReason(ip)).toBeNull();
  });
});

describe('checkUrlShape', () => {
  it('accepts http and https only, without credentials', () => {
    expect(checkUrlShape('https://bot.example.com/hook').ok).toBe(true);
    expect(checkUrlShape('file:///etc/passwd')).toEqual({ ok: false, reason: 'must use http or https' });
    expect(checkUrlShape('gopher://x.example').ok).toBe(false);
    expect(checkUrlShape('ftp://x.example').ok).toBe(false);
    expect(checkUrlShape('https://user:pw@x.example').ok).toBe(false);
    expect(checkUrlShape('not a url').ok).toBe(false);
  });
});

describe('resolveTarget', () => {
  const strict = { allowPrivateNetwork: false };

  it('refuses IP literals in every spelling of loopback and metadata', async () => {
    for (const url of [
      'http://127.0.0.1/',
      'http://0x7f000001/',
      'http://2130706433/',
      'http://0177.0.0.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]:8080/',
      'http://0.0.0.0:3000/',
    ]) {
      const r = await resolveTarget(url, { ...strict, resolve: fixed('93.184.216.34') });
      expect(r.ok, url).toBe(false);
    }
  });

  it('refuses a name that resolves to a private address, even one among public ones', async () => {
    const r = await resolveTarget('https://bot.example.com/', { ...strict, resolve: fixed('10.0.0.5') });
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.reason).toContain('10.0.0.5');
    expect((await resolveTarget('https://bot.example.com/', { ...strict, resolve: fixed('93.184.216.34', '127.0.0.1') })).ok).toBe(false);
  });

  it('resolves localhost for real and refuses it', async () => {
    const r = await resolveTarget('http://localhost:8080/hook', strict);
    expect(r.ok).toBe(false);
  });

  it('returns the checked address to connect to', async () => {
    const r = await resolveTarget('https://bot.example.com:8443/hook?x=1', { ...strict, resolve: fixed('93.184.216.34') });
    expect(r).toMatchObject({ ok: true, address: '93.184.216.34', family: 4 });
  });

  it('allows private addresses with the opt-in, never other schemes', async () => {
    expect((await resolveTarget('http://127.0.0.1:9/', { allowPrivateNetwork: true })).ok).toBe(true);
    expect((await resolveTarget('http://[::1]:9/', { allowPrivateNetwork: true })).ok).toBe(true);
    expect((await resolveTarget('file:///etc/passwd', { allowPrivateNetwork: true })).ok).toBe(false);
  });

  it('reports a name that does not resolve', async () => {
    const failing: Resolver = () => Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' }));
    const r = await resolveTarget('https://nowhere.invalid/', { ...strict, resolve: failing });
    expect(r).toEqual({ ok: false, reason: 'the host nowhere.invalid could not be resolved (ENOTFOUND)' });
  });
});
