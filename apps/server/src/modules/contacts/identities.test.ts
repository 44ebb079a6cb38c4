// The contact behind an inbound message: found (and locked) in one statement when known, created once when not,
// whatever the concurrency, and every key it is known by remembered.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTx } from '../../platform/db';
import { testEngine } from '../../testing/engines';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { demoWhatsApp, whatsappEnv } from '../../testing/whatsapp';
import { resolveInboundContact, type InboundContactInput } from './identities';
import { contactIdentities, contacts } from './tables';

let t: TestApp;
let workspaceId: string;
let channelId: string;

beforeAll(async () => {
  t = await startTestApp({ env: whatsappEnv });
  ({ workspaceId, channelId } = await demoWhatsApp(t));
});
afterAll(() => t?.close());

const input = (keys: string[], extra: Partial<InboundContactInput> = {}): InboundContactInput => ({
  workspaceId,
  channelId,
  keys,
  at: t.clock.now(),
  profileName: 'Identity Test',
  firstMessageTags: [],
  ...extra,
});
const resolve = (i: InboundContactInput) => withTx(t.rt.deps.db, (tx) => resolveInboundContact(tx, i));

async function keysOf(contactId: string) {
  const rows = await t.rt.deps.db
    .select({ key: contactIdentities.key })
    .from(contactIdentities)
    .where(and(eq(contactIdentities.channelId, channelId), eq(contactIdentities.contactId, contactId)));
  return rows.map((r) => r.key).sort();
}

describe('resolveInboundContact', () => {
  it('creates a contact on first contact with every key, then finds it by any of them', async () => {
    const first = await resolve(input(['wa:5511987650001', 'wa:551187650001'], { phoneE164: '+5511987650001' }));
    expect(first.created).toBe(true);
    expect(first.contact.phone).toBe('+5511987650001');
    expect(await keysOf(first.contact.id)).toEqual(['wa:551187650001', 'wa:5511987650001']);
    // The other Brazilian form alone finds the same contact.
    const again = await resolve(input(['wa:551187650001']));
    expect(again).toMatchObject({ created: false, contact: { id: first.contact.id } });
  });

  it('remembers a key a known contact arrives with for the first time, and follows a new profile name', async () => {
    const { contact } = await resolve(input(['wa:14155550301'], { profileName: 'Old Name' }));
    const later = await resolve(input(['wa:14155550301', 'bsuid:US.99887766'], { profileName: 'New Name' }));
    expect(later).toMatchObject({ created: false, contact: { id: contact.id, channelName: 'New Name' } });
    expect(await keysOf(contact.id)).toEqual(['bsuid:US.99887766', 'wa:14155550301']);
    const [stored] = await t.rt.deps.db.select().from(contacts).where(eq(contacts.id, contact.id));
    expect(stored!.channelName).toBe('New Name');
    expect((await resolve(input(['bsuid:US.99887766']))).contact.id).toBe(contact.id);
  });

  it('finds a contact by whichever key names it, past the six a look-up takes at once, and by the first when two do', async () => {
    const { contact } = await resolve(input(['bsuid:US.7000']));
    const unknown = Array.from({ length: 7 }, (_, i) => `bsuid:US.unknown-${i}`);
    // The only known key is the eighth: found in the look-up's second slice, and the seven others remembered.
    const found = await resolve(input([...unknown, 'bsuid:US.7000']));
    expect(found).toMatchObject({ created: false, contact: { id: contact.id } });
    expect(await keysOf(contact.id)).toEqual(['bsuid:US.7000', ...unknown].sort());
    // Two keys naming two contacts: the first key's contact.
    const other = await resolve(input(['bsuid:US.7001']));
    expect((await resolve(input(['bsuid:US.7001', 'bsuid:US.7000']))).contact.id).toBe(other.contact.id);
    expect((await resolve(input(['bsuid:US.7000', 'bsuid:US.7001']))).contact.id).toBe(contact.id);
  });

  // PGlite runs one transaction at a time: two first messages cannot race there.
  it.runIf(testEngine() === 'postgres')('creates one contact when two first messages of a customer race', async () => {
    const keys = ['wa:14155550302'];
    const both = await Promise.all([resolve(input(keys)), resolve(input(keys)), resolve(input(keys))]);
    expect(new Set(both.map((r) => r.contact.id)).size).toBe(1);
    expect(both.filter((r) => r.created)).toHaveLength(1);
    const rows = await t.rt.deps.db
      .select({ contactId: contactIdentities.contactId })
      .from(contactIdentities)
      .where(and(eq(contactIdentities.channelId, channelId), eq(contactIdentities.key, 'wa:14155550302')));
    expect(rows).toHaveLength(1);
  });
});
