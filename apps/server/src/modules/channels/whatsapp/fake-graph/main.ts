// Runs the fake Graph API alone for manual work against a local Parley:
//   node --import tsx apps/server/src/modules/channels/whatsapp/fake-graph/main.ts --port 4010 \
//     [--webhook http://127.0.0.1:3000/<parley webhook path>] [--config numbers.json]
// --config holds FakeGraphOptions as JSON ({ "numbers": [...], "templates": [...], ... }); without it one
// demo number is registered and its credentials are printed.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startFakeGraph } from './fake-graph';
import type { FakeGraphOptions, NumberConfig } from './types';

const DEMO_NUMBER: Omit<NumberConfig, 'webhookUrl'> = {
  phoneNumberId: '100000000000001',
  displayPhoneNumber: '15550001111',
  wabaId: '200000000000001',
  accessToken: 'fake-graph-token',
  appSecret: 'fake-graph-app-secret',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      webhook: { type: 'string', default: 'http://127.0.0.1:3000/webhooks/whatsapp' },
      config: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${values.port}`);
  const fromFile: FakeGraphOptions = values.config ? (JSON.parse(await readFile(values.config, 'utf8')) as FakeGraphOptions) : {};
  const numbers = fromFile.numbers?.length ? fromFile.numbers : [{ ...DEMO_NUMBER, webhookUrl: values.webhook }];
  const fake = await startFakeGraph({ ...fromFile, numbers, port });

  console.log(`fake Graph API listening on ${fake.url}`);
  for (const n of numbers) {
    console.log(
      `  number ${n.phoneNumberId} (+${n.displayPhoneNumber}, WABA ${n.wabaId}) token=${n.accessToken} appSecret=${n.appSecret} webhook=${n.webhookUrl}`,
    );
  }
  const stop = (): void => {
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
