import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GraphApiError } from './graph-api-error';
import { createTemplatesClient } from './templates-client';

const TOKEN = 'EAAG-template-token';
let server: Server;
let base: string;
const seen: Array<{ url: string; auth: string | undefined }> = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization });
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const client = () =>
  createTemplatesClient({ baseUrl: base, version: 'v23.0', wabaId: '102290129340398', accessToken: TOKEN, timeoutMs: 2000 });

it('asks for the next page on its own host with the cursor, never at the URL Meta put in paging.next', async () => {
  answer = {
    status: 200,
    body: {
      data: [{ id: 7, name: 'a', language: 'en', status: 'APPROVED', category: 'UTILITY', components: [] }, { name: 'no_id' }, 'junk'],
      paging: { cursors: { before: 'B', after: 'QVFI' }, next: 'https://evil.example/steal?after=QVFI' },
    },
  };
  const page = await client().listTemplates({ after: 'X', limit: 50 });
  expect(page).toEqual({
    templates: [{ id: '7', name: 'a', language: 'en', status: 'APPROVED', category: 'UTILITY', components: [] }],
    after: 'QVFI',
    unreadable: 2,
  });
  const url = new URL(seen.at(-1)!.url, base);
  expect(url.pathname).toBe('/v23.0/102290129340398/message_templates');
  expect(Object.fromEntries(url.searchParams)).toMatchObject({ after: 'X', limit: '50' });
  expect(seen.at(-1)!.auth).toBe(`Bearer ${TOKEN}`);
  expect(seen.at(-1)!.url).not.toContain(TOKEN);
});

it('the last page has cursors but no next: no further page', async () => {
  answer = { status: 200, body: { data: [], paging: { cursors: { before: 'B', after: 'A' } } } };
  expect((await client().listTemplates()).after).toBeUndefined();
});

it('Meta’s refusal of a new template keeps its user title and message', async () => {
  answer = {
    status: 400,
    body: {
      error: {
        message: '(#100) Invalid parameter',
        code: 100,
        error_subcode: 2388024,
        error_user_title: 'Content in this language already exists',
        error_user_msg: 'Pick another name.',
      },
    },
  };
  const err = await client()
    .createTemplate({ name: 'x', language: 'en', category: 'UTILITY', components: [] })
    .catch((e: unknown) => e);
  expect(err).toBeInstanceOf(GraphApiError);
  expect(err).toMatchObject({
    code: 100,
    httpStatus: 400,
    classification: 'definitive',
    title: 'Content in this language already exists',
    details: 'Pick another name.',
  });
});
