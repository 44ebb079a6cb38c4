import { setMaxListeners } from 'node:events';
import type { WebhookDelivery } from './types';

/**
 * The fake only ever talks to this machine: webhook URLs must be http://127.0.0.1:<port>/…, so a
 * misconfigured test or simulator can never POST updates (and the secret token) to a real host.
 */
export function loopbackProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'invalid URL';
  }
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1') return 'the fake Telegram only delivers to http://127.0.0.1:<port>/…';
  if (parsed.username || parsed.password) return 'credentials in the URL are not allowed';
  return undefined;
}

export function assertLoopbackUrl(url: string): void {
  const problem = loopbackProblem(url);
  if (problem) throw new Error(`webhook URL refused (${problem}): ${url}`);
}

type DeliveryMeta = Pick<WebhookDelivery, 'updateId' | 'updateType'>;

/**
 * POSTs updates and owns every request and timer in flight, so `close()` can cancel them: nothing is
 * delivered after the fake is closed.
 */
export class WebhookPoster {
  private readonly controller = new AbortController();
  private readonly timers = new Map<NodeJS.Timeout, (ran: boolean) => void>();

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number,
    private readonly record: (d: WebhookDelivery) => void,
  ) {
    // Every in-flight POST listens on this signal; a busy simulator has many at once.
    setMaxListeners(0, this.controller.signal);
  }

  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Resolves true after `ms`, or false as soon as the fake closes. */
  sleep(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const t = setTimeout(
        () => {
          this.timers.delete(t);
          resolve(true);
        },
        Math.max(0, ms),
      );
      this.timers.set(t, resolve);
    });
  }

  /** The receiver's HTTP status, or 0 when the POST failed (recorded either way, never thrown). */
  async post(url: string, rawBody: string, secretToken: string | undefined, meta: DeliveryMeta): Promise<number> {
    assertLoopbackUrl(url);
    const base = { ...meta, url, rawBody, ...(secretToken !== undefined ? { secretToken } : {}) };
    if (this.closed) {
      this.record({ ...base, responseStatus: 0, error: 'fake closed', at: this.now() });
      return 0;
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken !== undefined ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
        },
        body: rawBody,
        redirect: 'manual',
        signal: AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await res.arrayBuffer();
      this.record({ ...base, responseStatus: res.status, at: this.now() });
      return res.status;
    } catch (e) {
      this.record({ ...base, responseStatus: 0, error: e instanceof Error ? e.message : String(e), at: this.now() });
      return 0;
    }
  }

  close(): void {
    this.controller.abort();
    for (const [t, resolve] of this.timers) {
      clearTimeout(t);
      resolve(false);
    }
    this.timers.clear();
  }
}
