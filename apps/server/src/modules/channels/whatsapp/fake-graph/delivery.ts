import { setMaxListeners } from 'node:events';
import type { WebhookDelivery } from './types';

/**
 * The fake only ever talks to this machine: webhook URLs must point at 127.0.0.1, so a misconfigured test
 * or simulator can never POST signed payloads to a real host.
 */
export function assertLoopbackUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`webhookUrl is not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' || parsed.hostname !== '127.0.0.1') {
    throw new Error(`webhookUrl must be http://127.0.0.1:<port>/… (the fake never leaves this machine), got ${url}`);
  }
}

type DeliveryMeta = Pick<WebhookDelivery, 'phoneNumberId' | 'kind' | 'status' | 'wamid'>;

/**
 * POSTs signed webhooks and owns every timer and request in flight, so `idle()` can wait for them and
 * `close()` can cancel them: no webhook is delivered after the fake is closed.
 */
export class WebhookPoster {
  private readonly controller = new AbortController();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly timers = new Map<NodeJS.Timeout, (ran: boolean) => void>();

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number,
    private readonly record: (d: WebhookDelivery) => void,
  ) {
    // Every in-flight POST listens on this signal; a busy benchmark has hundreds at once.
    setMaxListeners(0, this.controller.signal);
  }

  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Runs `task` in the background, tracked for idle()/close(); its errors are recorded, never thrown. */
  track(task: () => Promise<unknown>): void {
    const p = task()
      .catch(() => undefined)
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
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

  async post(url: string, rawBody: string, signature: string, meta: DeliveryMeta): Promise<number> {
    assertLoopbackUrl(url);
    const base = { ...meta, url, rawBody, signature };
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature, 'user-agent': 'facebookexternalua' },
        body: rawBody,
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

  /** Waits until no webhook is scheduled or in flight (including ones scheduled meanwhile). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
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
