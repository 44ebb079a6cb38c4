// The fake Graph API in a process of its own (spawned by fake-remote.ts), so what it stamps as a call's arrival time
// is not delayed by the harness's own work (polling PostgreSQL, tallying), and its CPU is measured on its own.
// It answers the parent's requests over the IPC channel and streams what it saw every 100 ms: each accepted call
// (biz_opaque_callback_data, number, arrival ms), each 130429, each status webhook Parley did not acknowledge.
import {
  startFakeGraph,
  type FakeGraph,
  type RecordedRequest,
  type WebhookDelivery,
} from '../../apps/server/src/modules/channels/whatsapp/fake-graph/index';
import type { FakeCommand, FakeEvent } from './fake-remote';

const send = (event: FakeEvent) => process.send?.(event);
let fake: FakeGraph | undefined;

/** The records appended since the last call, found from the end (the fake drops old ones from the front). */
function since<T extends object>(list: readonly T[], last: { item: T | undefined }): T[] {
  let i = list.length - 1;
  while (i >= 0 && list[i] !== last.item) i--;
  const fresh = list.slice(i + 1);
  if (fresh.length > 0) last.item = fresh.at(-1);
  return fresh;
}
const lastRequest = { item: undefined as RecordedRequest | undefined };
const lastDelivery = { item: undefined as WebhookDelivery | undefined };

function flush(): void {
  if (!fake) return;
  const accepted: Array<[string, string, number]> = [];
  let refused429 = 0;
  for (const r of since(fake.requests, lastRequest)) {
    const m = /\/(\d+)\/messages$/.exec(r.path);
    if (!m || r.method !== 'POST') continue;
    const response = r.response as { error?: { code?: number }; messages?: unknown[] } | undefined;
    if (response?.error?.code === 130429) refused429++;
    else if (r.status === 200 && response?.messages) {
      accepted.push([String((r.body as Record<string, unknown> | undefined)?.biz_opaque_callback_data), m[1]!, r.at]);
    }
  }
  let webhooksLost = 0;
  for (const d of since(fake.deliveries, lastDelivery)) if (d.responseStatus !== 200) webhooksLost++;
  if (accepted.length || refused429 || webhooksLost) send({ kind: 'tally', accepted, refused429, webhooksLost });
}

const timer = setInterval(flush, 100);

process.on('message', (cmd: FakeCommand) => {
  void (async () => {
    try {
      let value: unknown;
      switch (cmd.op) {
        case 'start':
          fake = await startFakeGraph(cmd.options);
          value = fake.url;
          break;
        case 'registerNumber':
          fake!.registerNumber(cmd.number);
          break;
        case 'registerTemplate':
          fake!.registerTemplate(cmd.template);
          break;
        case 'reset':
          flush();
          fake!.reset();
          lastRequest.item = undefined;
          lastDelivery.item = undefined;
          break;
        case 'flush':
          flush();
          break;
        case 'idle':
          await Promise.race([fake!.idle(), new Promise((resolve) => setTimeout(resolve, cmd.maxMs))]);
          flush();
          break;
        case 'close':
          flush();
          clearInterval(timer);
          await fake?.close();
          break;
      }
      send({ kind: 'reply', id: cmd.id, ok: true, value });
      if (cmd.op === 'close') process.disconnect();
    } catch (err) {
      send({ kind: 'reply', id: cmd.id, ok: false, value: String((err as Error)?.stack ?? err) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
