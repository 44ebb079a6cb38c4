// The verdict on one audience row, in the order people read the reasons: the number, a repeat, the contact's own
// state, an open conversation, then the variables. The daily limit comes last, over the rows that pass.
import type { TemplateValues } from '../templates/variables';
import type { LoadedRow } from './audience-batch';
import { resolveValues, type ResolveContext } from './resolve-values';
import { checkValues, valueLabels, type Rejection } from './value-rules';

export interface Verdict {
  e164: string | null;
  contactId: string | null;
  values: TemplateValues | null;
  rejection: Rejection | null;
}

export interface EvaluationState {
  /** E.164 numbers and contact ids already in the audience above this row. */
  phones: Map<string, number>;
  contacts: Map<string, number>;
}

export interface EvaluationRules {
  resolve: ResolveContext;
  /** Opted-out customers are left out of marketing messages. */
  marketing: boolean;
  includeActive: boolean;
}

const PHONE_TEXT: Record<string, string> = {
  empty: 'No phone number',
  invalid: 'Not a valid phone number',
  not_a_number: 'Not a phone number',
  too_long: 'Too many digits for a phone number',
  scientific_notation: 'The number is in Excel scientific notation (like 5.51199E+12): its digits are lost; format the column as text',
};

export function evaluateRow(l: LoadedRow, rules: EvaluationRules, state: EvaluationState): Verdict {
  const reject = (code: Rejection['code'], text: string, e164: string | null = null): Verdict => ({
    e164,
    contactId: l.contact?.id ?? null,
    values: null,
    rejection: { code, text },
  });
  if (!l.phone) return reject('invalid_number', l.contact ? 'The customer has no phone number' : 'No phone number');
  if (!l.phone.ok) {
    return reject(
      l.phone.reason === 'scientific_notation' ? 'scientific_notation' : 'invalid_number',
      PHONE_TEXT[l.phone.reason] ?? 'Not a valid phone number',
    );
  }
  const e164 = l.phone.e164;
  if (!l.phone.isMobile) return reject('not_mobile', `${e164} is not a mobile number`, e164);
  const firstByPhone = state.phones.get(e164);
  const firstByContact = l.contact ? state.contacts.get(l.contact.id) : undefined;
  const first = firstByPhone ?? firstByContact;
  if (first !== undefined) return reject('duplicate', `Already in the audience at row ${first}`, e164);
  state.phones.set(e164, l.row.rowNo);
  if (l.contact) state.contacts.set(l.contact.id, l.row.rowNo);
  if (l.contact?.status === 'archived') return reject('archived', 'The customer is archived', e164);
  if (rules.marketing && l.contact?.optedOutMarketing) return reject('opted_out', 'The customer opted out of marketing messages', e164);
  if (!rules.includeActive && l.activeConversation) {
    return reject('active_conversation', 'The customer is in an active conversation on this number (the campaign leaves them out)', e164);
  }
  const { values, missing } = resolveValues(rules.resolve, {
    cells: l.row.cells ?? null,
    name: l.row.name,
    e164,
    contact: l.contact,
    attributes: l.attributes,
  });
  if (missing.length > 0) return reject('variable_missing', `${missing.join(', ')} ${missing.length > 1 ? 'have' : 'has'} no value`, e164);
  const broken = checkValues(rules.resolve.content, values, valueLabels);
  if (broken) return reject(broken.code, broken.text, e164);
  return { e164, contactId: l.contact?.id ?? null, values, rejection: null };
}
