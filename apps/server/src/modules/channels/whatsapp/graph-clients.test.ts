import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox, type SecretBox } from '../../../platform/secret-box';
import { sealSecrets, type WhatsAppChannelRow } from '../repository';
import { startFakeGraph, type FakeGraph } from './fake-graph/fake-graph';
import { startReceiver, type Receiver } from './fake-graph/test-receiver';
import { graphClientFor } from './graph-clients';
import { GraphApiError } from './wire';

// The per-number Graph client cache, against the fake Graph API (which refuses a token on a number it does not
// belong to, and an unknown token with 401): one opening of the sealed token per number and credentials, a new
// token used from the next send on, and never one number's token on another's calls.
const A = { phoneNumberId: '100000000000001', displayPhoneNumber: '15550000001', wabaId: '900000000000001', appSecret: 's-a' };
const B = { phoneNumberId: '100000000000002', displayPhoneNumber: '15550000002', wabaId: '900000000000002', appSecret: 's-b' };
const TIMEOUT = 5000;

let fake: FakeGraph;
let receiver: Receiver;
let box: SecretBox;
let opens: number;

beforeAll(async () => {
  receiver = await startReceiver();
  fake = await startFakeGraph({ statusDelaysMs: { sent: 60_000, delivered: 60_000, read: 60_000 } });
});
afterAll(async () => {
  await fake?.close();
  await receiver?.close();
});
beforeEach(() => {
  fake.reset();
  fake.registerNumber({ ...A, accessToken: 'EAA-token-a-1', webhookUrl: receiver.url, sendRead: false });
  fake.registerNumber({ ...B, accessToken: 'EAA-token-b-1', webhookUrl: receiver.url, sendRead: false });
  // A fresh box per test, counting how often a sealed token is opened.
  const real = createSecretBox(`key-${Math.random()}`);
  opens = 0;
  box = { ...real, open: (sealed) => (opens++, real.open(sealed)) };
});

function row(id: string, n: typeof A, token: string, sealWith: SecretBox = box): WhatsAppChannelRow {
  return {
    workspaceId: '00000000-0000-4000-8000-000000000001',
    id,
    kind: 'whatsapp',
    name: n.phoneNumberId,
    externalId: n.phoneNumberId,
    settings: { ...n, graphBaseUrl: fake.url, graphVersion: 'v23.0', ownWebhook: false },
    sealedSecrets: sealSecrets(sealWith, { accessToken: token }),
    createdAt: new Date(0),
    deletedAt: null,
  };
}

const message = (to: string) => ({ messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body: 'hi' } });

describe('graphClientFor', () => {
  it('opens the sealed token once and sends every message of a number through one client', async () => {
    const a = row('chan-a', A, 'EAA-token-a-1');
    const first = graphClientFor(box, a, TIMEOUT);
    for (let i = 0; i < 5; i++) {
      const client = graphClientFor(box, { ...a }, TIMEOUT);
      expect(client).toBe(first);
      await client.sendMessage(message(`1650555000${i}`));
    }
    expect(opens).toBe(1);
    expect(fake.sent(A.phoneNumberId)).toHaveLength(5);
  });

  it('a rotated token is used from the next send on; the old one is never sent again', async () => {
    const before = row('chan-a', A, 'EAA-token-a-1');
    await graphClientFor(box, before, TIMEOUT).sendMessage(message('16505550001'));
    // The admin replaces the token (Meta revokes the old one): the row read next carries the new sealed value.
    fake.registerNumber({ ...A, accessToken: 'EAA-token-a-2', webhookUrl: receiver.url, sendRead: false });
    const after = row('chan-a', A, 'EAA-token-a-2');
    await graphClientFor(box, after, TIMEOUT).sendMessage(message('16505550002'));
    expect(opens).toBe(2);
    expect(fake.sent(A.phoneNumberId)).toHaveLength(2);
    // A caller still holding the old row gets the old token, which Meta now refuses: the error never shows it.
    const err = await graphClientFor(box, before, TIMEOUT)
      .sendMessage(message('16505550003'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphApiError);
    expect(err).toMatchObject({ classification: 'auth', httpStatus: 401 });
    expect(`${(err as Error).message} ${JSON.stringify(err)}`).not.toContain('EAA-token-a-1');
  });

  it("never uses one number's client or token for another, called in turns", async () => {
    const a = row('chan-a', A, 'EAA-token-a-1');
    const b = row('chan-b', B, 'EAA-token-b-1');
    expect(graphClientFor(box, a, TIMEOUT)).not.toBe(graphClientFor(box, b, TIMEOUT));
    for (let i = 0; i < 4; i++) {
      // The fake answers 400 (code 100) when a token is used on a number it does not belong to.
      await graphClientFor(box, i % 2 ? a : b, TIMEOUT).sendMessage(message(`1650555100${i}`));
    }
    expect(fake.sent(A.phoneNumberId)).toHaveLength(2);
    expect(fake.sent(B.phoneNumberId)).toHaveLength(2);
    expect(opens).toBe(2);
  });

  it('moves to a new client when the number is pointed at another Graph version or address', async () => {
    const a = row('chan-a', A, 'EAA-token-a-1');
    const v23 = graphClientFor(box, a, TIMEOUT);
    const v24 = graphClientFor(box, { ...a, settings: { ...a.settings, graphVersion: 'v24.0' } }, TIMEOUT);
    expect(v24).not.toBe(v23);
    await v24.sendMessage(message('16505550009'));
    expect(fake.requests.at(-1)?.path).toBe(`/v24.0/${A.phoneNumberId}/messages`);
  });

  it('keeps each secret box apart (two apps in one process): the same channel id gets its own credentials', async () => {
    const other = createSecretBox(`key-${Math.random()}`);
    const mine = graphClientFor(box, row('chan-x', A, 'EAA-token-a-1'), TIMEOUT);
    const theirs = graphClientFor(other, row('chan-x', B, 'EAA-token-b-1', other), TIMEOUT);
    expect(theirs).not.toBe(mine);
    await theirs.sendMessage(message('16505550010'));
    await mine.sendMessage(message('16505550011'));
    expect(fake.sent(A.phoneNumberId)).toHaveLength(1);
    expect(fake.sent(B.phoneNumberId)).toHaveLength(1);
  });
});
