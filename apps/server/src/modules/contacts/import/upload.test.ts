// Upload, mapping and preview through the HTTP API; the sample file; hostile files refused with a 400.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { readXlsx, startImportWorld, unzip, xlsx, zip, type ImportWorld } from '../../../testing/contact-import';
import { seedContact } from '../../../testing/contacts';
import { contactImportChunks, contactImports } from './tables';

let w: ImportWorld;
beforeAll(async () => {
  w = await startImportWorld();
});
afterAll(() => w?.close());

const fileError = (res: { statusCode: number; json(): { error: { message: string; issues?: Array<{ field: string }> } } }) => {
  expect(res.statusCode).toBe(400);
  const error = res.json().error;
  expect(error.issues?.[0]?.field).toBe('file');
  return error.message;
};

describe('the sample file', () => {
  it('has the standard columns and the workspace’s attributes, and maps onto them by itself', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const res = await w.call('GET', `/contacts/import/sample?format=${format}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-disposition']).toBe(`attachment; filename="contacts-sample.${format}"`);
      const back = await readXlsx(res.rawPayload);
      expect(back.headers).toEqual([
        'Phone',
        'First name',
        'Last name',
        'Email',
        'Gender',
        'Language',
        'Time zone',
        'Location',
        'Country',
        'Tags',
        'Birthday',
        'City',
        'Orders',
        'Plan',
        'VIP',
        'Website',
      ]);
      // The filled-in sample imports as it is: every column mapped, its example row valid.
      const preview = await w.uploaded(res.rawPayload, { fileName: `sample.${format}` });
      expect(Object.values(preview.import.mapping)).not.toContain(null);
      expect(preview.summary).toEqual({ rows: 1, valid: 1, rejected: 0, reasons: {} });
      expect(preview.rows[0]!.values).toMatchObject({ Phone: expect.stringMatching(/^\+55/), Plan: 'Basic', Birthday: '2026-01-31' });
    }
    expect((await w.call('GET', '/contacts/import/sample?format=xls')).json().error.issues[0].field).toBe('query.format');
  });
});

describe('upload and preview', () => {
  it('stores the file with a suggested mapping and previews it whole: errors, duplicates, actions', async () => {
    await seedContact(w.t.rt.deps.db, w.ws, w.t.clock.now(), { firstName: 'Known', phone: '+5511987650001' });
    const file = await xlsx(
      [
        { header: 'Celular' },
        { header: 'Nome' },
        { header: 'E-mail' },
        { header: 'City' },
        { header: 'Orders', type: 'number' },
        { header: 'Notes' },
      ],
      [
        ['11 98765-0001', 'Ana', 'ana@example.com', 'Rome', 3, null],
        ['+55 11 98765-0002', 'Bia', 'not-an-email', 'Milan', null, 'x'],
        ['5.51199E+12', 'Caio', null, null, null, null],
        ['(11) 98765-0002', 'Bia again', null, null, null, null],
        [null, 'Nobody', 'nobody@example.com', null, null, null],
        ['+5511987650005', 'Eva', null, null, 7, null],
      ],
    );
    const preview = await w.uploaded(file, { fileName: 'Fair 2026.xlsx' });
    expect(preview.import).toMatchObject({
      fileName: 'Fair 2026.xlsx',
      format: 'xlsx',
      columns: ['Celular', 'Nome', 'E-mail', 'City', 'Orders', 'Notes'],
      mapping: { Celular: 'phone', Nome: 'firstName', 'E-mail': 'email', City: 'attr.city', Orders: 'attr.orders', Notes: null },
      upsertKey: 'phone',
      sourceLabel: 'Fair 2026',
      status: 'draft',
      progress: { total: 6, processed: 0, inserted: 0, updated: 0, rejected: 0 },
    });
    expect(preview.summary).toEqual({
      rows: 6,
      valid: 2,
      rejected: 4,
      reasons: { invalid_email: 1, scientific_notation: 1, duplicate: 1, missing_key: 1 },
    });
    expect(preview.rows.map((r) => [r.row, r.action, r.errors.map((e) => `${e.code}@${e.column}`)])).toEqual([
      [2, 'update', []],
      [3, null, ['invalid_email@E-mail']],
      [4, null, ['scientific_notation@Celular']],
      [5, null, ['duplicate@null']],
      [6, null, ['missing_key@Celular']],
      [7, 'insert', []],
    ]);
    expect(preview.rows[1]!.values).toEqual({
      Celular: '+55 11 98765-0002',
      Nome: 'Bia',
      'E-mail': 'not-an-email',
      City: 'Milan',
      Orders: null,
      Notes: 'x',
    });
    expect(preview.problems.map((r) => r.row)).toEqual([3, 4, 5, 6]);
    expect(preview.rows[4]!.errors[0]!.message).toBe('has no phone: contacts are found and created by phone');

    // The file is kept, in pieces, until the import ends.
    const chunks = await w.t.rt.deps.db.select().from(contactImportChunks);
    expect(chunks.some((c) => c.importId === preview.import.id)).toBe(true);
  });

  it('reads CSV with a BOM and `;` separators, and previews again on every mapping change', async () => {
    const csv =
      '\uFEFFTelefone;Nome;Email;VIP;Plan\r\n11987650011;Ana;ana@x.com;sim;pro\r\n11987650012;Bia;bia@x.com;maybe;Gold\r\n;Caio;ana@x.com;no;Basic\r\n';
    const preview = await w.uploaded(csv, { fileName: 'people.csv' });
    expect(preview.import).toMatchObject({ format: 'csv', columns: ['Telefone', 'Nome', 'Email', 'VIP', 'Plan'], upsertKey: 'phone' });
    expect(preview.import.mapping).toEqual({ Telefone: 'phone', Nome: 'firstName', Email: 'email', VIP: 'attr.vip', Plan: 'attr.plan' });
    expect(preview.summary).toMatchObject({ rows: 3, valid: 1, rejected: 2 });
    expect(preview.rows[1]!.errors.map((e) => e.message)).toEqual(['"maybe" is not yes or no', '"Gold" is not one of: Basic, Pro']);

    // By email now, without the attributes: Caio's row has the same email as Ana's.
    const byEmail = await w.update(preview.import.id, {
      upsertKey: 'email',
      mapping: { Telefone: 'phone', Nome: 'firstName', Email: 'email' },
      sourceLabel: 'Spring fair',
    });
    expect(byEmail.import).toMatchObject({ upsertKey: 'email', sourceLabel: 'Spring fair', mapping: { VIP: null, Plan: null } });
    expect(byEmail.summary).toEqual({ rows: 3, valid: 2, rejected: 1, reasons: { duplicate: 1 } });
    expect(byEmail.rows[2]!.errors[0]!.message).toBe('has the same email as row 2: only the first is imported');
  });

  it('takes a file whose key column it cannot tell, showing every row without its key until one is mapped', async () => {
    const preview = await w.uploaded('contato;nome\n11987650091;Ana\n11987650092;Bia\n');
    expect(preview.import).toMatchObject({ mapping: { contato: null, nome: 'firstName' }, upsertKey: 'phone' });
    expect(preview.summary).toEqual({ rows: 2, valid: 0, rejected: 2, reasons: { missing_key: 2 } });
    expect(preview.rows[0]!.errors).toEqual([
      { code: 'missing_key', column: null, message: 'has no phone: contacts are found and created by phone' },
    ]);
    expect((await w.call('POST', `/contacts/import/${preview.import.id}/start`)).json().error.issues[0].field).toBe('upsertKey');
    const mapped = await w.update(preview.import.id, { mapping: { contato: 'phone', nome: 'firstName' } });
    expect(mapped.summary).toEqual({ rows: 2, valid: 2, rejected: 0, reasons: {} });
  });

  it('refuses a bad mapping, key or label with a 400 naming the field', async () => {
    const { import: imp } = await w.uploaded('phone,name\n11987650021,Ana\n');
    const bad = async (body: object, field: string, message: RegExp) => {
      const res = await w.call('PUT', `/contacts/import/${imp.id}`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.issues[0].field).toBe(field);
      expect(res.json().error.message).toMatch(message);
    };
    await bad({ mapping: { phone: 'phone', name: 'attr.missing' } }, 'mapping.name', /"missing" is not a defined attribute/);
    await bad({ mapping: { phone: 'phone', name: 'phone' } }, 'mapping.name', /already filled from column "phone"/);
    await bad({ mapping: { phone: 'nickname' } }, 'mapping.phone', /must be a contact field/);
    await bad({ mapping: { Mobile: 'phone' } }, 'mapping.Mobile', /the file has no column "Mobile"/);
    await bad({ upsertKey: 'email' }, 'upsertKey', /no column is mapped to email/);
    await bad({ sourceLabel: '   ' }, 'sourceLabel', /must not be empty/);
    await bad({ sourceLabel: 'x'.repeat(61) }, 'sourceLabel', /at most 60/);
    expect((await w.call('PUT', `/contacts/import/${imp.id}`, { previewRows: 0 })).statusCode).toBe(400);
    expect((await w.call('GET', '/contacts/import/not-a-uuid')).json().error.issues[0].field).toBe('params.id');
    expect((await w.call('GET', `/contacts/import/00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
  });

  it('keeps a file of several megabytes in pieces and reads it back whole for the next preview', async () => {
    const notes = 'x'.repeat(1000);
    const csv = `phone,name,notes\n${Array.from({ length: 3000 }, (_, i) => `+55119877${String(i).padStart(5, '0')},P${i},${notes}`).join('\n')}\n`;
    const { import: imp } = await w.uploaded(csv, { fileName: 'big.csv' });
    const pieces = await w.t.rt.deps.db.select().from(contactImportChunks).where(eq(contactImportChunks.importId, imp.id));
    expect(pieces.map((p) => p.seq).sort()).toEqual([0, 1, 2]);
    expect(Buffer.concat(pieces.sort((a, b) => a.seq - b.seq).map((p) => p.bytes)).equals(Buffer.from(csv))).toBe(true);
    const again = await w.update(imp.id, { previewRows: 1 });
    expect(again.summary).toEqual({ rows: 3000, valid: 3000, rejected: 0, reasons: {} });
    expect(again.rows).toHaveLength(1);
  });

  it('an abandoned or cancelled draft loses its file', async () => {
    const { import: imp } = await w.uploaded('phone\n11987650031\n');
    expect((await w.call('DELETE', `/contacts/import/${imp.id}`)).statusCode).toBe(204);
    expect((await w.call('GET', `/contacts/import/${imp.id}`)).json().status).toBe('cancelled');
    const chunks = await w.t.rt.deps.db.select().from(contactImportChunks);
    expect(chunks.some((c) => c.importId === imp.id)).toBe(false);
    expect((await w.call('PUT', `/contacts/import/${imp.id}`, { sourceLabel: 'x' })).statusCode).toBe(409);
    expect((await w.call('POST', `/contacts/import/${imp.id}/start`)).statusCode).toBe(409);
  });

  it('reads a formula’s saved result, never evaluates it', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('People');
    sheet.addRow(['Phone', 'Name']);
    sheet.addRow([
      { formula: '"+55"&"11987650041"', result: '+5511987650041' },
      { formula: 'HYPERLINK("http://evil.test","Ana")', result: 'Ana' },
    ]);
    const preview = await w.uploaded(Buffer.from(await book.xlsx.writeBuffer()));
    expect(preview.rows[0]).toMatchObject({ values: { Phone: '+5511987650041', Name: 'Ana' }, errors: [], action: 'insert' });
  });
});

