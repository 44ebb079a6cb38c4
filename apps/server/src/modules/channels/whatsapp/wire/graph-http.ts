// The Graph client's JSON exchanges (send, phone number, media URL) over node:http(s) with keep-alive agents.
// Measured at 1,000 sends a second, `fetch` cost several times the CPU of this per call (web streams, a Request,
// Headers and an AbortSignal each time) and most of the worker's garbage; this reads the answer as one string.
// Media downloads (streamed, capped, redirects checked by hand) and multipart uploads stay on fetch: they are rare.
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { GraphApiError } from './graph-api-error';

// One pool per protocol for every number: connections to Meta are reused across calls and numbers. Idle sockets
// close after 4 s, or 1 s before the server's announced keep-alive timeout, so a reused one is rarely reset.
const IDLE_MS = 4000;
const agents = {
  'http:': new HttpAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' }),
  'https:': new HttpsAgent({ keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' }),
};

// Graph's JSON answers are a few hundred bytes; an answer past this is not Graph's, and is not kept in memory.
export const MAX_ANSWER_CHARS = 1024 * 1024;

// Errors that prove the request never left this machine, so it cannot have been delivered.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export interface TextResponse {
  status: number;
  text: string;
}

export interface TextRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: OutgoingHttpHeaders;
  body?: Buffer;
  timeoutMs: number;
  /** A request that changes state: a failure after it may have left is ambiguous (possibly acted on). */
  post: boolean;
}

/** One HTTP exchange, body included, under one deadline; failures become transient GraphApiErrors. */
export function exchangeText(r: TextRequest): Promise<TextResponse> {
  const agent = r.url.protocol === 'https:' ? agents['https:'] : r.url.protocol === 'http:' ? agents['http:'] : undefined;
  if (!agent) return Promise.reject(new GraphApiError('Graph API URL must be http or https', null, null, 'definitive', false));
  const send = r.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<TextResponse>((resolve, reject) => {
    let settled = false;
    // Whether the connection was ever made: a request that timed out before it cannot have been delivered.
    let connected = false;
    const fail = (err: GraphApiError) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    let req: ClientRequest;
    try {
      req = send(r.url, { method: r.method, headers: r.headers, agent }, onResponse);
    } catch (err) {
      // A header Node refuses to write (a token with a line break): nothing left this machine.
      reject(networkError(err, false));
      return;
    }
    function onResponse(res: IncomingMessage) {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > MAX_ANSWER_CHARS) {
          text = '';
          fail(
            new GraphApiError(`Graph API answer is over ${MAX_ANSWER_CHARS} characters`, null, res.statusCode ?? null, 'transient', r.post),
          );
        }
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text });
      });
      res.on('error', (err) => fail(networkError(err, r.post)));
      // The connection closing before the body's end (Node may not report it as an error on every path).
      res.on('close', () => {
        if (!res.complete) fail(networkError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), r.post));
      });
    }
    // One timer per call (Node keeps same-length timers in one list: cheap), covering the answer's body too.
    const timer = setTimeout(
      () => fail(new GraphApiError(`Graph API request timed out after ${r.timeoutMs} ms`, null, null, 'transient', r.post && connected)),
      r.timeoutMs,
    );
    req.on('socket', (socket) => {
      if (!socket.connecting) connected = true;
      else socket.once('connect', () => (connected = true));
    });
    req.on('error', (err) => fail(networkError(err, r.post)));
    req.end(r.body);
  });
}

function networkError(err: unknown, post: boolean): GraphApiError {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const sent = !(code && NOT_SENT.has(code));
  return new GraphApiError(`Graph API request failed: network error${code ? ` ${code}` : ''}`, null, null, 'transient', post && sent);
}
