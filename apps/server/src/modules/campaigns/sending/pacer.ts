// One dispatcher run's sending pipeline. Claimed recipients get slots on the number's limiter; a little ahead of
// their slots they are committed as being called (ADR 0005: the commit before the call), one commit for every
// COMMIT_SPAN_MS of calls; then each call leaves at its own slot, from a timer — never early, and never bunched
// with a late one (fire-window.ts). Claiming, reserving slots, those commits, recording the answers and checking the
// campaign's status run beside the calls, one of each at a time, so the database's latency does not move the calls:
// only a commit slower than the look-ahead does.
import { sendOutbound, type ChannelRow } from '../../channels';
import type { Deps } from '../../../platform/deps';
import { claimRecipients, markCalling, type ClaimedRecipient, type ClaimTarget } from './claim';
import { recordFire, windowWait } from './fire-window';
import { pauseSender, reserveSlots, type Reservation } from './limiter';
import { recordOutcomes, verdictOf, type Outcome } from './outcomes';

/** Calls are committed this long before their slot: room for the commit's round trip. */
const LOOKAHEAD_MS = 40;
/** …and each commit covers this much more: at 1,000/s, ~50 commits a second instead of one per call. */
const COMMIT_SPAN_MS = 20;
/** Slots are reserved once fewer than this much is reserved ahead, this much at a time (at least one). */
const RESERVE_AHEAD_MS = 150;
const RESERVE_CHUNK_MS = 100;
const MAX_THROTTLE_PAUSE_MS = 10_000;

interface Item {
  r: ClaimedRecipient;
  /** Epoch ms of its slot; null until reserved (again, after a 130429 pause). */
  slot: number | null;
  /** Its slot in exact µs, and the reservation it came from (to hand unused slots back after a 130429). */
  slotUs?: bigint;
  from?: Reservation;
  /** Committed as being called: it must be called (or it stays uncertain until reconciled). */
  committed: boolean;
}

export interface PacerSetup {
  deps: Deps;
  target: ClaimTarget;
  channel: ChannelRow;
  rate: number;
  batchSize: number;
  /** A test's sleep (moving a fake clock), awaited in full; real runs wait on a timer that a completion cuts short. */
  sleep?: (ms: number) => Promise<void>;
  throttlePauseMs: number;
  /** Clock ms after which no more is claimed (the run then ends and asks for a follow-up). */
  deadline: number;
  /** False once another dispatcher may have the campaign (the lock's connection broke). */
  held: () => boolean;
  /** The campaign's status now. */
  status: () => Promise<string | undefined>;
}

export class Pacer {
  calls = 0;
  authFailed = false;
  error: unknown;
  /** Stopped claiming at the deadline: the campaign still has work. */
  outOfTime = false;
  private waiting: Item[] = [];
  private scheduled: Item[] = [];
  private answers: Outcome[] = [];
  private inFlight = 0;
  private ops = { claim: false, reserve: false, commit: false, record: false };
  private exhausted = false;
  private stopping = false;
  private throttledUntil = 0;
  private throttleStreak = 0;
  private lastReservation: Reservation | null = null;
  /**
   * The share of the rate this process lets into any second (fire-window.ts): 1 until WhatsApp answers 130429,
   * then 2 % less for each pause (down to 90 %), and back up by 0.5 % for every second's worth of accepted calls.
   * Calls delayed on their way (a busy machine) land beside on-time ones; a little more room absorbs that.
   */
  private allowance = 1;
  private acceptedSince = 0;
  private poke: (() => void) | null = null;
  private readonly clockAtStart: number;
  private readonly realAtStart = performance.now();

  constructor(private readonly s: PacerSetup) {
    this.clockAtStart = s.deps.clock.now().getTime();
  }

  /**
   * The run's time: the clock's, but never behind the real time that passed since the run started — under a clock
   * that does not move while we sleep (a test's fake clock with a real sleep), slots still come due.
   */
  now = () => Math.max(this.s.deps.clock.now().getTime(), this.clockAtStart + (performance.now() - this.realAtStart));

