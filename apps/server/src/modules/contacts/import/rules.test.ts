// The import's pure rules: the suggested mapping, cells read as field and attribute values, duplicates.
import { describe, expect, it } from 'vitest';
import type { AttributeDefinitionRow } from '../attributes';
import { readAttribute, readCountry, readEmail, readLanguage, readPhone, readTags } from './cell-values';
import { cellsOf, checkRow, compileRules, DuplicateFinder, type CheckedRow } from './row-rules';
import { suggestMapping } from './suggest-mapping';

const at = new Date('2026-01-01T00:00:00Z');
const def = (
  key: string,
  label: string,
  type: AttributeDefinitionRow['type'],
  options: string[] | null = null,
): AttributeDefinitionRow => ({
  workspaceId: '00000000-0000-0000-0000-000000000001',
  key,
  label,
  type,
  options,
  agentEditable: false,
  topProperty: false,
  createdAt: at,
  updatedAt: at,
});
const attributes = [
  def('city', 'City', 'text'),
  def('orders', 'Orders', 'number'),
  def('email', 'Email', 'text'),
  def('plan', 'Plan', 'list', ['Basic', 'Pro']),
];

describe('the suggested mapping', () => {
  it('knows phone, name and email columns by their aliases, in several languages', () => {
    expect(suggestMapping(['Celular', 'Nome', 'E-mail', 'Sobrenome', 'Idioma', 'País', 'Etiquetas'], [])).toEqual({
      Celular: 'phone',
      Nome: 'firstName',
      'E-mail': 'email',
      Sobrenome: 'lastName',
      Idioma: 'language',
      País: 'country',
      Etiquetas: 'tags',
    });
    expect(suggestMapping(['WhatsApp number', 'Full name', 'mail'], [])).toEqual({
      'WhatsApp number': 'phone',
      'Full name': 'firstName',
      mail: 'email',
    });
    expect(suggestMapping(['Telefone', 'Mobile (work)'], [])).toEqual({ Telefone: 'phone', 'Mobile (work)': null });
    expect(suggestMapping(['Mobile (WhatsApp)', 'Contact e-mail address'], [])).toEqual({
      'Mobile (WhatsApp)': 'phone',
      'Contact e-mail address': 'email',
    });
  });

  it('prefers the exact field header, then attributes by key or label, and gives each target one column', () => {
    // "First name" beats "Name"; "City" is the city attribute, not the location field; "Email" is the field.
    expect(suggestMapping(['Name', 'First name', 'City', 'Email', 'orders', 'Email (email)', 'Number', 'Phone'], attributes)).toEqual({
      Name: null,
      'First name': 'firstName',
      City: 'attr.city',
      Email: 'email',
      orders: 'attr.orders',
      'Email (email)': 'attr.email',
      Number: null,
      Phone: 'phone',
    });
    expect(suggestMapping(['Notes', 'Column C'], attributes)).toEqual({ Notes: null, 'Column C': null });
  });
});

describe('cells read as values', () => {
  it('phones: E.164 in the default country, digits alone read as international, scientific notation refused', () => {
    expect(readPhone('(11) 98765-4321', 'BR')).toEqual({ ok: true, value: '+5511987654321' });
    expect(readPhone('+1 415 555 0100', 'BR')).toEqual({ ok: true, value: '+14155550100' });
    // An .xlsx number cell keeps every digit, even when Excel shows it as 5.51199E+12.
    expect(readPhone(5511987654321, 'BR')).toEqual({ ok: true, value: '+5511987654321' });
    expect(readPhone(14155550100, 'BR')).toEqual({ ok: true, value: '+14155550100' });
    expect(readPhone('14155550100', 'BR')).toEqual({ ok: true, value: '+14155550100' });
    const text = readPhone('5.51199E+12', 'BR');
    expect(text).toMatchObject({ ok: false, problem: { code: 'scientific_notation' } });
    expect(!text.ok && text.problem.message).toMatch(/"5.51199E\+12" is in scientific notation: its last digits are lost/);
    // What Excel saves after reading "5.51199E+12" back: a whole number that lost its last digits.
    const rounded = readPhone(5511990000000, 'BR');
    expect(rounded).toMatchObject({ ok: false, problem: { code: 'scientific_notation' } });
    expect(!rounded.ok && rounded.problem.message).toMatch(/5511990000000 looks rounded from scientific notation \(5\.51199E\+12\)/);
    expect(readPhone('12345', 'BR')).toMatchObject({ ok: false, problem: { code: 'invalid_phone' } });
    expect(readPhone(55.5, 'BR')).toMatchObject({ ok: false, problem: { code: 'invalid_phone' } });
    expect(readPhone(true, 'BR')).toMatchObject({ ok: false, problem: { code: 'invalid_phone' } });
  });

  it('emails, languages, countries and tags', () => {
    expect(readEmail(' Ana@Example.com ')).toEqual({ ok: true, value: 'Ana@Example.com' });
    for (const bad of ['ana@', 'ana example.com', 'a@b', '<a@b.co>'])
      expect(readEmail(bad)).toMatchObject({ ok: false, problem: { code: 'invalid_email' } });
    expect(readLanguage('pt_br')).toEqual({ ok: true, value: 'pt-BR' });
    expect(readLanguage('Portuguese!')).toMatchObject({ ok: false });
    expect(readCountry('br')).toEqual({ ok: true, value: 'BR' });
    expect(readCountry('XX')).toMatchObject({ ok: false });
    expect(readTags('vip; fair 2026, vip')).toEqual({ ok: true, value: ['vip', 'fair 2026'] });
    expect(readTags('x'.repeat(61))).toMatchObject({ ok: false });
  });

  it('attributes by type, with the API’s own checks', () => {
    expect(readAttribute(def('n', 'N', 'number'), '4,5')).toMatchObject({ ok: true, value: { valueNumber: 4.5 } });
    expect(readAttribute(def('n', 'N', 'number'), 'lots')).toMatchObject({ ok: false, problem: { message: '"lots" is not a number' } });
    expect(readAttribute(def('d', 'D', 'date'), new Date('1990-04-02T00:00:00Z'))).toMatchObject({
      ok: true,
      value: { valueDate: '1990-04-02' },
    });
    expect(readAttribute(def('d', 'D', 'date'), '1990-02-30')).toMatchObject({
      ok: false,
      problem: { message: 'must be a date as YYYY-MM-DD' },
    });
    expect(readAttribute(def('d', 'D', 'date'), '02/04/1990')).toMatchObject({ ok: false });
    expect(readAttribute(def('b', 'B', 'boolean'), 'Sim')).toMatchObject({ ok: true, value: { valueBool: true } });
    expect(readAttribute(def('b', 'B', 'boolean'), 'maybe')).toMatchObject({ ok: false });
    expect(readAttribute(def('l', 'L', 'list', ['Basic', 'Pro']), 'pro')).toMatchObject({ ok: true, value: { valueText: 'Pro' } });
    expect(readAttribute(def('l', 'L', 'list', ['Basic', 'Pro']), 'Gold')).toMatchObject({
      ok: false,
      problem: { message: '"Gold" is not one of: Basic, Pro' },
    });
    expect(readAttribute(def('u', 'U', 'url'), 'javascript:alert(1)')).toMatchObject({ ok: false });
    expect(readAttribute(def('t', 'T', 'text'), 'x'.repeat(1001))).toMatchObject({ ok: false });
  });
});

