// Which contact field or attribute each column of an uploaded file fills, told from its header as people write it
// (English, Portuguese, Spanish, Italian…). The user reviews the suggestion before anything is imported.
import type { ContactImportField, ContactImportMapping } from '@parley/contracts';
import { headerKey } from '../../../platform/excel';

/** The header each field has in the sample file and in the contacts export, so both import without any mapping. */
export const FIELD_HEADERS: Record<ContactImportField, string> = {
  phone: 'Phone',
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  gender: 'Gender',
  language: 'Language',
  timezone: 'Time zone',
  location: 'Location',
  country: 'Country',
  tags: 'Tags',
};

/** Header keys (see headerKey) that name a field. A lone "name" fills the first name (names are never split). */
const ALIASES: Record<ContactImportField, readonly string[]> = {
  phone: [
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
    'mobileno',
    'cell',
    'cellphone',
    'celular',
    'cellulare',
    'movil',
    'whatsapp',
    'whatsappnumber',
    'numerowhatsapp',
    'msisdn',
    'number',
    'numero',
    'contactnumber',
  ],
  email: ['email', 'emailaddress', 'mail', 'correo', 'correoelectronico', 'enderecodeemail'],
  firstName: [
    'firstname',
    'first',
    'givenname',
    'forename',
    'primeironome',
    'nombre',
    'name',
    'fullname',
    'nome',
    'nomecompleto',
    'customername',
    'contactname',
    'cliente',
    'customer',
  ],
  lastName: ['lastname', 'last', 'surname', 'familyname', 'sobrenome', 'apellido', 'apellidos', 'cognome'],
  gender: ['gender', 'sex', 'sexo', 'genero', 'sesso'],
  language: ['language', 'lang', 'locale', 'idioma', 'lingua'],
  timezone: ['timezone', 'tz', 'fusohorario', 'zonahoraria'],
  location: ['location', 'city', 'cidade', 'ciudad', 'citta', 'town', 'region'],
  country: ['country', 'pais', 'paese', 'countrycode'],
  tags: ['tags', 'tag', 'labels', 'etiquetas', 'etiqueta'],
};

/** When no header names the phone or email exactly, one that contains these does ("Mobile (WhatsApp)"). */
const PARTIAL: Partial<Record<ContactImportField, readonly string[]>> = {
  phone: ['phone', 'whatsapp', 'telefon', 'celular', 'mobile', 'msisdn'],
  email: ['email'],
};

export interface AttributeRef {
  key: string;
  label: string;
}

/**
 * The suggested mapping: a header equal to a field's own header ("Phone", "First name") takes that field; then a
 * header equal to a custom attribute's key or label takes the attribute; then aliases; then, for phone and email,
 * a header containing a telling word. Each target goes to the first column that claims it; the rest map to null.
 */
export function suggestMapping(headers: readonly string[], attributes: readonly AttributeRef[]): ContactImportMapping {
  const keys = headers.map(headerKey);
  const mapping: ContactImportMapping = Object.fromEntries(headers.map((h) => [h, null]));
  const taken = new Set<string>();
  const claim = (i: number, target: string) => {
    if (i < 0 || mapping[headers[i]!] !== null || taken.has(target)) return;
    mapping[headers[i]!] = target;
    taken.add(target);
  };
  const fields = Object.keys(FIELD_HEADERS) as ContactImportField[];
  for (const f of fields) claim(keys.indexOf(headerKey(FIELD_HEADERS[f])), f);
  for (const a of attributes) {
    claim(keys.indexOf(headerKey(a.key)), `attr.${a.key}`);
    claim(keys.indexOf(headerKey(a.label)), `attr.${a.key}`);
    // "Email (email)": how the sample file and the export name an attribute whose label is a field's header.
    claim(
      headers.findIndex((h) => h.endsWith(` (${a.key})`)),
      `attr.${a.key}`,
    );
  }
  for (const f of fields) {
    for (const alias of ALIASES[f])
      claim(
        firstFree(keys, mapping, headers, (k) => k === headerKey(alias)),
        f,
      );
  }
  for (const [f, parts] of Object.entries(PARTIAL)) {
    claim(
      firstFree(keys, mapping, headers, (k) => parts.some((p) => k.includes(p))),
      f,
    );
  }
  return mapping;
}

function firstFree(keys: string[], mapping: ContactImportMapping, headers: readonly string[], test: (key: string) => boolean): number {
  return keys.findIndex((k, i) => mapping[headers[i]!] === null && test(k));
}