  async run(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (!this.stopping && (this.error || this.authFailed || !this.s.held())) this.stop();
      if (!this.stopping && now > this.s.deadline) {
        this.outOfTime = true;
        this.stop();
      }
      if (this.error) {
        if (this.inFlight === 0 && !this.busy()) return;
        await this.waitFor(Infinity);
        continue;
      }
      this.claim();
      this.reserve(now);
      this.commit(now);
      const fireIn = this.fire();
      this.record(fireIn);
      if (this.done()) return;
      await this.waitFor(Math.min(fireIn, this.nextTimedWork(now)));
    }
  }

  /** Stop claiming; what is only claimed goes back to pending, what is committed is still called. */
  private stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    const keep = (list: Item[]) =>
      list.filter((i) => {
        if (!i.committed) this.answers.push({ kind: 'giveBack', id: i.r.id, reason: null });
        return i.committed;
      });
    this.waiting = keep(this.waiting);
    this.scheduled = keep(this.scheduled);
  }

  private busy(): boolean {
    return Object.values(this.ops).some(Boolean);
  }

  private done(): boolean {
    if (this.waiting.length || this.scheduled.length || this.inFlight || this.answers.length || this.busy()) return false;
    return this.stopping || this.exhausted;
  }

  private buffered(): number {
    return this.waiting.length + this.scheduled.length;
  }

  /** Run one background step; its completion wakes the loop. A failure stops the run (rethrown by the caller). */
  private background(op: keyof Pacer['ops'], work: () => Promise<void>): void {
    this.ops[op] = true;
    work()
      .catch((err: unknown) => void (this.error ??= err))
      .finally(() => {
        this.ops[op] = false;
        this.wake();
      });
  }

  /** Keep about two batches claimed ahead of the calls. */
  private claim(): void {
    if (this.stopping || this.exhausted || this.ops.claim || this.buffered() >= 2 * this.s.batchSize) return;
    this.background('claim', async () => {
      // Paused or cancelled: claim no more. (A pause landing after this is caught by the commit before the call.)
      if ((await this.s.status()) !== 'sending') return this.stop();
      const batch = await claimRecipients(this.s.deps, this.s.target, this.s.batchSize);
      if (batch.length < this.s.batchSize) this.exhausted = true;
      if (this.stopping) this.answers.push(...batch.map((r): Outcome => ({ kind: 'giveBack', id: r.id, reason: null })));
      else for (const r of batch) this.waiting.push({ r, slot: null, committed: false });
    });
  }

  private reserve(now: number): void {
    if (this.ops.reserve || this.waiting.length === 0 || this.throttledUntil > now) return;
    const last = this.scheduled.at(-1)?.slot ?? now;
    if (last > now + RESERVE_AHEAD_MS) return;
    const count = Math.min(this.waiting.length, Math.max(1, Math.round((this.s.rate * RESERVE_CHUNK_MS) / 1000)));
    this.background('reserve', async () => {
      const res = await reserveSlots(this.s.deps.db, this.s.target.channelId, count, new Date(this.now()));
      if (!res.ok) {
        this.throttledUntil = Math.max(this.throttledUntil, res.pausedUntil);
        return;
      }
      this.lastReservation = res;
      for (const [n, slot] of res.slots.entries()) {
        const item = this.waiting.shift();
        if (!item) break; // given back meanwhile (a stop): the slot stays unused
        item.slot = slot;
        item.slotUs = res.fromUs + BigInt(n) * res.stepUs;
        item.from = res;
        this.scheduled.push(item);
      }
    });
  }

  /** The commit before the call, for every claimed call whose slot comes within the look-ahead. */
  private commit(now: number): void {
    if (this.ops.commit) return;
    // Committed calls are always the front of `scheduled` (slot order), so this looks at a few items, not all.
    const due: Item[] = [];
    for (const i of this.scheduled) {
      if (i.committed) continue;
      if (i.slot! > now + LOOKAHEAD_MS + COMMIT_SPAN_MS) break;
      due.push(i);
    }
    if (due.length === 0 || due[0]!.slot! > now + LOOKAHEAD_MS) return;
    this.background('commit', async () => {
      const ids = due.map((i) => i.r.id);
      const calling = await markCalling(this.s.deps.db, this.s.target, ids, new Date(this.now()));
      for (const i of due) if (calling.has(i.r.id)) i.committed = true;
      if (calling.size === ids.length) return;
      // Paused or cancelled meanwhile: stop, giving back what is not committed (a skipped row stays skipped).
      if ((await this.s.status()) !== 'sending') return this.stop();
      // Skipped one by one (an erasure): never called, nothing to record — wherever a 130429 has put them.
      const gone = new Set(due.filter((i) => !i.committed));
      this.scheduled = this.scheduled.filter((i) => !gone.has(i));
      this.waiting = this.waiting.filter((i) => !gone.has(i));
    });
  }

  /** Fire every committed call whose slot has come; ms until the next one may go (Infinity: none is ready). */
  private fire(): number {
    const { channelId } = this.s.target;
    while (this.scheduled.length > 0) {
      // Each call's own start takes a moment (the body, the request): the window is checked at the time it leaves.
      const now = this.now();
      const next = this.scheduled[0]!;
      if (this.throttledUntil > now) return this.throttledUntil - now;
      if (!next.committed) return Infinity; // its commit is on its way
      // WhatsApp answering slowly: at most two batches of calls wait for their answers (also what a crash leaves
      // uncertain). At the rate's pace with answers in milliseconds, this never holds a call back.
      if (this.inFlight >= 2 * this.s.batchSize) return Infinity;
      if (next.slot! > now) return next.slot! - now;
      const wait = windowWait(channelId, this.s.rate, this.s.rate * this.allowance, now);
      if (wait > 0) return wait;
      this.scheduled.shift();
      recordFire(channelId, this.s.rate, now);
      this.inFlight++;
      void this.call(next.r).then((outcome) => {
        this.inFlight--;
        this.answers.push(outcome);
        // An answer only changes what the loop does when it completes a batch to record, frees a place among the
        // calls in flight, or is the last one: other answers wait for the loop's next wake (a slot, a commit).
        if (this.answers.length >= this.recordAt() || this.inFlight + 1 >= 2 * this.s.batchSize || this.scheduled.length === 0) this.wake();
      });
    }
    return Infinity;
  }

  /** Answers are recorded a batch at a time, or as soon as nothing is about to be called. */
  private record(fireIn: number): void {
    if (this.ops.record || this.answers.length === 0) return;
    const idle = fireIn > 20 || this.stopping || this.scheduled.length === 0;
    if (this.answers.length < this.recordAt() && !idle) return;
    const batch = this.answers.splice(0);
    this.background('record', async () => {
      await recordOutcomes(this.s.deps, this.s.target.workspaceId, this.s.target.channelId, batch);
      // Recipients given back (a 130429) are pending again: claim them after the pause.
      if (batch.some((o) => o.kind === 'giveBack') && !this.stopping) this.exhausted = false;
    });
  }

  private recordAt(): number {
    return Math.max(50, this.s.batchSize);
  }

  /** ms until timed work (a commit, a reservation) is due; Infinity when there is none. */
  private nextTimedWork(now: number): number {
    let t = Infinity;
    if (!this.ops.commit) {
      const first = this.scheduled.find((i) => !i.committed);
      if (first) t = Math.min(t, first.slot! - LOOKAHEAD_MS - now);
    }
    if (!this.ops.reserve && this.waiting.length > 0) {
      const last = this.scheduled.at(-1)?.slot ?? now;
      t = Math.min(t, Math.max(this.throttledUntil, last - RESERVE_AHEAD_MS) - now);
    }
    return t;
  }

  private wake(): void {
    const poke = this.poke;
    this.poke = null;
    poke?.();
  }

  /** Until `ms` pass or background work or a call completes, whichever is first. */
  private async waitFor(ms: number): Promise<void> {
    const poked = new Promise<void>((resolve) => (this.poke = resolve));
    if (ms === Infinity) {
      if (this.inFlight === 0 && !this.busy()) throw new Error('campaign dispatcher: nothing to wait for');
      return poked;
    }
    if (ms <= 0) return new Promise<void>((resolve) => setImmediate(resolve));
    if (this.s.sleep) {
      // A test's clock moves at once: let I/O (the calls' answers) have its turn first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return this.s.sleep(ms);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), poked]);
    clearTimeout(timer);
  }

  private async call(r: ClaimedRecipient): Promise<Outcome> {
    this.calls++;
    try {
      const res = await sendOutbound(this.s.deps, this.s.channel, {
        recipientKeys: [`wa:${r.phone.replace(/^\+/, '')}`],
        content: r.content,
        correlationId: r.messageId,
      });
      this.throttleStreak = 0;
      if (++this.acceptedSince >= this.s.rate && this.allowance < 1) {
        this.acceptedSince = 0;
        this.allowance = Math.min(1, this.allowance + 0.005);
      }
      return {
        kind: 'accepted',
        id: r.id,
        messageId: r.messageId,
        contactId: r.contactId,
        providerMessageId: res.providerMessageId,
        ...(res.recipientKey ? { recipientKey: res.recipientKey } : {}),
      };
    } catch (err) {
      const verdict = verdictOf(err, r, this.s.deps.clock.now());
      if (verdict.throttled) await this.throttled().catch((e: unknown) => void (this.error ??= e));
      if (verdict.auth && !this.authFailed) {
        this.authFailed = true;
        this.s.deps.log.error({ err, campaignId: this.s.target.campaignId }, 'campaign paused: the WhatsApp number refused our access');
      }
      const { throttled: _t, auth: _a, ...outcome } = verdict;
      return outcome as Outcome;
    }
  }

  /**
   * 130429: the number pauses for every sender (a few intervals, doubling while it repeats). The slots handed out
   * before the pause are void: the calls not yet made get new ones right after it (committed calls keep their
   * commit), booked with the pause itself, and the last reservation's unused slots go back to the limiter.
   */
  private async throttled(): Promise<void> {
    const now = this.now();
    if (this.throttledUntil > now) return;
    const ms = Math.min(MAX_THROTTLE_PAUSE_MS, this.s.throttlePauseMs * 2 ** this.throttleStreak++);
    this.throttledUntil = now + ms;
    this.allowance = Math.max(0.9, this.allowance - 0.02);
    this.acceptedSince = 0;
    const last = this.lastReservation;
    const firstUnused = this.scheduled.find((i) => i.from === last);
    const unused = last?.ok && firstUnused?.slotUs !== undefined ? { fromUs: firstUnused.slotUs, endUs: last.endUs } : undefined;
    const moved = this.scheduled;
    this.scheduled = [];
    this.lastReservation = null;
    for (const i of moved) i.slot = null;
    this.s.deps.log.warn({ channelId: this.s.target.channelId, pauseMs: ms }, 'WhatsApp throughput limit (130429): pausing the number');
    const { until, rebooked } = await pauseSender(this.s.deps.db, this.s.target.channelId, new Date(now), ms, {
      unused,
      rebook: moved.length,
    });
    this.throttledUntil = Math.max(this.throttledUntil, until.getTime());
    // Stopped meanwhile: what is not committed goes back to pending (its new slot stays unused).
    const still = moved.filter((i) => {
      if (!this.stopping || i.committed) return true;
      this.answers.push({ kind: 'giveBack', id: i.r.id, reason: null });
      return false;
    });
    for (const [n, i] of still.entries()) {
      i.slot = rebooked[n] ?? null;
      i.slotUs = undefined;
      i.from = undefined;
    }
    this.scheduled = [...still.filter((i) => i.slot !== null), ...this.scheduled].sort((a, b) => a.slot! - b.slot!);
    this.waiting.unshift(...still.filter((i) => i.slot === null));
  }
}
