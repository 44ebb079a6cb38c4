import type { FailNextInput, HangOptions } from './types';

const matches = (scripted: string, method: string): boolean => scripted === '*' || scripted.toLowerCase() === method.toLowerCase();

/** Scripted failures, consumed in order by the next calls of their method. */
export class FailureScript {
  private readonly queue: Array<FailNextInput & { method: string; remaining: number }> = [];

  push(f: FailNextInput): void {
    const count = f.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new Error('failNext count must be a positive integer');
    if (!Number.isInteger(f.errorCode) || f.errorCode < 400 || f.errorCode > 599)
      throw new Error('failNext errorCode must be an HTTP error status');
    this.queue.push({ ...f, method: f.method ?? 'sendMessage', remaining: count });
  }

  take(method: string): FailNextInput | undefined {
    const i = this.queue.findIndex((f) => matches(f.method, method));
    const f = this.queue[i];
    if (!f) return undefined;
    if (--f.remaining === 0) this.queue.splice(i, 1);
    return f;
  }

  clear(): void {
    this.queue.length = 0;
  }
}

/** Queued hangs for the next calls of their method. */
export class HangScript {
  private readonly queue: Array<{ ms: number; then: 'drop' | 'respond'; method: string }> = [];

  push(ms: number, opts: HangOptions = {}): void {
    if (!(ms >= 0)) throw new Error('hangNext needs a non-negative duration in ms');
    this.queue.push({ ms, then: opts.then ?? 'drop', method: opts.method ?? 'sendMessage' });
  }

  take(method: string): { ms: number; then: 'drop' | 'respond' } | undefined {
    const i = this.queue.findIndex((h) => matches(h.method, method));
    const h = this.queue[i];
    if (!h) return undefined;
    this.queue.splice(i, 1);
    return h;
  }

  clear(): void {
    this.queue.length = 0;
  }
}

/**
 * Appends with a bounded size. Trimming happens in batches (10 % over the limit) so a full record costs
 * one splice per many pushes, not one per push.
 */
export function boundedPush(limit: number): <T>(list: T[], item: T) => void {
  const slack = Math.max(16, Math.floor(limit / 10));
  return (list, item) => {
    list.push(item);
    if (list.length > limit + slack) list.splice(0, list.length - limit);
  };
}
