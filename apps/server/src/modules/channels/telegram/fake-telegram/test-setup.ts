// Test helper (not a suite): one fake Bot API + one webhook receiver, shared by the Telegram suites.
import { startFakeTelegram, type FakeTelegram } from './fake-telegram';
import { startReceiver, type Receiver } from './test-receiver';
import type { FakeTelegramOptions } from './types';

export interface Harness {
  fake: FakeTelegram;
  receiver: Receiver;
  close(): Promise<void>;
}

/** Starts the receiver, then the fake; registers no webhook, so each suite says how it wants to be called. */
export async function startHarness(opts: FakeTelegramOptions = {}): Promise<Harness> {
  const receiver = await startReceiver();
  // A fake that fails to start must not leave the receiver listening: the suite would get no harness to close.
  const fake = await startFakeTelegram(opts).catch(async (err: unknown) => {
    await receiver.close();
    throw err;
  });
  return {
    fake,
    receiver,
    close: async () => {
      await fake.close();
      await receiver.close();
    },
  };
}
