import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../../../testing/engines';
import { PHONE_NUMBER_ID } from '../../../testing/whatsapp';
import { startSendingWorld, type SendingWorld } from '../../../testing/campaign-sending';
import { campaignSenders } from '../tables';
import { dispatchCampaign } from './dispatch';
import { ensureSender, PACING_HEADROOM, reserveSlots } from './limiter';

// Pacing on real time: the number's limiter lives in PostgreSQL, so dispatchers of different campaigns on the same
// number share it (on PostgreSQL they also run on separate connections, as separate processes would).
let w: SendingWorld;
const RATE = 20;

beforeAll(async () => {
  w = await startSendingWorld({ systemClock: true });
  const res = await w.call('PUT', `/campaigns/senders/${w.channelId}`, { messagesPerSecond: RATE });
  expect(res.statusCode).toBe(200);
});
afterAll(async () => {
  await w?.close();
});

describe('the per-number limiter', () => {
  it('hands out distinct slots one interval apart to concurrent reservations', async () => {
    const db = w.t.rt.deps.db;
    await ensureSender(db, w.ws, w.channelId, new Date());
    await db.update(campaignSenders).set({ nextSlotAt: null }).where(eq(campaignSenders.channelId, w.channelId));
    const now = new Date();
    const reservations = await Promise.all(Array.from({ length: 10 }, () => reserveSlots(db, w.channelId, 5, now)));
    const slots = reservations.flatMap((r) => (r.ok ? r.slots : [])).sort((a, b) => a - b);
    expect(slots).toHaveLength(50);
    expect(new Set(slots).size).toBe(50);
    // One interval at the rate's 98 % (headroom for timer jitter): 20/s → 51.03 ms (ms-rounded here).
    for (let i = 1; i < slots.length; i++)
      expect(Math.abs(slots[i]! - slots[i - 1]! - 1000 / (RATE * PACING_HEADROOM))).toBeLessThanOrEqual(1);
    expect(slots[0]).toBe(now.getTime());
  });

  it('two campaigns on one number together stay within its rate, with no 130429 from WhatsApp', async () => {
    await w.t.rt.deps.db.update(campaignSenders).set({ nextSlotAt: null }).where(eq(campaignSenders.channelId, w.channelId));
    w.fake.reset();
    // The fake counts what it receives in any sliding second, to the millisecond, on the test's own event loop (shared
    // with Parley, on a busy machine): a little tolerance for calls delayed in transit landing beside on-time ones.
    // Unshared limiters would put twice the rate in a second.
    w.fake.setThroughput(PHONE_NUMBER_ID, RATE + 3);
    const a = await w.campaign(25);
    const b = await w.campaign(25);
    const started = Date.now();
    const results = await Promise.all([a, b].map((c) => dispatchCampaign(w.t.rt.deps, { workspaceId: w.ws, campaignId: c.id })));
    const elapsed = Date.now() - started;
    expect(results.map((r) => r.state)).toEqual(['done', 'done']);
    const times = w.fake
      .sent(PHONE_NUMBER_ID)
      .map((s) => s.at)
      .sort((x, y) => x - y);
    expect(times).toHaveLength(50);
    expect([...w.sendsByOpaque().values()].every((n) => n === 1)).toBe(true);
    // Measured where WhatsApp measures, on arrival. The embedded engine runs in this event loop (and the fake too,
    // in tests): its queries hold calls back and release them together, so arrival times only mean something on
    // PostgreSQL; there, no second holds more than the rate (give or take calls delayed in transit).
    if (testEngine() === 'postgres') {
      expect(w.fake.requests.filter((r) => r.status !== 200)).toHaveLength(0);
      for (let i = 0; i < times.length; i++) {
        const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
        expect(inWindow).toBeLessThanOrEqual(RATE + 2);
      }
    }
    // …and the rate is reached: 50 calls take about 49 intervals (not half that, as two unshared limiters would).
    expect(elapsed).toBeGreaterThanOrEqual((49 * 1000) / RATE - 50);
    if (testEngine() === 'postgres') expect(times.at(-1)! - times[0]!).toBeLessThan((49 * 1000) / (RATE * PACING_HEADROOM) + 1000);
  });
});
