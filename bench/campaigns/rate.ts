// The achieved send rate at one number's configured limit (goal: within ±5 %), and the aggregate over several
// numbers sending at once (goal ≥ 2,000/s). The rate is accepted calls over the time from the first to the last,
// as the fake Graph API stamped them on arrival; the fake refuses (130429) what goes over a number's rate in any
// sliding second, as WhatsApp does.
import type { Figure } from '../lib/report';
import { measureCpu } from './cpu';
import type { RemoteFake } from './fake-remote';
import { busiestSecond, createCampaign, log, rateOf, resumeCampaign, tightestSecond, waitDone, withWorld } from './world';

export async function ratePhase(fake: RemoteFake, mps: number, seconds: number, reconcileSeconds: number): Promise<Figure[]> {
  await fake.reset();
  const phoneNumberId = String(106540352242900 + mps);
  return withWorld(fake, `rate${mps}`, [{ phoneNumberId, mps }], reconcileSeconds, async (w) => {
    const n = mps * seconds;
    const id = await createCampaign(w, w.channels[0]!.id, n, 16505000000);
    const cpu = await measureCpu(w, fake);
    await resumeCampaign(w, id);
    log(`rate ${mps}/s: ${n} recipients…`);
    await waitDone(w, [id], fake, (seconds * 4 + 120) * 1000);
    const tally = fake.tally;
    const times = tally.times.get(phoneNumberId) ?? [];
    const cpuFigures = await cpu.stop(`limit ${mps}/s`, times.length);
    const { rate, seconds: span } = rateOf(times);
    const deviation = ((rate - mps) / mps) * 100;
    if (process.env.BENCH_DEBUG) log(`worker output:\n${w.worker.output()}`);
    log(`achieved ${rate.toFixed(1)}/s over ${span.toFixed(1)} s (${deviation.toFixed(1)} %), 130429: ${tally.refused429}`);
    return [
      { metric: `limit ${mps}/s: achieved send rate`, unit: 'msgs/s', value: rate },
      { metric: `limit ${mps}/s: deviation from the limit`, unit: '%', value: deviation },
      { metric: `limit ${mps}/s: busiest sliding second`, unit: 'msgs', value: busiestSecond(times) },
      { metric: `limit ${mps}/s: shortest span of ${mps} accepted calls (≥ 1000)`, unit: 'ms', value: tightestSecond(times, mps) },
      { metric: `limit ${mps}/s: 130429 answers`, unit: 'count', value: tally.refused429 },
      { metric: `limit ${mps}/s: duplicates`, unit: 'count', value: tally.duplicates() },
      ...cpuFigures,
    ];
  });
}

export async function aggregatePhase(
  fake: RemoteFake,
  numbers: number,
  perNumber: number,
  reconcileSeconds: number,
  workers: number,
): Promise<Figure[]> {
  await fake.reset();
  const lines = Array.from({ length: numbers }, (_, i) => ({ phoneNumberId: String(106540352243000 + i), mps: 1000 }));
  return withWorld(
    fake,
    'aggregate',
    lines,
    reconcileSeconds,
    async (w) => {
      const ids: string[] = [];
      for (const [i, ch] of w.channels.entries()) ids.push(await createCampaign(w, ch.id, perNumber, 16506000000 + i * 1_000_000));
      // All made first, then resumed together: every number sends over the same span.
      const cpu = await measureCpu(w, fake);
      await Promise.all(ids.map((id) => resumeCampaign(w, id)));
      log(`aggregate: ${numbers} numbers × ${perNumber} recipients at 1,000/s each, ${workers} worker process(es)…`);
      await waitDone(w, ids, fake, 600_000);
      const tally = fake.tally;
      const all = [...tally.times.values()].flat();
      const cpuFigures = await cpu.stop('aggregate', all.length);
      const { rate } = rateOf(all);
      const perLine = [...tally.times.entries()].map(([id, t]) => ({ id, rate: rateOf(t).rate }));
      log(`aggregate ${rate.toFixed(0)}/s; per number: ${perLine.map((l) => l.rate.toFixed(0)).join(', ')}`);
      return [
        { metric: `aggregate over ${numbers} numbers`, unit: 'msgs/s', value: rate },
        ...perLine.map((l, i) => ({ metric: `  number ${i + 1} (${l.id})`, unit: 'msgs/s', value: l.rate })),
        { metric: 'aggregate: 130429 answers', unit: 'count', value: tally.refused429 },
        { metric: 'aggregate: duplicates', unit: 'count', value: tally.duplicates() },
        ...cpuFigures,
      ];
    },
    workers,
  );
}
