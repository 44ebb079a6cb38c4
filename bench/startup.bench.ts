// How long an operator waits after `parley start` until the server answers /readyz, and how much memory the
// process took on the way. A first start on an empty data folder (migrations, the Demo workspace and the
// admin's argon2 hash) is what a new install pays; a second start on the same folder is what every restart pays.
import { intOptions, isMain } from './lib/cli';
import { appendResult, machineInfo, printHeader, printTable, summarize, type Figure } from './lib/report';
import { makeDataDir, removeDataDir, startServer } from './lib/server';

export const startupDefaults = { runs: 3 };
export type StartupOptions = typeof startupDefaults;

export async function runStartupBench(opts: StartupOptions): Promise<Figure[]> {
  const coldMs: number[] = [];
  const coldRss: number[] = [];
  let warm: { ms: number; rss: number } | undefined;

  for (let run = 1; run <= opts.runs; run++) {
    const dir = await makeDataDir();
    try {
      const server = await startServer(dir);
      const rss = server.peakRssMiB();
      await server.stop();
      coldMs.push(server.readyMs);
      coldRss.push(rss);
      log(`first start ${run}/${opts.runs} (${server.engine}): ${Math.round(server.readyMs)} ms, peak RSS ${Math.round(rss)} MiB`);

      // The warm start reuses the last folder: migrations already applied, the Demo workspace already there.
      if (run === opts.runs) {
        const again = await startServer(dir);
        warm = { ms: again.readyMs, rss: again.peakRssMiB() };
        await again.stop();
        log(`second start (same folder): ${Math.round(warm.ms)} ms, peak RSS ${Math.round(warm.rss)} MiB`);
      }
    } finally {
      await removeDataDir(dir);
    }
  }

  return [
    summarize('first start: spawn → ready', 'ms', coldMs, false),
    summarize('first start: peak RSS at ready', 'MiB', coldRss, false),
    { metric: 'second start: spawn → ready', unit: 'ms', value: warm?.ms },
    {
      metric: 'second start: peak RSS at ready',
      unit: 'MiB',
      value: warm?.rss,
    },
  ];
}

function log(line: string) {
  process.stdout.write(`  ${line}\n`);
}

if (isMain(import.meta.url)) {
  const opts = intOptions(startupDefaults);
  const machine = await machineInfo();
  printHeader(machine);
  const figures = await runStartupBench(opts);
  printTable(`Startup (${opts.runs} first starts on fresh data folders, 1 second start)`, figures);
  appendResult('startup', machine, opts, figures);
}
