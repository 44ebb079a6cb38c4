// The cost of signing in, end to end over HTTP: argon2id verification (m = 19 MiB, t = 2, so tens of ms by
// design), the throttle bookkeeping and the session insert. Sequential logins give the latency one user sees;
// the concurrent phase shows how the server shares its cores (argon2 runs off the event loop) under a burst.
import { intOptions, isMain } from './lib/cli';
import { appendResult, machineInfo, printHeader, printTable, summarize, type Figure } from './lib/report';
import { adminEmail, adminPassword, makeDataDir, removeDataDir, startServer } from './lib/server';

export const loginDefaults = {
  sequential: 200,
  concurrent: 200,
  concurrency: 8,
};
export type LoginOptions = typeof loginDefaults;

// A few untimed logins first, so JIT warm-up and the first connection are not in the figures.
const warmupLogins = 5;

export async function runLoginBench(opts: LoginOptions): Promise<Figure[]> {
  const dir = await makeDataDir();
  try {
    const server = await startServer(dir);
    try {
      const rssAtReady = server.peakRssMiB();
      const url = `${server.baseUrl}/api/v1/auth/login`;
      for (let i = 0; i < warmupLogins; i++) await login(url);

      const sequential: number[] = [];
      const seqStart = performance.now();
      for (let i = 0; i < opts.sequential; i++) sequential.push(await login(url));
      const seqSeconds = (performance.now() - seqStart) / 1000;

      // Workers take the next login from a shared counter, so exactly `concurrency` requests are in flight.
      const concurrent: number[] = [];
      let next = 0;
      const worker = async () => {
        while (next++ < opts.concurrent) concurrent.push(await login(url));
      };
      const conStart = performance.now();
      await Promise.all(Array.from({ length: opts.concurrency }, worker));
      const conSeconds = (performance.now() - conStart) / 1000;

      const rssAfter = server.peakRssMiB();
      const c = opts.concurrency;
      return [
        summarize('login, sequential: latency', 'ms', sequential),
        {
          metric: 'login, sequential: throughput',
          unit: 'logins/s',
          value: opts.sequential / seqSeconds,
        },
        summarize(`login, concurrency ${c}: latency`, 'ms', concurrent),
        {
          metric: `login, concurrency ${c}: throughput`,
          unit: 'logins/s',
          value: opts.concurrent / conSeconds,
        },
        { metric: 'peak RSS at ready', unit: 'MiB', value: rssAtReady },
        { metric: 'peak RSS after the logins', unit: 'MiB', value: rssAfter },
      ];
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output()}`, { cause: err });
    } finally {
      await server.stop();
    }
  } finally {
    await removeDataDir(dir);
  }
}

/** One login with no cookies (a new browser each time); returns its latency in ms, throws unless it worked. */
async function login(url: string): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail, password: adminPassword }),
  });
  const body = await res.text(); // read the whole answer: the client waits for it too
  const ms = performance.now() - start;
  if (res.status !== 200 || !res.headers.getSetCookie().some((c) => c.startsWith('parley_session='))) {
    throw new Error(`login failed: HTTP ${res.status} ${body.slice(0, 300)}`);
  }
  return ms;
}

if (isMain(import.meta.url)) {
  const opts = intOptions(loginDefaults);
  const machine = await machineInfo();
  printHeader(machine);
  const figures = await runLoginBench(opts);
  printTable(`Login (${opts.sequential} sequential, ${opts.concurrent} at concurrency ${opts.concurrency})`, figures);
  appendResult('login', machine, opts, figures);
}
