// One Graph client per WhatsApp number, kept between sends: opening the sealed token (AES-GCM) and building a
// client for every message cost the campaign worker ~4 % of its CPU at 1,000 sends a second.
import type { SecretBox } from '../../../platform/secret-box';
import { openSecrets, type WhatsAppChannelRow } from '../repository';
import { createGraphClient, type GraphClient } from './wire';

interface Entry {
  /**
   * What the client was built from: the sealed credentials (sealed with a fresh IV each time, so any change of
   * token gives a new value) and the settings it calls. Never the opened token: entries may end up in a dump.
   */
  basis: string;
  client: GraphClient;
}

// Per secret box (one per running app; tests run several side by side), then per channel id. Entries of deleted
// numbers stay until the cap pushes them out: a few hundred bytes each.
const byBox = new WeakMap<SecretBox, Map<string, Entry>>();
const MAX_ENTRIES = 1000;

/** The number's Graph client, rebuilt when its credentials or Graph settings changed since the last call. */
export function graphClientFor(box: SecretBox, channel: WhatsAppChannelRow, timeoutMs: number): GraphClient {
  let clients = byBox.get(box);
  if (!clients) byBox.set(box, (clients = new Map()));
  const s = channel.settings;
  const basis = `${channel.sealedSecrets}\n${s.graphBaseUrl}\n${s.graphVersion}\n${s.phoneNumberId}\n${timeoutMs}`;
  const cached = clients.get(channel.id);
  if (cached?.basis === basis) return cached.client;
  const client = createGraphClient({
    baseUrl: s.graphBaseUrl,
    version: s.graphVersion,
    phoneNumberId: s.phoneNumberId,
    accessToken: openSecrets(box, channel).accessToken,
    timeoutMs,
  });
  clients.delete(channel.id);
  if (clients.size >= MAX_ENTRIES) clients.delete(clients.keys().next().value!);
  clients.set(channel.id, { basis, client });
  return client;
}
