// The limiter hands out slots; timers and a busy event loop can still fire a call late, and a late call lands in the
// next second beside calls that are on time. WhatsApp counts what arrives, so each process also keeps the times it
// actually called each number and holds a call back when the last second already saw the number's rate. (Across
// processes the limiter's 2 % headroom absorbs the same jitter.)
const fired = new Map<string, number[]>();

/** How long to wait before `count` more calls on the number keep every second of this process within `rate`. */
export function waitForWindow(channelId: string, rate: number, count: number, now: number): number {
  const times = fired.get(channelId);
  // At most `rate - count` of the recent calls may stay inside the second: the one before them must be a second old.
  const index = (times?.length ?? 0) - Math.max(0, rate - count) - 1;
  if (!times || index < 0) return 0;
  return Math.max(0, times[index]! + 1000 - now);
}

export function recordFired(channelId: string, rate: number, count: number, at: number): void {
  let times = fired.get(channelId);
  if (!times) fired.set(channelId, (times = []));
  for (let i = 0; i < count; i++) times.push(at);
  if (times.length > rate) times.splice(0, times.length - rate);
}
