// PATCH /contacts/:id: the profile's standard fields. Each value is checked on its own (a 400 naming the field):
// an email address, a phone read with the install's default country and stored as E.164, an IANA time zone, a
// BCP 47 language tag, an ISO country code. One UPDATE of the named columns only, so a concurrent change to other
// fields (statistics, tags, status) is never overwritten.
import type { ContactView, UpdateContactRequest } from '@parley/contracts';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { invalidField, notFound } from '../../../platform/errors';
import { isTimeZone } from '../../../platform/excel';
import { normalizePhone, type CountryCode } from '../lib';
import { contacts } from '../tables';
import { toContactView } from '../view';

const PHONE_REASONS: Record<string, string> = {
  invalid: 'is not a valid phone number',
  too_long: 'is too long for a phone number',
  not_a_number: 'is not a phone number',
  scientific_notation: 'looks like a number Excel rewrote (1.5E+10); type the digits',
  empty: 'is empty',
};

type Fields = Partial<Record<keyof UpdateContactRequest, string | null>>;

export async function updateContact(deps: Deps, workspaceId: string, contactId: string, input: UpdateContactRequest): Promise<ContactView> {
  const set: Fields = {};
  for (const [key, raw] of Object.entries(input) as Array<[keyof UpdateContactRequest, string | null | undefined]>) {
    if (raw === undefined) continue;
    const value = raw === null ? null : raw.replaceAll('\u0000', '').trim() || null;
    set[key] = value === null ? null : checked(key, value, deps.config.campaigns.defaultCountry as CountryCode);
  }
  if (Object.keys(set).length === 0) throw invalidField('(root)', 'name at least one field to change');
  const [row] = await deps.db
    .update(contacts)
    .set({ ...set, updatedAt: deps.clock.now() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)))
    .returning();
  if (!row) throw notFound('Contact');
  return toContactView(row);
}

function checked(key: keyof UpdateContactRequest, value: string, country: CountryCode): string {
  switch (key) {
    case 'email':
      if (!z.email().safeParse(value).success) throw invalidField('email', 'is not an email address');
      return value;
    case 'phone': {
      const phone = normalizePhone(value, country);
      if (!phone.ok) throw invalidField('phone', PHONE_REASONS[phone.reason] ?? 'is not a valid phone number');
      return phone.e164;
    }
    case 'timezone':
      if (!isTimeZone(value)) throw invalidField('timezone', 'is not an IANA time zone such as America/Sao_Paulo');
      return value;
    case 'language':
      try {
        return Intl.getCanonicalLocales(value)[0]!;
      } catch {
        throw invalidField('language', 'is not a language tag such as pt-BR');
      }
    case 'country':
      if (!/^[A-Za-z]{2}$/.test(value)) throw invalidField('country', 'is not a two-letter country code such as BR');
      return value.toUpperCase();
    default:
      return value;
  }
}
