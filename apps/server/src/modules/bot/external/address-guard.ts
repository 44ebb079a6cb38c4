// SSRF guard for the external bot's URL: an admin types it, so it must not reach the install's own network
// (loopback, private ranges, link-local incl. the cloud metadata address, CGNAT, ULA…) unless they opt in. The
// host is resolved once, every address is checked, and the request then connects to the checked address itself,
// so a DNS answer that changes between the check and the connection (rebinding) cannot redirect it.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export type GuardResult = { ok: true; url: URL; address: string; family: 4 | 6 } | { ok: false; reason: string };

/** Blocked IPv4 ranges: [first octets as a 32-bit number, prefix length, name]. */
const V4_BLOCKED: [string, number, string][] = [
  ['0.0.0.0', 8, 'the "this network" range 0.0.0.0/8'],
  ['10.0.0.0', 8, 'a private address (10.0.0.0/8)'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address (100.64.0.0/10)'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (169.254.0.0/16, cloud metadata)'],
  ['172.16.0.0', 12, 'a private address (172.16.0.0/12)'],
  ['192.0.0.0', 24, 'an IETF protocol address (192.0.0.0/24)'],
  ['192.168.0.0', 16, 'a private address (192.168.0.0/16)'],
  ['198.18.0.0', 15, 'a benchmarking address (198.18.0.0/15)'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved or broadcast address'],
];

const v4ToInt = (ip: string) => ip.split('.').reduce((n, o) => (n << 8) + Number(o), 0) >>> 0;
const V4 = V4_BLOCKED.map(([base, bits, name]) => ({ base: v4ToInt(base), mask: bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0, name }));

/** Why this address must not be called without the opt-in, or null when it is a public address. */
export function blockedReason(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return v4Reason(address);
  if (family === 6) return v6Reason(address);
  return 'not an IP address';
}

function v4Reason(ip: string): string | null {
  const n = v4ToInt(ip);
  return V4.find((r) => (n & r.mask) >>> 0 === r.base)?.name ?? null;
}

function v6Reason(ip: string): string | null {
  const g = parseV6(ip);
  if (!g) return 'an unreadable IPv6 address';
  const zeroTo = (k: number) => g.slice(0, k).every((x) => x === 0);
  const embeddedV4 = `${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`;
  if (zeroTo(8)) return 'the unspecified address ::';
  if (zeroTo(7) && g[7] === 1) return 'a loopback address (::1)';
  // ::ffff:a.b.c.d (IPv4-mapped), ::a.b.c.d (IPv4-compatible) and 64:ff9b::a.b.c.d (NAT64) reach the IPv4 address.
  if (zeroTo(5) && g[5] === 0xffff) return v4Reason(embeddedV4);
  if (zeroTo(6)) return v4Reason(embeddedV4);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return v4Reason(embeddedV4);
  // 6to4 (2002:a.b.c.d::/48) carries an IPv4 address too.
  if (g[0] === 0x2002) return v4Reason(`${g[1]! >> 8}.${g[1]! & 255}.${g[2]! >> 8}.${g[2]! & 255}`);
  if ((g[0]! & 0xfe00) === 0xfc00) return 'a unique local IPv6 address (fc00::/7)';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'a link-local IPv6 address (fe80::/10)';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'a site-local IPv6 address (fec0::/10)';
  if ((g[0]! & 0xff00) === 0xff00) return 'a multicast IPv6 address';
  return null;
}

/** Eight 16-bit groups, with "::" expanded and a trailing dotted IPv4 part converted; a zone id is dropped. */
function parseV6(ip: string): number[] | null {
  let s = ip.split('%')[0]!.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]!);
    s = `${s.slice(0, -dotted[1]!.length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail, ...rest] = s.split('::');
  if (rest.length > 0) return null;
  const part = (p: string | undefined) => (p ? p.split(':').map((h) => parseInt(h, 16)) : []);
  const a = part(head);
  const b = part(tail);
  const fill = tail === undefined ? 0 : 8 - a.length - b.length;
  const groups = [...a, ...Array<number>(Math.max(fill, 0)).fill(0), ...b];
  return groups.length === 8 && groups.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffff) ? groups : null;
}

/** The URL's form alone: http(s), a host, no credentials. */
export function checkUrlShape(raw: string): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'is not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'must use http or https' };
  if (url.username || url.password) return { ok: false, reason: 'must not carry a user name or password' };
  if (!url.hostname) return { ok: false, reason: 'has no host' };
  return { ok: true, url };
}

export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
const systemResolver: Resolver = (host) => lookup(host, { all: true, verbatim: true });

/**
 * Resolve the URL's host and pick the address to connect to. Without `allowPrivateNetwork`, every address the
 * name resolves to must be public (one private answer among public ones is refused: a resolver may rotate them).
 */
export async function resolveTarget(raw: string, opts: { allowPrivateNetwork: boolean; resolve?: Resolver }): Promise<GuardResult> {
  const shape = checkUrlShape(raw);
  if (!shape.ok) return shape;
  const url = shape.url;
  // WHATWG URL has already turned 0x7f000001, 2130706433 and [::ffff:127.0.0.1] into canonical IPs.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(host);
    } catch (err) {
      return { ok: false, reason: `the host ${host} could not be resolved (${(err as NodeJS.ErrnoException).code ?? 'DNS error'})` };
    }
    if (addresses.length === 0) return { ok: false, reason: `the host ${host} has no address` };
  }
  if (!opts.allowPrivateNetwork) {
    for (const a of addresses) {
      const why = blockedReason(a.address);
      if (why) return { ok: false, reason: `${host} resolves to ${a.address}, ${why}; allow private networks to call it` };
    }
  }
  const chosen = addresses[0]!;
  return { ok: true, url, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