describe('rows', () => {
  const rules = compileRules(
    {
      mapping: { Phone: 'phone', Name: 'firstName', Mail: 'email', Orders: 'attr.orders', Notes: null },
      upsertKey: 'phone',
      columns: ['Phone', 'Name', 'Mail', 'Orders', 'Notes'],
      country: 'BR',
    },
    attributes,
  );
  const row = (n: number, values: Record<string, string | number | null>) => checkRow(rules, { row: n, values, raw: {} });

  it('collect every problem of a row, the missing key first, and leave empty cells out', () => {
    const ok = row(2, { Phone: '11987654321', Name: 'Ana', Mail: null, Orders: 3, Notes: '=1+1' });
    expect(ok).toMatchObject({ errors: [], key: '+5511987654321', fields: { phone: '+5511987654321', firstName: 'Ana' } });
    expect(ok.fields).not.toHaveProperty('email');
    expect(ok.attributes).toEqual([{ key: 'orders', value: { valueText: null, valueNumber: 3, valueDate: null, valueBool: null } }]);
    expect(cellsOf(ok)).toEqual({ Phone: '11987654321', Name: 'Ana', Orders: '3', Notes: '=1+1' });
    const bad = row(3, { Phone: null, Name: 'Bo', Mail: 'bo@', Orders: 'many', Notes: null });
    expect(bad.errors.map((e) => [e.code, e.column])).toEqual([
      ['missing_key', 'Phone'],
      ['invalid_email', 'Mail'],
      ['invalid_value', 'Orders'],
    ]);
  });

  it('flag later rows with the same key (however it is written), the first row claiming it even when rejected', () => {
    const finder = new DuplicateFinder('phone');
    const rows: CheckedRow[] = [
      row(2, { Phone: '+5511987654321', Name: null, Mail: 'x@', Orders: null, Notes: null }),
      row(3, { Phone: '+55 11 98765-4321', Name: null, Mail: null, Orders: null, Notes: null }),
      row(4, { Phone: '011 98765 4321', Name: null, Mail: null, Orders: null, Notes: null }),
      row(5, { Phone: '+5511912345678', Name: null, Mail: null, Orders: null, Notes: null }),
    ];
    rows.forEach((r) => finder.check(r));
    expect(rows.map((r) => r.errors.map((e) => e.code))).toEqual([['invalid_email'], ['duplicate'], ['duplicate'], []]);
    expect(rows[1]!.errors[0]!.message).toBe('has the same phone number as row 2: only the first is imported');
    const byEmail = new DuplicateFinder('email');
    const a: CheckedRow = { ...rows[3]!, errors: [], key: 'Ana@X.com' };
    const b: CheckedRow = { ...rows[3]!, row: 9, errors: [], key: 'ana@x.com' };
    byEmail.check(a);
    byEmail.check(b);
    expect(b.errors[0]!.message).toBe('has the same email as row 5: only the first is imported');
  });

  it('refuse a mapping that names no column, repeats a target, or leaves the key unmapped', () => {
    const input = { upsertKey: 'phone' as const, columns: ['Phone', 'Name'], country: 'BR' as const };
    expect(() => compileRules({ ...input, mapping: { Telephone: 'phone' } }, [])).toThrow(
      /mapping.Telephone: the file has no column "Telephone"/,
    );
    expect(() => compileRules({ ...input, mapping: { Phone: 'phone', Name: 'phone' } }, [])).toThrow(
      /mapping.Name: phone is already filled from column "Phone"/,
    );
    expect(() => compileRules({ ...input, mapping: { Phone: 'phone', Name: 'attr.nope' } }, [])).toThrow(
      /"nope" is not a defined attribute/,
    );
    expect(() => compileRules({ ...input, mapping: { Name: 'firstName' } }, [])).toThrow(
      /upsertKey: no column is mapped to phone: map one, or import by email/,
    );
  });
});
