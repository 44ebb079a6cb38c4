// The limiter hands out slots; a busy event loop can still fire a call late, and a late call lands beside the next
// on-time ones. WhatsApp counts what arrives in any sliding second, so each process keeps the times it actually
// fired each number's last `rate` calls and holds a call back until the one `rate` calls before it is a second old
// (plus a small margin for calls delayed on their way). In steady state the limiter's 2 % headroom keeps every call
// well clear of this; it only bites after a stall. (Across processes the headroom absorbs the same jitter.) When
// WhatsApp still answers 130429 — calls delayed on their way, on a busy machine — the dispatcher lowers its `cap`
// below the rate for a while (pacer.ts).
const MARGIN_MS = 10;

interface Ring {
  times: Float64Array;
  /** Where the next fire time goes. */
  next: number;
  /** Fire times recorded so far (up to the ring's size). */
  count: number;
}
const rings = new Map<string, Ring>();

function ringOf(channelId: string, rate: number): Ring {
  let ring = rings.get(channelId);
  if (!ring || ring.times.length !== rate) {
    ring = { times: new Float64Array(Math.max(1, rate)), next: 0, count: 0 };
    rings.set(channelId, ring);
  }
  return ring;
}

/**
 * How long (ms) before one more call on the number keeps each second of this process within `cap` calls (at most
 * the number's `rate`): the call `cap` calls back must be a second old.
 */
export function windowWait(channelId: string, rate: number, cap: number, now: number): number {
  const ring = ringOf(channelId, rate);
  const back = Math.min(Math.max(1, Math.floor(cap)), ring.times.length);
  if (ring.count < back) return 0;
  const at = ring.times[(ring.next - back + ring.times.length) % ring.times.length]!;
  return Math.max(0, at + 1000 + MARGIN_MS - now);
}

export function recordFire(channelId: string, rate: number, at: number): void {
  const ring = ringOf(channelId, rate);
  ring.times[ring.next] = at;
  ring.next = (ring.next + 1) % ring.times.length;
  ring.count = Math.min(ring.count + 1, ring.times.length);
}
