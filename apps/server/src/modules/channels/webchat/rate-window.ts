import type { Clock } from '../../../platform/clock';

/**
 * At most `limit` hits per key in any `windowMs`, counted in this process. Enough for what it guards (a
 * visitor's message rate, new visitors per address): a visitor's sockets usually live on one node, and the
 * per-node bound still caps the total at nodes × limit.
 */
export class RateWindow {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Count a hit for `key`; false (and not counted) when the key is over its limit. */
  take(key: string): boolean {
    const now = this.clock.now().getTime();
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 50_000) this.prune(now);
    return true;
  }

  // Keys nobody used for a whole window are dropped, so many one-off visitors cannot grow the map forever.
  private prune(now: number) {
    for (const [key, times] of this.hits) if (!times.some((t) => t > now - this.windowMs)) this.hits.delete(key);
  }
}
