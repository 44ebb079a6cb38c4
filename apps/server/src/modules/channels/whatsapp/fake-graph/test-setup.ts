// Test helper (not a suite): one fake + one receiver + a `send` shortcut, shared by the suites here.
import { startFakeGraph, type FakeGraph } from './fake-graph';
import { startReceiver, type Receiver } from './test-receiver';
import type { FakeGraphOptions, NumberConfig } from './types';

export const NUMBER: Omit<NumberConfig, 'webhookUrl'> = {
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  wabaId: '102290129340398',
  accessToken: 'EAAtest-token-1',
  appSecret: 'app-secret-1',
};

export const CUSTOMER = '16505551234';

/**
 * Graph answers and webhook bodies, read loosely: the assertions compare them field by field against
 * literal expectations, which typing every envelope would only obscure.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Harness {
  fake: FakeGraph;
  receiver: Receiver;
  send(
    body: unknown,
    opts?: { token?: string | null; numberId?: string; contentType?: string; signal?: AbortSignal },
  ): Promise<{ status: number; json: Json }>;
  close(): Promise<void>;
}

export async function startHarness(opts: FakeGraphOptions = {}, number: Partial<NumberConfig> = {}): Promise<Harness> {
  const receiver = await startReceiver();
  const fake = await startFakeGraph(opts);
  fake.registerNumber({ ...NUMBER, webhookUrl: receiver.url, ...number });
  return {
    fake,
    receiver,
    send: async (body, o = {}) => {
      const token = o.token === undefined ? (number.accessToken ?? NUMBER.accessToken) : o.token;
      const res = await fetch(`${fake.url}/v23.0/${o.numberId ?? number.phoneNumberId ?? NUMBER.phoneNumberId}/messages`, {
        method: 'POST',
        headers: {
          'content-type': o.contentType ?? 'application/json',
          ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
        },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...(o.signal ? { signal: o.signal } : {}),
      });
      return { status: res.status, json: await res.json() };
    },
    close: async () => {
      await fake.close();
      await receiver.close();
    },
  };
}

export const text = (body: string, extra: Record<string, unknown> = {}) => ({
  messaging_product: 'whatsapp',
  to: CUSTOMER,
  type: 'text',
  text: { body },
  ...extra,
});
