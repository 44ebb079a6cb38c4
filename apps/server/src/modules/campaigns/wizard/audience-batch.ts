// One batch of audience rows made ready to judge: each number read as E.164 (the sending number's country for
// numbers without a code), its contact found (picked, or by the channel's identity, or by stored phone), whether it
// is in an open conversation on that number, and the attribute values the variables use. A handful of queries per
// batch, whatever its size.
import type { CampaignVariables } from '@parley/contracts';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Config } from '../../../config';
import type { Db } from '../../../platform/db';
import { attributeTextsOf, audienceContactsByIds, audienceContactsByPhones, normalizePhone, type AudienceContact } from '../../contacts';
import { conversationsTable } from '../../conversations';
import type { campaignAudience } from '../tables';
import type { WhatsAppChannel } from './drafts';
import { uuidArray } from './set-customers-audience';

export type AudienceRow = Pick<typeof campaignAudience.$inferSelect, 'rowNo' | 'phone' | 'name' | 'contactId' | 'cells'>;

export interface LoadedRow {
  row: AudienceRow;
  /** The number as given (file cell, or the picked contact's phone now). */
  phoneText: string | null;
  phone: ReturnType<typeof normalizePhone> | null;
  contact: AudienceContact | null;
  /** In a bot, waiting or assigned conversation on the sending number. */
  activeConversation: boolean;
  attributes: Record<string, string> | undefined;
}

export interface BatchEnv {
  workspaceId: string;
  channel: WhatsAppChannel;
  defaultCountry: CountryCode;
  attributeKeys: string[];
}

/** Numbers without a country code are read as the sending number's country, else the configured default. */
export function defaultCountryOf(channel: WhatsAppChannel, config: Config): CountryCode {
  return parsePhoneNumberFromString(channel.settings.displayPhoneNumber)?.country ?? (config.campaigns.defaultCountry as CountryCode);
}

export function attributeKeysOf(variables: CampaignVariables | null): string[] {
  if (!variables) return [];
  const sources = [...variables.body, variables.header, ...Object.values(variables.urlButtons)];
  return [...new Set(sources.flatMap((s) => (s?.kind === 'attribute' ? [s.key] : [])))];
}

export async function loadRows(db: Db, env: BatchEnv, rows: readonly AudienceRow[]): Promise<LoadedRow[]> {
  const ws = env.workspaceId;
  const picked = await audienceContactsByIds(
    db,
    ws,
    rows.flatMap((r) => (r.contactId ? [r.contactId] : [])),
  );
  const loaded = rows.map((row) => {
    const contact = row.contactId ? (picked.get(row.contactId) ?? null) : null;
    const phoneText = contact ? (contact.phone ?? row.phone) : row.phone;
    const phone = phoneText === null ? null : normalizePhone(phoneText, env.defaultCountry);
    return { row, phoneText, phone, contact, activeConversation: false, attributes: undefined } as LoadedRow;
  });
  const unresolved = loaded.filter((l) => !l.contact && l.phone?.ok);
  const byPhone = await audienceContactsByPhones(
    db,
    ws,
    env.channel.id,
    unresolved.map((l) => (l.phone as { e164: string }).e164),
  );
  for (const l of unresolved) l.contact = byPhone.get((l.phone as { e164: string }).e164) ?? null;
  const contactIds = [...new Set(loaded.flatMap((l) => (l.contact ? [l.contact.id] : [])))];
  if (contactIds.length > 0) {
    const open = await db
      .select({ contactId: conversationsTable.contactId })
      .from(conversationsTable)
      .where(
        and(
          eq(conversationsTable.workspaceId, ws),
          eq(conversationsTable.channelId, env.channel.id),
          ne(conversationsTable.state, 'closed'),
          sql`${conversationsTable.contactId} = any(${uuidArray(contactIds)}::uuid[])`,
        ),
      );
    const active = new Set(open.map((o) => o.contactId));
    for (const l of loaded) l.activeConversation = l.contact ? active.has(l.contact.id) : false;
    if (env.attributeKeys.length > 0) {
      const attributes = await attributeTextsOf(db, ws, contactIds, env.attributeKeys);
      for (const l of loaded) l.attributes = l.contact ? attributes.get(l.contact.id) : undefined;
    }
  }
  return loaded;
}
