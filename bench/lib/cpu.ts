// Where the CPU went during a timed window: the machine as a whole (/proc/stat), and named groups of
// processes (/proc/<pid>/stat utime + stime). On a 2-core machine where the client, the server and PostgreSQL
// share the cores, this is what tells "the server is saturated" from "something else took the CPU".
// Linux only; elsewhere every figure is NaN. 100 % = one core fully busy.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

let ticksPerSecond: number | undefined;
function hz(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** Busy and total ticks of all cores together (busy excludes idle and iowait), and interrupt handling. */
function machineTicks(): { busy: number; total: number; irq: number } {
  try {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0); // user … steal; guest is already inside user
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    // irq + softirq: loopback TCP is processed here and charged to no process.
    return { busy: total - idle, total, irq: (f[5] ?? 0) + (f[6] ?? 0) };
  } catch {
    return { busy: Number.NaN, total: Number.NaN, irq: Number.NaN };
  }
}

/** Every process's CPU ticks, with a short label (its command line), to name what else took the CPU. */
function allProcesses(): Map<number, { ticks: number; label: string }> {
  const out = new Map<number, { ticks: number; label: string }>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const d of pids) {
    const pid = Number(d);
    const ticks = processTicks(pid);
    if (ticks === 0) continue;
    let label: string;
    try {
      label = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      if (!label) label = `[${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()}]`;
    } catch {
      continue;
    }
    out.set(pid, { ticks, label: label.replace(/^\S*\//, '').slice(0, 70) });
  }
  return out;
}

/** utime + stime of one process in ticks; 0 once it is gone (its last slice is then lost, a small error). */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // field 3 onwards; the name may hold spaces
    return Number(f[11]) + Number(f[12]); // utime (14) and stime (15)
  } catch {
    return 0;
  }
}

export interface CpuWindow {
  /**
   * Stop the window; every group's CPU as % of one core, and the machine's busy % of all cores × cores.
   * `joined` adds pids to groups that appeared during the window (e.g. a pool's new connections): all their
   * CPU counts, as all of it was spent in the window.
   */
  stop(joined?: Record<string, number[]>): CpuUsage;
}

export interface CpuUsage {
  seconds: number;
  /** Everything busy on the machine, in % of one core (max = cores × 100). */
  machine: number;
  /** This process (the load generator). */
  self: number;
  groups: Record<string, number>;
  /** Interrupt and softirq handling (loopback networking among it), charged to no process. */
  irq: number;
  /** machine − self − groups − irq: other processes on the machine, and PostgreSQL work not in any group. */
  other: number;
  /** The biggest consumers among the other processes, "label: %", most first. */
  topOthers: string[];
}

/** Start measuring; `groups` maps a label to the pids charged to it (read again at stop). */
export function cpuWindow(groups: Record<string, number[]>): CpuWindow {
  const t0 = performance.now();
  const m0 = machineTicks();
  const self0 = process.cpuUsage();
  const g0 = Object.fromEntries(Object.entries(groups).map(([k, pids]) => [k, pids.map(processTicks)]));
  const p0 = allProcesses();
  return {
    stop(joined = {}) {
      const seconds = (performance.now() - t0) / 1000;
      const m1 = machineTicks();
      const self1 = process.cpuUsage(self0);
      const cores = os.cpus().length;
      // /proc/stat's total advances by cores × hz per second, so busy/total × cores is the busy cores.
      const machine = ((m1.busy - m0.busy) / (m1.total - m0.total)) * cores * 100;
      const self = ((self1.user + self1.system) / 1e6 / seconds) * 100;
      const out: Record<string, number> = {};
      for (const [k, pids] of Object.entries(groups)) {
        let ticks = pids.reduce((sum, pid, i) => sum + Math.max(0, processTicks(pid) - g0[k]![i]!), 0);
        for (const pid of joined[k] ?? []) if (!pids.includes(pid)) ticks += processTicks(pid);
        out[k] = (ticks / hz() / seconds) * 100;
      }
      const irq = ((m1.irq - m0.irq) / (m1.total - m0.total)) * cores * 100;
      const other = machine - self - irq - Object.values(out).reduce((a, b) => a + b, 0);
      const mine = new Set([process.pid, ...Object.values(groups).flat(), ...Object.values(joined).flat()]);
      const byLabel = new Map<string, number>();
      for (const [pid, p] of allProcesses()) {
        if (mine.has(pid)) continue;
        const delta = p.ticks - (p0.get(pid)?.ticks ?? 0); // a process born in the window counts from 0
        if (delta > 0) byLabel.set(p.label, (byLabel.get(p.label) ?? 0) + delta);
      }
      const topOthers = [...byLabel]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([label, ticks]) => `${label}: ${Math.round((ticks / hz() / seconds) * 100)} %`);
      return { seconds, machine, self, groups: out, irq, other, topOthers };
    },
  };
}
