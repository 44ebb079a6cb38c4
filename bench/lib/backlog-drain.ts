// Processing alone: how many inbound messages per second the worker role turns into messages when nothing else
// runs beside it, on a database that already has customers and statistics. First a warm-up: `parley web` (no
// worker) stores messages of other customers, a worker process turns them into contacts and conversations and
// stops, and the database is analysed (as autovacuum would by then: plans made for empty tables are not the steady
// state). Then `parley web` stores the measured backlog, and `parley worker` processes start together and drain it. The rate counts the messages processed after every worker was ready, over the time
// from then until the last one (the poll's 100 ms are its precision). Unlike the processing phase, no POST competes
// for the cores: this is the worker's capacity, the figure to size a backlog's catch-up with.
import { setTimeout as sleep } from 'node:timers/promises';
import { type FakeGraph } from '../../apps/server/src/modules/channels/whatsapp/fake-graph/index';
import { burst, countIn, cpuFigures, log, logCpu, startCpu, withParley } from './messaging-world';
import { type Figure } from './report';
import { prepareMany } from './whatsapp-traffic';

const STORE_CONCURRENCY = 64;
/** Customers of the warm-up, two messages each: the database's existing customers. */
const WARMUP_CUSTOMERS = 2000;
const POLL_MS = 100;
const MAX_SECONDS = 180;

export async function backlogDrain(
  fake: FakeGraph,
  o: { messages: number; customers: number; workers: number; greeting: boolean },
): Promise<[string, Figure[]]> {
  const label = `backlog, ${o.workers} worker process${o.workers > 1 ? 'es' : ''}, greeting ${o.greeting ? 'on' : 'off'}`;
  const customers = Math.min(o.customers, o.messages);
  const figures = await withParley(
    fake,
    `backlog_w${o.workers}${o.greeting ? '_greeting' : ''}`,
    o.greeting,
    async (p) => {
      log(`warm-up: ${WARMUP_CUSTOMERS} customers' messages stored, processed by a worker process, then analysed…`);
      const warmup = await burst(
        p,
        prepareMany(2 * WARMUP_CUSTOMERS, WARMUP_CUSTOMERS, `1650${o.greeting ? 9 : 8}${o.workers}`),
        STORE_CONCURRENCY,
      );
      const warmupWorker = await p.addWorker();
      while ((await countIn(p.pgClient)) < warmup) await sleep(POLL_MS);
      await warmupWorker.stop();
      await p.pgClient.query('analyze');

      log(`storing ${o.messages} messages from ${customers} new customers with parley web alone…`);
      const storeStart = performance.now();
      const acked = await burst(p, prepareMany(o.messages, customers, `1650${o.greeting ? 6 : 7}${o.workers}`), STORE_CONCURRENCY);
      const storeSeconds = (performance.now() - storeStart) / 1000;
      const early = (await countIn(p.pgClient)) - warmup;
      if (early !== 0) throw new Error(`${early} messages processed before any worker started: is the server's role "web"?`);

      log(`${acked} stored in ${storeSeconds.toFixed(1)} s; starting ${o.workers} worker process(es)…`);
      await Promise.all(Array.from({ length: o.workers }, () => p.addWorker()));
      const base = await countIn(p.pgClient);
      const target = warmup + acked;
      const cpu = await startCpu(p);
      const start = performance.now();
      let processed = base;
      while (processed < target && performance.now() - start < MAX_SECONDS * 1000) {
        await sleep(POLL_MS);
        processed = await countIn(p.pgClient);
      }
      const seconds = (performance.now() - start) / 1000;
      const usage = await cpu.stop();
      const complete = processed >= target;
      log(
        `${complete ? 'all' : 'NOT all:'} ${processed - warmup} of ${acked} processed; ${base - warmup} while the workers got ready, ` +
          `${processed - base} in the next ${seconds.toFixed(1)} s = ${Math.round((processed - base) / seconds)}/s`,
      );
      logCpu(usage);
      return [
        {
          metric: `${label}: inbound processed per second, workers ready → ${complete ? 'all done' : 'time limit'}`,
          unit: 'msgs/s',
          value: (processed - base) / seconds,
        },
        { metric: `${label}: messages processed in that time`, unit: 'count', value: processed - base },
        { metric: `${label}: stored by parley web alone (c ${STORE_CONCURRENCY})`, unit: 'webhooks/s', value: acked / storeSeconds },
        { metric: `${label}: acknowledged (2xx)`, unit: 'count', value: acked },
        ...cpuFigures(label, usage),
      ] satisfies Figure[];
    },
    'web',
  );
  return [`Processing a stored backlog of ${o.messages} (${customers} new customers; ${label})`, figures];
}
