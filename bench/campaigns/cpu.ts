// CPU per sent message, by process: wall-clock rates on a shared 2-core machine move with the load, CPU time per
// message much less, so it is what tells whether the sending path got cheaper.
import { cpuWindow } from '../lib/cpu';
import { backendPids } from '../lib/postgres';
import type { Figure } from '../lib/report';
import type { RemoteFake } from './fake-remote';
import { peakRssMiB } from './processes';
import type { World } from './world';

export async function measureCpu(w: World, fake: RemoteFake) {
  const workers = w.workers.filter((p) => p !== w.web).map((p) => p.child.pid!);
  const window = cpuWindow({ worker: workers, web: [w.web.child.pid!], fake: [fake.pid], postgres: await backendPids(w.db) });
  return {
    /** Figures for `label`, per accepted call. */
    async stop(label: string, calls: number): Promise<Figure[]> {
      const usage = window.stop({ postgres: await backendPids(w.db) });
      // % of one core over the window → ms of CPU per call.
      const perCall = (pct: number) => ((pct / 100) * usage.seconds * 1000) / Math.max(1, calls);
      return [
        {
          metric: `${label}: CPU per sent message, worker${workers.length > 1 ? 's' : ''} (Parley)`,
          unit: 'ms',
          value: perCall(usage.groups.worker!),
        },
        { metric: `${label}: CPU per sent message, PostgreSQL`, unit: 'ms', value: perCall(usage.groups.postgres!) },
        { metric: `${label}: CPU per sent message, web (Parley)`, unit: 'ms', value: perCall(usage.groups.web!) },
        { metric: `${label}: CPU per sent message, fake Graph API`, unit: 'ms', value: perCall(usage.groups.fake!) },
        { metric: `${label}: machine busy (all processes)`, unit: '% core', value: usage.machine },
        { metric: `${label}: worker peak RSS`, unit: 'MiB', value: Math.max(...workers.map(peakRssMiB)) },
      ];
    },
  };
}
