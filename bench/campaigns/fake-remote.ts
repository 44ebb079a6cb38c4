// The harness's side of the fake Graph API process (fake-process.ts): commands over IPC, and a tally of every
// accepted call kept here, beyond the fake's own record limit.
import { fork, type ChildProcess } from 'node:child_process';
import type { FakeGraphOptions, NumberConfig, TemplateInfo } from '../../apps/server/src/modules/channels/whatsapp/fake-graph/index';

type Op =
  | { op: 'start'; options: FakeGraphOptions }
  | { op: 'registerNumber'; number: NumberConfig }
  | { op: 'registerTemplate'; template: TemplateInfo }
  | { op: 'reset' }
  | { op: 'flush' }
  | { op: 'idle'; maxMs: number }
  | { op: 'close' };
export type FakeCommand = Op & { id: number };
export type FakeEvent =
  | { kind: 'reply'; id: number; ok: boolean; value: unknown }
  | { kind: 'tally'; accepted: Array<[opaque: string, phoneNumberId: string, at: number]>; refused429: number; webhooksLost: number };

/** What the fake saw since the last reset: every accepted call by its biz_opaque_callback_data, and every refusal. */
export class Tally {
  readonly byOpaque = new Map<string, number>();
  /** Arrival times (the fake's clock, ms) of the accepted calls, per phone number id. */
  readonly times = new Map<string, number[]>();
  refused429 = 0;
  /** Status webhooks Parley did not acknowledge: WhatsApp would retry them for days; the fake does not. */
  webhooksLost = 0;

  add(e: Extract<FakeEvent, { kind: 'tally' }>): void {
    for (const [opaque, id, at] of e.accepted) {
      this.byOpaque.set(opaque, (this.byOpaque.get(opaque) ?? 0) + 1);
      let list = this.times.get(id);
      if (!list) this.times.set(id, (list = []));
      list.push(at);
    }
    this.refused429 += e.refused429;
    this.webhooksLost += e.webhooksLost;
  }

  accepted(): number {
    let n = 0;
    for (const t of this.times.values()) n += t.length;
    return n;
  }

  duplicates(): number {
    let d = 0;
    for (const n of this.byOpaque.values()) d += n - 1;
    return d;
  }
}

export class RemoteFake {
  url = '';
  tally = new Tally();
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(readonly child: ChildProcess) {
    child.on('message', (e: FakeEvent) => {
      if (e.kind === 'tally') return this.tally.add(e);
      const w = this.waiting.get(e.id);
      this.waiting.delete(e.id);
      if (e.ok) w?.resolve(e.value);
      else w?.reject(new Error(`fake Graph API: ${String(e.value)}`));
    });
    child.once('exit', (code, signal) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the fake Graph API process exited (${code ?? signal})`));
      this.waiting.clear();
    });
  }

  static async start(options: FakeGraphOptions): Promise<RemoteFake> {
    const child = fork(new URL('./fake-process.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
    const fake = new RemoteFake(child);
    fake.url = (await fake.call({ op: 'start', options })) as string;
    return fake;
  }

  get pid(): number {
    return this.child.pid!;
  }

  private call(op: Op): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...op, id } satisfies FakeCommand);
    });
  }

  registerNumber = (number: NumberConfig) => this.call({ op: 'registerNumber', number });
  registerTemplate = (template: TemplateInfo) => this.call({ op: 'registerTemplate', template });
  /** Everything the fake saw so far is in `tally` when this resolves. */
  flush = () => this.call({ op: 'flush' });
  /** Wait (at most `maxMs`) until no status webhook is due or in flight. */
  idle = (maxMs: number) => this.call({ op: 'idle', maxMs });

  async reset(): Promise<void> {
    await this.call({ op: 'reset' });
    this.tally = new Tally();
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    await this.call({ op: 'close' }).catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
