import type { FailNextInput, HangOptions } from './types';

/** Scripted failures, consumed in order by the next valid sends (optionally of one number only). */
export class FailureScript {
  private readonly queue: Array<FailNextInput & { remaining: number }> = [];

  push(f: FailNextInput): void {
    const count = f.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error('failNext count must be a positive integer');
    this.queue.push({ ...f, remaining: count });
  }

  take(phoneNumberId: string): FailNextInput | undefined {
    const i = this.queue.findIndex((f) => f.phoneNumberId === undefined || f.phoneNumberId === phoneNumberId);
    const f = this.queue[i];
    if (!f) return undefined;
    if (--f.remaining === 0) this.queue.splice(i, 1);
    return f;
  }

  clear(): void {
    this.queue.length = 0;
  }
}

/** Queued hangs for the next message sends. */
export class HangScript {
  private readonly queue: Array<{ ms: number; then: NonNullable<HangOptions['then']> }> = [];

  push(ms: number, opts: HangOptions = {}): void {
    if (!(ms >= 0)) throw new Error('hangNext needs a non-negative duration in ms');
    this.queue.push({ ms, then: opts.then ?? 'drop' });
  }

  take(): { ms: number; then: 'drop' | 'respond' } | undefined {
    return this.queue.shift();
  }

  clear(): void {
    this.queue.length = 0;
  }
}

/**
 * Sliding-window counters for the throughput (per number) and pair (per number × recipient) limits (§6.2).
 * A refused attempt is not counted, like Meta: only messages it accepted use up the budget.
 */
export class RateWindows {
  private readonly hits = new Map<string, number[]>();

  tryHit(key: string, max: number, perMs: number, now: number): boolean {
    const list = (this.hits.get(key) ?? []).filter((t) => t > now - perMs);
    if (list.length >= max) {
      this.hits.set(key, list);
      return false;
    }
    list.push(now);
    this.hits.set(key, list);
    return true;
  }

  clear(): void {
    this.hits.clear();
  }
}
