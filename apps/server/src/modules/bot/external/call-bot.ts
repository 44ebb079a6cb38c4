// One signed POST to the integrator's bot: connect to the address the guard checked, never follow a redirect,
// give up at the timeout, read at most MAX_ANSWER_BYTES. Never throws: every failure comes back as a reason.
import http from 'node:http';
import https from 'node:https';
import { resolveTarget, type Resolver } from './address-guard';
import { MAX_ANSWER_BYTES, parseAnswer, type ExternalBotAnswer } from './protocol';
import { EVENT_ID_HEADER, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './signature';

export interface BotTarget {
  url: string;
  secret: string;
  timeoutMs: number;
  allowPrivateNetwork: boolean;
}

export type CallOutcome =
  | { ok: true; status: number; latencyMs: number; answer: ExternalBotAnswer }
  | { ok: false; reason: string; status?: number; latencyMs: number };

export interface CallOptions {
  /** Unix seconds for X-Parley-Timestamp (the caller's clock). */
  timestamp: number;
  eventId: string;
  resolve?: Resolver;
}

export async function callBot(target: BotTarget, body: string, opts: CallOptions): Promise<CallOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const guard = await resolveTarget(target.url, { allowPrivateNetwork: target.allowPrivateNetwork, resolve: opts.resolve });
  if (!guard.ok) return { ok: false, reason: `url refused: ${guard.reason}`, latencyMs: elapsed() };

  const timestamp = String(opts.timestamp);
  const raw = await post(guard.url, guard.address, body, target.timeoutMs - elapsed(), {
    'content-type': 'application/json',
    'user-agent': 'Parley-ExternalBot/1',
    [SIGNATURE_HEADER]: signBody(target.secret, timestamp, body),
    [TIMESTAMP_HEADER]: timestamp,
    [EVENT_ID_HEADER]: opts.eventId,
  });
  const latencyMs = elapsed();
  if (!raw.ok) return { ok: false, reason: raw.reason, ...(raw.status ? { status: raw.status } : {}), latencyMs };
  const parsed = parseAnswer(raw.body);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, status: raw.status, latencyMs };
  return { ok: true, status: raw.status, latencyMs, answer: parsed.answer };
}

type RawOutcome = { ok: true; status: number; body: string } | { ok: false; reason: string; status?: number };

function post(url: URL, address: string, body: string, timeoutMs: number, headers: Record<string, string>): Promise<RawOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: RawOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const secure = url.protocol === 'https:';
    const options: https.RequestOptions = {
      // Connect to the checked address; the name goes in Host and, for TLS, in SNI and the certificate check.
      host: address,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      headers: { ...headers, host: url.host, 'content-length': String(Buffer.byteLength(body)) },
      agent: false,
      ...(secure ? { servername: url.hostname.replace(/^\[(.*)\]$/, '$1') } : {}),
    };
    const req = (secure ? https : http).request(options, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400)
        return done({ ok: false, status, reason: `the bot answered a redirect (HTTP ${status}), which is not followed` });
      if (status < 200 || status >= 300) return done({ ok: false, status, reason: `the bot answered HTTP ${status}` });
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_ANSWER_BYTES) {
        return done({ ok: false, status, reason: `the answer is larger than ${MAX_ANSWER_BYTES} bytes` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) return done({ ok: false, status, reason: `the answer is larger than ${MAX_ANSWER_BYTES} bytes` });
        chunks.push(chunk);
      });
      res.on('end', () => done({ ok: true, status, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => done({ ok: false, status, reason: `the answer could not be read (${err.message})` }));
    });
    const timer = setTimeout(() => done({ ok: false, reason: `no answer within ${timeoutMs} ms (timeout)` }), Math.max(timeoutMs, 1));
    req.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, reason: `the request failed (${err.code ?? err.message})` }));
    req.end(body);
  });
}
