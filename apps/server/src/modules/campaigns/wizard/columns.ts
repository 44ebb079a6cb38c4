// Which column of an uploaded file holds the phone number and which the name, told from the headers as people
// write them (English, Portuguese, Spanish, Italian…), and the sample file's variable columns found again.
import type { CampaignVariables, VariableSource } from '@parley/contracts';
import { invalidField } from '../../../platform/errors';
import { spreadsheetError } from '../../../platform/excel';
import type { TemplateSlots } from '../templates/variables';

const key = (header: string) =>
  header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const PHONE_EXACT = [
  'phone',
  'phonenumber',
  'phoneno',
  'telephone',
  'telefone',
  'telefono',
  'tel',
  'fone',
  'mobile',
  'mobilephone',
  'mobilenumber',
  'cell',
  'cellphone',
  'celular',
  'cellulare',
  'whatsapp',
  'whatsappnumber',
  'numerowhatsapp',
  'msisdn',
  'number',
  'numero',
  'contactnumber',
];
const PHONE_PART = ['phone', 'whatsapp', 'telefon', 'celular', 'mobile', 'msisdn', 'numero'];
const NAME_EXACT = [
  'name',
  'nome',
  'nombre',
  'fullname',
  'nomecompleto',
  'customername',
  'contactname',
  'cliente',
  'customer',
  'firstname',
];

export function phoneColumnOf(headers: readonly string[], asked: string | undefined): string {
  if (asked !== undefined) {
    const found = headers.find((h) => h === asked) ?? headers.find((h) => key(h) === key(asked));
    if (!found) throw invalidField('query.phoneColumn', `the file has no column "${asked}" (it has ${list(headers)})`);
    return found;
  }
  const keys = headers.map(key);
  for (const wanted of PHONE_EXACT) {
    const i = keys.indexOf(wanted);
    if (i >= 0) return headers[i]!;
  }
  const i = keys.findIndex((k) => PHONE_PART.some((part) => k.includes(part)));
  if (i >= 0) return headers[i]!;
  throw spreadsheetError(
    `The file has no phone column: name one "phone" (or telefone, mobile, whatsapp…) or say which with ?phoneColumn=. Its columns: ${list(headers)}`,
  );
}

export function nameColumnOf(headers: readonly string[], phoneColumn: string): string | undefined {
  const keys = headers.map(key);
  for (const wanted of NAME_EXACT) {
    const i = keys.indexOf(wanted);
    if (i >= 0 && headers[i] !== phoneColumn) return headers[i];
  }
  return undefined;
}

const list = (headers: readonly string[]) => headers.map((h) => `"${h}"`).join(', ');

/** The sample file's column names for a template's variables. */
export const sampleColumns = {
  body: (n: number) => `body_${n}`,
  header: 'header_1',
  url: (index: number) => `button_${index + 1}_url`,
};

/**
 * Variables still unmapped take the file's column of the same name as the sample file's (body_1, header_1,
 * button_1_url; also var1 / variable1 / param1 for the body), so a filled-in sample needs no mapping at all.
 */
export function mapSampleColumns(
  headers: readonly string[],
  slots: TemplateSlots,
  current: CampaignVariables | null,
): CampaignVariables | null {
  const byKey = new Map(headers.map((h) => [key(h), h]));
  const column = (...names: string[]): VariableSource | undefined => {
    for (const n of names) {
      const h = byKey.get(key(n));
      if (h) return { kind: 'column', column: h };
    }
    return undefined;
  };
  const next: CampaignVariables = {
    body: [...(current?.body ?? [])],
    header: current?.header,
    urlButtons: { ...(current?.urlButtons ?? {}) },
  };
  let changed = false;
  for (let i = 0; i < slots.body; i++) {
    if (next.body[i]) continue;
    const n = i + 1;
    const found = column(sampleColumns.body(n), `var${n}`, `variable${n}`, `param${n}`);
    // The body list is positional: stop at the first gap rather than shift later variables.
    if (!found) break;
    next.body[i] = found;
    changed = true;
  }
  if (slots.header && !next.header) {
    const found = column(sampleColumns.header, 'header');
    if (found) {
      next.header = found;
      changed = true;
    }
  }
  for (const index of slots.urlButtons) {
    if (next.urlButtons[String(index)]) continue;
    const found = column(sampleColumns.url(index));
    if (found) {
      next.urlButtons[String(index)] = found;
      changed = true;
    }
  }
  return changed ? next : null;
}
