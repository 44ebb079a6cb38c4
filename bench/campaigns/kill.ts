// The kill test: `kill -9` of the sending worker at random moments during one large campaign, restarted each time;
// then duplicates (extra accepted calls for one recipient, as the fake Graph API counted them by their
// biz_opaque_callback_data; goal 0) and lost recipients (must be 0), and what reconciliation did.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Figure } from '../lib/report';
import type { RemoteFake } from './fake-remote';
import { startWorker, type Proc } from './processes';
import { createCampaign, log, resumeCampaign, stateCounts, waitDone, withWorld } from './world';

export async function killPhase(fake: RemoteFake, recipients: number, killsWanted: number, reconcileSeconds: number): Promise<Figure[]> {
  await fake.reset();
  const phoneNumberId = '106540352244000';
  return withWorld(fake, 'kill', [{ phoneNumberId, mps: 1000 }], reconcileSeconds, async (w) => {
    const id = await createCampaign(w, w.channels[0]!.id, recipients, 16507000000);
    await resumeCampaign(w, id);
    log(`kill test: ${recipients} recipients at 1,000/s; ${killsWanted} × kill -9 of the worker at random moments…`);
    const reconciled = { released: 0, resent: 0, unconfirmed: 0 };
    const collect = (p: Proc) => {
      for (const l of p.logs) for (const k of Object.keys(reconciled) as Array<keyof typeof reconciled>) reconciled[k] += Number(l[k] ?? 0);
      p.logs.length = 0;
    };
    let kills = 0;
    const started = Date.now();
    while (kills < killsWanted) {
      // A random moment while sending, leaving the last tenth of the campaign to run after the last kill.
      await sleep(500 + Math.random() * 4500);
      const counts = await stateCounts(w, id);
      if ((counts.pending ?? 0) < recipients / 10) break;
      w.worker.child.kill('SIGKILL');
      await new Promise<void>((resolve) =>
        w.worker.child.exitCode !== null || w.worker.child.signalCode ? resolve() : w.worker.child.once('exit', () => resolve()),
      );
      kills++;
      collect(w.worker);
      const sending = (await stateCounts(w, id)).sending ?? 0;
      log(`kill ${kills} at ${((Date.now() - started) / 1000).toFixed(1)} s: ${counts.pending ?? 0} pending, ${sending} left in 'sending'`);
      w.worker = await startWorker(w.pgc, w.env);
      w.workers.push(w.worker);
    }
    log('all kills done; waiting for the campaign to finish (in-flight status events of a killed worker wait for their job to expire)…');
    // Applying the status webhooks (two per message) is what takes long: on a busy machine the campaign may not
    // finish within the hour; duplicates are known anyway (the fake counted every call), lost recipients are not.
    const finished = await waitDone(w, [id], fake, 3_600_000).then(
      () => true,
      () => false,
    );
    collect(w.worker);
    const elapsed = (Date.now() - started) / 1000;
    // Give late status webhooks a moment, then count.
    await sleep(2000);
    await fake.flush();
    const tally = fake.tally;
    const rows = await w.pgc.query<{ id: string; status: string; reason: string | null }>(
      'select id, status, reason from campaign_recipients where campaign_id = $1',
      [id],
    );
    const counts: Record<string, number> = {};
    let lost = 0;
    let unconfirmed = 0;
    for (const r of rows.rows) {
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      const calls = tally.byOpaque.get(r.id) ?? 0;
      // Lost: never reached WhatsApp, yet not failed with a reason — or still waiting when the campaign says done.
      if (r.status === 'pending' || r.status === 'sending' || (calls === 0 && r.status !== 'failed')) lost++;
      if (r.status === 'failed' && r.reason?.startsWith('Unconfirmed')) unconfirmed++;
    }
    const duplicates = tally.duplicates();
    log(
      `${finished ? 'done' : 'NOT finished (time limit)'} in ${elapsed.toFixed(0)} s after ${kills} kills: ${JSON.stringify(counts)}; duplicates ${duplicates}, lost ${lost}, ` +
        `released ${reconciled.released}, resent after T ${reconciled.resent}, unconfirmed ${unconfirmed}, webhooks lost ${tally.webhooksLost}`,
    );
    return [
      { metric: 'kill test: recipients', unit: 'count', value: rows.rowCount ?? 0 },
      { metric: 'kill test: kill -9 of the worker', unit: 'count', value: kills },
      { metric: 'kill test: duplicates (extra accepted calls)', unit: 'count', value: duplicates },
      {
        metric: `kill test: lost recipients${finished ? '' : ' (campaign not finished: still waiting counted)'}`,
        unit: 'count',
        value: lost,
      },
      { metric: 'kill test: claimed, never called → released', unit: 'count', value: reconciled.released },
      { metric: 'kill test: lost answer → resent after T', unit: 'count', value: reconciled.resent },
      { metric: 'kill test: failed as unconfirmed', unit: 'count', value: unconfirmed },
      { metric: 'kill test: 130429 answers', unit: 'count', value: tally.refused429 },
      { metric: 'kill test: status webhooks not acknowledged (lost: the fake does not retry)', unit: 'count', value: tally.webhooksLost },
      { metric: 'kill test: wall time', unit: 's', value: elapsed },
    ];
  });
}
