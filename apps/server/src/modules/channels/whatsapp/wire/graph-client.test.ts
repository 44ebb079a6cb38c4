import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGraphClient, GraphApiError, MediaDownloadError, type GraphClientOptions } from './graph-client';
import { MAX_ANSWER_CHARS } from './graph-http';

const TOKEN = 'EAAG-secret-token-never-logged';
const PNID = '106540352242922';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let server: Server;
let base: string;
let seen: Seen[] = [];
let handler: (req: IncomingMessage, res: ServerResponse, body: string) => void = () => {};

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
  handler = (_req, res) => json(res, 404, {});
});

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const client = (over: Partial<GraphClientOptions> = {}) =>
  createGraphClient({ baseUrl: base, version: 'v23.0', phoneNumberId: PNID, accessToken: TOKEN, timeoutMs: 2000, ...over });

async function failure(p: Promise<unknown>): Promise<GraphApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphApiError);
  const e = err as GraphApiError;
  // The token must never leak into what gets logged.
  expect(`${e.message} ${e.stack ?? ''} ${JSON.stringify(e)}`).not.toContain(TOKEN);
  return e;
}

const MESSAGE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+5521987654321', type: 'text', text: { body: 'hi' } };

describe('sendMessage', () => {
  it('posts the body with the bearer token and parses the success response', async () => {
    handler = (_req, res) =>
      json(res, 200, {
        messaging_product: 'whatsapp',
        contacts: [{ input: '+5521987654321', wa_id: '552187654321' }],
        messages: [{ id: 'wamid.HBgM', message_status: 'accepted' }],
      });
    const r = await client().sendMessage(MESSAGE);
    expect(r).toEqual({ wamid: 'wamid.HBgM', waId: '552187654321', input: '+5521987654321', messageStatus: 'accepted' });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: `/v23.0/${PNID}/messages` });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen[0]!.body)).toEqual(MESSAGE);
  });

  it('a Graph error body (131047) becomes a classified GraphApiError', async () => {
    handler = (_req, res) =>
      json(res, 400, {
        error: {
          message: '(#131047) Re-engagement message',
          type: 'OAuthException',
          code: 131047,
          error_data: { messaging_product: 'whatsapp', details: 'Message failed to send because more than 24 hours have passed.' },
          fbtrace_id: 'AbCdEf123',
        },
      });
    const e = await failure(client().sendMessage(MESSAGE));
    expect(e).toMatchObject({
      code: 131047,
      httpStatus: 400,
      title: 'Re-engagement message',
      details: 'Message failed to send because more than 24 hours have passed.',
      fbtraceId: 'AbCdEf123',
      classification: 'window_closed',
      ambiguous: false,
    });
  });

  it('an auth error (190, HTTP 401)', async () => {
    handler = (_req, res) => json(res, 401, { error: { message: 'Error validating access token', code: 190, fbtrace_id: 'x' } });
    expect(await failure(client().sendMessage(MESSAGE))).toMatchObject({ code: 190, httpStatus: 401, classification: 'auth' });
  });

  it('a Graph error body even with HTTP 200', async () => {
    handler = (_req, res) => json(res, 200, { error: { message: '(#130429) Rate limit hit', code: 130429 } });
    expect(await failure(client().sendMessage(MESSAGE))).toMatchObject({ code: 130429, classification: 'throughput_limit' });
  });

  it('HTTP 500 without a Graph body is transient and possibly delivered', async () => {
    handler = (_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>oops</h1>');
    };
    expect(await failure(client().sendMessage(MESSAGE))).toMatchObject({
      code: null,
      httpStatus: 500,
      classification: 'transient',
      ambiguous: true,
    });
  });

  it('a hanging response times out: transient and ambiguous', async () => {
    handler = () => {}; // never answers
    const started = Date.now();
    const e = await failure(client({ timeoutMs: 150 }).sendMessage(MESSAGE));
    expect(e).toMatchObject({ code: null, httpStatus: null, classification: 'transient', ambiguous: true });
    expect(e.message).toMatch(/timed out/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a body that stops half way also times out', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"messages":[');
    };
    expect(await failure(client({ timeoutMs: 150 }).sendMessage(MESSAGE))).toMatchObject({ classification: 'transient', ambiguous: true });
  });

  it('a refused connection is transient but certainly not delivered', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((resolve) => probe.close(resolve));
    const e = await failure(client({ baseUrl: `http://127.0.0.1:${port}` }).sendMessage(MESSAGE));
    expect(e).toMatchObject({ classification: 'transient', ambiguous: false });
    expect(e.message).toMatch(/ECONNREFUSED/);
  });

  it('a connection dropped half way through the answer is transient and possibly delivered', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"messages":[', () => res.socket?.destroy());
    };
    expect(await failure(client().sendMessage(MESSAGE))).toMatchObject({ classification: 'transient', ambiguous: true });
  });

  it('sends one after another over one kept-alive connection', async () => {
    let connections = 0;
    const count = () => connections++;
    server.on('connection', count);
    try {
      handler = (_req, res) => json(res, 200, { messages: [{ id: 'wamid.ok' }] });
      const c = client();
      for (let i = 0; i < 5; i++) expect((await c.sendMessage(MESSAGE)).wamid).toBe('wamid.ok');
      expect(seen).toHaveLength(5);
      expect(connections).toBeLessThanOrEqual(1);
    } finally {
      server.off('connection', count);
    }
  });

  it('an answer over the size cap is dropped: transient and possibly delivered', async () => {
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"messages":[{"id":"wamid.ok"}],"pad":"${'x'.repeat(MAX_ANSWER_CHARS)}"}`);
    };
    const e = await failure(client().sendMessage(MESSAGE));
    expect(e).toMatchObject({ httpStatus: 200, classification: 'transient', ambiguous: true });
    expect(e.message).toMatch(/over 1048576 characters/);
  });

  it('a 200 without a message id is possibly delivered', async () => {
    handler = (_req, res) => json(res, 200, { messaging_product: 'whatsapp' });
    expect(await failure(client().sendMessage(MESSAGE))).toMatchObject({ classification: 'transient', ambiguous: true });
  });
});

describe('getPhoneNumber and getMediaUrl', () => {
  it('reads the phone number', async () => {
    handler = (_req, res) =>
      json(res, 200, { id: PNID, display_phone_number: '+1 555-078-3881', verified_name: 'Parley', quality_rating: 'GREEN' });
    expect(await client().getPhoneNumber()).toEqual({
      id: PNID,
      displayPhoneNumber: '+1 555-078-3881',
      verifiedName: 'Parley',
      qualityRating: 'GREEN',
    });
    expect(seen[0]!.url).toMatch(new RegExp(`^/v23.0/${PNID}\\?fields=`));
  });

  it('reads a media URL', async () => {
    handler = (_req, res) => json(res, 200, { url: `${base}/media/1`, mime_type: 'image/jpeg', sha256: 'abc', file_size: '1234', id: '1' });
    expect(await client().getMediaUrl('1234567890')).toEqual({
      url: `${base}/media/1`,
      mimeType: 'image/jpeg',
      sha256: 'abc',
      fileSize: 1234,
    });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/v23.0/1234567890' });
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('refuses a media id that would change the path, without calling out', async () => {
    await failure(client().getMediaUrl('../../me?x=1'));
    expect(seen).toHaveLength(0);
  });

  it('an expired media id is a definitive Graph error', async () => {
    handler = (_req, res) => json(res, 400, { error: { message: '(#100) Invalid parameter', code: 100 } });
    expect(await failure(client().getMediaUrl('123'))).toMatchObject({ code: 100, classification: 'definitive' });
  });
});

describe('downloadMedia', () => {
  const data = Buffer.from('binary \x00\x01 image data');
  const hex = createHash('sha256').update(data).digest('hex');
  const b64 = createHash('sha256').update(data).digest('base64');

  beforeEach(() => {
    handler = (req, res) => {
      if (req.url === '/media/ok') {
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': data.length });
        res.end(data);
      } else if (req.url === '/media/big') {
        res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 10_000 });
        res.end(Buffer.alloc(10_000));
      } else if (req.url === '/media/chunked') {
        // No Content-Length: the limit must hold while streaming.
        res.writeHead(200, { 'content-type': 'image/jpeg' });
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(1000));
        res.end();
      } else if (req.url === '/media/redirect-same') {
        res.writeHead(302, { location: '/media/ok' });
        res.end();
      } else if (req.url === '/media/redirect-away') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        res.end();
      } else json(res, 404, { error: { message: 'not found', code: 100 } });
    };
  });

  it('downloads with the bearer header and checks sha256 (hex or base64)', async () => {
    expect(await client().downloadMedia(`${base}/media/ok`, 1000, hex)).toEqual(data);
    expect(await client().downloadMedia(`${base}/media/ok`, 1000, b64)).toEqual(data);
    expect(await client().downloadMedia(`${base}/media/ok`, 1000)).toEqual(data);
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('exactly maxBytes is fine', async () => {
    expect(await client().downloadMedia(`${base}/media/ok`, data.length)).toHaveLength(data.length);
  });

  it('refuses a sha256 mismatch', async () => {
    await expect(client().downloadMedia(`${base}/media/ok`, 1000, 'f'.repeat(64))).rejects.toMatchObject({ reason: 'sha256_mismatch' });
  });

  it('refuses another origin without sending anything (SSRF)', async () => {
    const port = (server.address() as AddressInfo).port;
    for (const url of [
      `http://localhost:${port}/media/ok`,
      'http://169.254.169.254/latest/meta-data/',
      'file:///etc/passwd',
      'not a url',
    ]) {
      const err = await client()
        .downloadMedia(url, 1000)
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MediaDownloadError);
      expect(err).toMatchObject({ reason: 'origin_refused' });
    }
    expect(seen).toHaveLength(0);
  });

  it('follows a same-origin redirect but refuses one that leaves the Graph host', async () => {
    expect(await client().downloadMedia(`${base}/media/redirect-same`, 1000)).toEqual(data);
    await expect(client().downloadMedia(`${base}/media/redirect-away`, 1000)).rejects.toMatchObject({ reason: 'origin_refused' });
  });

  it('refuses oversize media, by Content-Length and while streaming', async () => {
    await expect(client().downloadMedia(`${base}/media/big`, 9_999)).rejects.toMatchObject({ reason: 'too_large' });
    await expect(client().downloadMedia(`${base}/media/chunked`, 5_000)).rejects.toMatchObject({ reason: 'too_large' });
    expect(await client().downloadMedia(`${base}/media/chunked`, 10_000)).toHaveLength(10_000);
  });

  it('an expired URL is a Graph error', async () => {
    expect(await failure(client().downloadMedia(`${base}/media/gone`, 1000))).toMatchObject({
      httpStatus: 404,
      classification: 'definitive',
    });
  });

  it('against Meta, only Meta hosts are allowed', async () => {
    const meta = createGraphClient({
      baseUrl: 'https://graph.facebook.com',
      version: 'v23.0',
      phoneNumberId: PNID,
      accessToken: TOKEN,
      timeoutMs: 1000,
    });
    await expect(meta.downloadMedia('https://evil.example/x', 10)).rejects.toMatchObject({ reason: 'origin_refused' });
    await expect(meta.downloadMedia('http://lookaside.fbsbx.com/x', 10)).rejects.toMatchObject({ reason: 'origin_refused' });
  });
});

describe('createGraphClient', () => {
  it('rejects a bad configuration early', () => {
    expect(() => client({ version: '23' })).toThrow(/version/);
    expect(() => client({ phoneNumberId: '../x' })).toThrow(/phone number id/);
    expect(() => client({ baseUrl: 'nope' })).toThrow();
  });
});
