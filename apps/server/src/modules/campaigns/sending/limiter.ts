// The per-number pacing shared by every process that sends for a WhatsApp number: a GCRA kept in PostgreSQL.
// `next_slot_at` is the theoretical time of the next free slot; reserving k slots moves it k intervals on in one
// conditional UPDATE … RETURNING, so two dispatchers (any process) never get the same slot and never together exceed
// the number's rate. A 130429 sets `paused_until`, which every reservation of that number then waits out.
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../../platform/db';
import { campaignSenders } from '../tables';

/** Meta's tiers: 80 messages per second by default, up to 1,000. */
export const DEFAULT_MPS = 80;
export const MAX_MPS = 1000;

export type Reservation =
  | {
      ok: true;
      /** Epoch ms of each slot, in order. */
      slots: number[];
      /** The first slot, the step and the end of the reservation (the limiter's next slot after it), in exact µs. */
      fromUs: bigint;
      stepUs: bigint;
      endUs: bigint;
    }
  | { ok: false; /** The number is paused (130429) until then (epoch ms). */ pausedUntil: number };

/** The number's sender row, made with the defaults on first use. */
export async function ensureSender(db: Db, workspaceId: string, channelId: string, at: Date): Promise<void> {
  await db.insert(campaignSenders).values({ channelId, workspaceId, updatedAt: at }).onConflictDoNothing();
}

/**
 * Slots are spaced for 98 % of the number's rate: the 2 % headroom absorbs calls that leave a few ms late (timers,
 * a busy event loop, another process), which would otherwise land in the same second as on-time ones. In whole
 * microseconds, so slot arithmetic is exact in SQL and in JavaScript.
 */
export const PACING_HEADROOM = 0.98;
const intervalUs = sql`ceil(1000000 / (greatest(1, least(${campaignSenders.messagesPerSecond}, ${MAX_MPS})) * ${PACING_HEADROOM}::float8))::bigint`;
const epochUs = (col: unknown) => sql`(extract(epoch from ${col}) * 1000000)::bigint`;

/**
 * Reserve `count` consecutive slots on the number, starting no earlier than now (no burst credit is kept: an idle
 * number starts at now, never at a backlog). Refused while a 130429 pause holds.
 */
export async function reserveSlots(db: Db, channelId: string, count: number, now: Date): Promise<Reservation> {
  const at = now.toISOString();
  const s = campaignSenders;
  const result = await db.execute(sql`
    update ${s} set
      next_slot_at = greatest(coalesce(${s.nextSlotAt}, ${at}::timestamptz), ${at}::timestamptz) + ${count} * ${intervalUs} * interval '1 microsecond',
      updated_at = ${at}::timestamptz
    where ${s.channelId} = ${channelId} and (${s.pausedUntil} is null or ${s.pausedUntil} <= ${at}::timestamptz)
    returning ${epochUs(s.nextSlotAt)}::text as end_us, ${intervalUs}::text as step_us`);
  const row = rowsOf<{ end_us: string; step_us: string }>(result)[0];
  if (!row) {
    const [paused] = await db
      .select({ until: campaignSenders.pausedUntil })
      .from(campaignSenders)
      .where(sql`${campaignSenders.channelId} = ${channelId}`);
    if (!paused) throw new Error(`no campaign sender row for channel ${channelId}`);
    return { ok: false, pausedUntil: paused.until?.getTime() ?? now.getTime() };
  }
  const end = BigInt(row.end_us);
  const step = BigInt(row.step_us);
  const first = end - BigInt(count) * step;
  return {
    ok: true,
    slots: Array.from({ length: count }, (_, i) => Number((first + BigInt(i) * step) / 1000n)),
    fromUs: first,
    stepUs: step,
    endUs: end,
  };
}

/**
 * Meta said 130429 (the number is over its throughput): pause every sender of the number for `ms`, and move the next
 * slot past the pause so reservations resume from there, not with a burst of the backlog. `unused`: the slots of
 * the caller's last reservation from `fromUs` on will not be used; when nobody reserved after it (the limiter's next
 * slot is still its end), they are handed back, so the pause costs its own length and no more. `rebook`: that many
 * slots for the caller right after the pause, in the same statement (its calls not yet made go on without waiting
 * for another round trip).
 */
export async function pauseSender(
  db: Db,
  channelId: string,
  now: Date,
  ms: number,
  opts: { unused?: { fromUs: bigint; endUs: bigint }; rebook?: number } = {},
): Promise<{ until: Date; rebooked: number[] }> {
  const until = new Date(now.getTime() + ms);
  const u = sql`${until.toISOString()}::timestamptz`;
  const s = campaignSenders;
  const next = opts.unused
    ? sql`case when ${epochUs(s.nextSlotAt)} = ${String(opts.unused.endUs)}::bigint
        then 'epoch'::timestamptz + ${String(opts.unused.fromUs)}::bigint * interval '1 microsecond' else ${s.nextSlotAt} end`
    : sql`${s.nextSlotAt}`;
  const count = opts.rebook ?? 0;
  const result = await db.execute(sql`
    update ${s} set
      paused_until = greatest(coalesce(${s.pausedUntil}, ${u}), ${u}),
      next_slot_at = greatest(coalesce(${next}, ${u}), ${u}, coalesce(${s.pausedUntil}, ${u})) + ${count} * ${intervalUs} * interval '1 microsecond',
      updated_at = ${now.toISOString()}::timestamptz
    where ${s.channelId} = ${channelId}
    returning ${epochUs(s.nextSlotAt)}::text as end_us, ${intervalUs}::text as step_us`);
  const row = rowsOf<{ end_us: string; step_us: string }>(result)[0];
  if (!row || count === 0) return { until, rebooked: [] };
  const step = BigInt(row.step_us);
  const first = BigInt(row.end_us) - BigInt(count) * step;
  return { until, rebooked: Array.from({ length: count }, (_, i) => Number((first + BigInt(i) * step) / 1000n)) };
}
