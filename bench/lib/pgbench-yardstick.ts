// pgbench's single-insert rate on the bench's PostgreSQL server, printed beside Parley's webhook intake as the
// yardstick the issue asks for: what the simplest durable write costs on this machine, in the same run.
import { log } from './messaging-world';
import { createDatabase, dropDatabase, pgbenchInit, pgbenchScript, scratchName, SINGLE_INSERT, SINGLE_INSERT_NOTIFY } from './postgres';
import { round, type Figure } from './report';

/** pgbench's single insert on the same server: what the simplest durable write costs on this machine. */
export async function pgbenchYardstick(opts: { pgbenchSeconds: number }): Promise<[string, Figure[]]> {
  const pgbenchDb = scratchName('parley_bench_pgbench');
  await createDatabase(pgbenchDb);
  try {
    const version = await pgbenchInit(pgbenchDb, 1);
    const run = { clients: 8, threads: 2, seconds: opts.pgbenchSeconds };
    log(`${version}: -i -s 1 into ${pgbenchDb}, then one insert per transaction at -c 8 -j 2 -T ${opts.pgbenchSeconds}…`);
    const plain = await pgbenchScript(pgbenchDb, SINGLE_INSERT, run);
    log(`single insert: ${round(plain.tps)} tps, latency average ${plain.latencyMs} ms; the same with a NOTIFY in the transaction…`);
    const notify = await pgbenchScript(pgbenchDb, SINGLE_INSERT_NOTIFY, run);
    log(`single insert + NOTIFY: ${round(notify.tps)} tps, latency average ${notify.latencyMs} ms`);
    return [
      `pgbench (same server, scratch database, -c 8 -j 2 -T ${opts.pgbenchSeconds}, one insert per transaction)`,
      [
        { metric: 'pgbench single-insert rate', unit: 'tx/s', value: plain.tps },
        { metric: 'pgbench single-insert latency average', unit: 'ms', value: plain.latencyMs },
        { metric: 'pgbench single-insert + NOTIFY rate', unit: 'tx/s', value: notify.tps },
        { metric: 'pgbench single-insert + NOTIFY latency average', unit: 'ms', value: notify.latencyMs },
      ],
    ];
  } finally {
    await dropDatabase(pgbenchDb);
  }
}
