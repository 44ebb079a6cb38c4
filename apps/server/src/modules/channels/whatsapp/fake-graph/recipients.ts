import { reject, type Obj } from './checks';

/**
 * Recipient addressing (§5.1, §2.1, §5.3): a phone number in `to` (digits, optional leading '+'), or a
 * business-scoped user id in `recipient` (`CC.<digits>`, sent from 2026 on).
 */
export type Recipient = { kind: 'phone'; input: string; digits: string } | { kind: 'bsuid'; input: string; userId: string };

const PHONE = /^\+?\d{5,20}$/;
const BSUID = /^[A-Z]{2}\.\d+$/;

export function parseRecipient(body: Obj): Recipient {
  const to = body.to;
  const recipient = body.recipient;
  // `to` wins when both are given: it is the long-standing field and Meta documents `recipient` as its alternative.
  if (to !== undefined && to !== null) {
    if (typeof to !== 'string') reject(100, 'Param to must be a string.');
    if (to === '') reject(131008, 'The parameter to is required.');
    if (!PHONE.test(to))
      reject(131009, `Param to must be a phone number: digits with an optional leading '+', 5 to 20 digits - got "${to}".`);
    return { kind: 'phone', input: to, digits: to.replace(/^\+/, '') };
  }
  if (recipient !== undefined && recipient !== null) {
    if (typeof recipient !== 'string') reject(100, 'Param recipient must be a string.');
    if (!BSUID.test(recipient))
      reject(131009, `Param recipient must be a business-scoped user ID like "US.1349120865530274" - got "${recipient}".`);
    return { kind: 'bsuid', input: recipient, userId: recipient };
  }
  return reject(131008, 'The parameter to is required.');
}

/** A Brazilian mobile written with the 9th digit: 55 + 2-digit area code + 9 + 8 digits. */
const BR_MOBILE_WITH_NINE = /^55(\d{2})9(\d{8})$/;

/** Legacy form of a Brazilian mobile (without the 9th digit), or undefined when the number is not one. */
export function brazilLegacyForm(digits: string): string | undefined {
  const m = BR_MOBILE_WITH_NINE.exec(digits);
  return m ? `55${m[1]}${m[2]}` : undefined;
}

/**
 * Which Brazilian accounts are "legacy" (registered before the 9th digit and still keyed without it,
 * Chatwoot issue #5840). `'all'` is the simple rule: every Brazilian mobile sent with the 9 answers a
 * wa_id without it. A set lists the accounts individually, in either form.
 */
export type LegacyBrazil = 'all' | ReadonlySet<string>;

export function legacyBrazilSet(input: Iterable<string> | 'all' | undefined): 'all' | Set<string> {
  if (input === 'all') return 'all';
  const set = new Set<string>();
  for (const n of input ?? []) {
    const digits = n.replace(/^\+/, '');
    set.add(brazilLegacyForm(digits) ?? digits);
  }
  return set;
}

/** The canonical wa_id Meta answers for a phone `to`: digits only, legacy Brazilian accounts without the 9. */
export function waIdFor(digits: string, legacy: LegacyBrazil): string {
  const legacyForm = brazilLegacyForm(digits);
  if (legacyForm && (legacy === 'all' || legacy.has(legacyForm))) return legacyForm;
  return digits;
}