describe('hostile files are refused with a clear 400, before they are stored', () => {
  const workbook = { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') };

  it('a zip bomb, a lying zip, an encrypted entry, thousands of entries, a text table too big to hold', async () => {
    expect(fileError(await w.upload(zip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30_000_000, 0x20) }])))).toMatch(
      /zip bomb/,
    );
    expect(
      fileError(await w.upload(zip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(400_000, 0x41), declare: 1000 }]))),
    ).toMatch(/larger than its declared size/);
    expect(fileError(await w.upload(zip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('x'), flags: 1 }])))).toMatch(
      /encrypted/,
    );
    const crowded = zip([workbook, ...Array.from({ length: 3000 }, (_, i) => ({ name: `xl/media/${i}.xml`, data: Buffer.from('x') }))]);
    expect(fileError(await w.upload(crowded))).toMatch(/3001 parts \(at most 1000\)/);
    // A text table declared at 120 MB (it is held in memory while the sheet is read).
    const strings = { name: 'xl/sharedStrings.xml', data: randomBytes(700_000), declare: 120_000_000 };
    expect(fileError(await w.upload(zip([workbook, strings])))).toMatch(/text table is 120 MB \(at most 100 MB\)/);
  });

  it('a shared-strings bomb: one long string used by thousands of cells', async () => {
    const long = randomBytes(30_000).toString('base64'); // 40,000 characters, incompressible
    const cells = Array.from({ length: 12_000 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}" t="s"><v>1</v></c></row>`).join('');
    const parts = unzip(await xlsx([{ header: 'Phone' }], [['+5511987650061']])).map((e) =>
      e.name.startsWith('xl/worksheets/')
        ? {
            ...e,
            data: Buffer.from(
              e.data
                .toString()
                .replace(/<sheetData>.*<\/sheetData>/s, `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row>${cells}</sheetData>`),
            ),
          }
        : e,
    );
    const sst = {
      name: 'xl/sharedStrings.xml',
      data: Buffer.from(`<sst count="2" uniqueCount="2"><si><t>Phone</t></si><si><t>${long}</t></si></sst>`),
    };
    const started = performance.now();
    expect(fileError(await w.upload(zip([sst, ...parts])))).toMatch(/Cell A2 holds more than 32,767 characters, Excel's limit/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('an old or renamed .xls, a binary file, a Latin-1 CSV, an empty file', async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]);
    expect(fileError(await w.upload(ole, { fileName: 'contacts.xls' }))).toMatch(/Excel 97–2003.*encrypted/);
    expect(fileError(await w.upload('phone,name\n1,2\n', { fileName: 'contacts.xlsx', type: 'application/octet-stream' }))).toMatch(
      /named contacts.xlsx but is not an Excel workbook/,
    );
    expect(fileError(await w.upload(Buffer.from([1, 2, 0, 3, 4]), { type: 'application/octet-stream' }))).toMatch(/not a spreadsheet/);
    expect(fileError(await w.upload(Buffer.from('nome;cidade\nJos\xe9;S\xe3o Paulo\n', 'latin1'), { type: 'text/csv' }))).toMatch(
      /not UTF-8/,
    );
    expect(fileError(await w.upload('phone,name\n'))).toMatch(/no rows of data/);
    const empty = await w.upload(Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
  });

  it('a sheet of a million rows, counted before it is parsed', async () => {
    const rows = Array.from({ length: 1_000_001 }, (_, i) => `<row r="${i + 1}"/>`).join('');
    const big = zip([
      workbook,
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(`<worksheet><sheetData>${rows}</sheetData></worksheet>`) },
    ]);
    const started = performance.now();
    expect(fileError(await w.upload(big))).toMatch(/more than 100,000 rows of data|zip bomb/);
    expect(performance.now() - started).toBeLessThan(10_000);
    const csv = `phone\n${'11987650000\n'.repeat(100_001)}`;
    expect(fileError(await w.upload(csv))).toMatch(/more than 100,000 rows of data/);
  });

  it('XML with an external entity (XXE) is refused, not resolved', async () => {
    const good = await xlsx([{ header: 'Phone' }, { header: 'Name' }], [['+5511987650051', 'Ana']]);
    const parts = unzip(good).map((e) => {
      if (!e.name.startsWith('xl/worksheets/')) return e;
      const xml = e.data
        .toString('utf8')
        .replace('<worksheet', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><worksheet')
        .replace('>Ana<', '>&xxe;<');
      return { ...e, data: Buffer.from(xml) };
    });
    expect(fileError(await w.upload(zip(parts)))).toMatch(/could not be read as an Excel workbook/);
  });

  it('stores nothing for a refused file', async () => {
    const before = (await w.t.rt.deps.db.select().from(contactImports)).length;
    await w.upload(zip([workbook, { name: 'xl/worksheets/sheet1.xml', data: Buffer.from('x'), flags: 1 }]));
    expect((await w.t.rt.deps.db.select().from(contactImports)).length).toBe(before);
  });
});
