import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedContacts } from '../../../testing/contacts';
import { readXlsx, startWorld, xlsx, type World } from '../../../testing/campaign-wizard';
import { zip } from '../../../testing/zip-files';

let w: World;
let contacts: string[];
beforeAll(async () => {
  w = await startWorld();
  contacts = await seedContacts(w.t.rt.deps.db, w.ws, w.t.clock.now(), [
    { firstName: 'Ana', lastName: 'Lima', phone: '+5511987650001', tags: ['vip'] },
    { firstName: 'Bia', phone: '+5511987650002', tags: ['vip'] },
    { firstName: 'Caio', phone: '+5511987650003' },
    { firstName: 'Olga', phone: '+5511987650004', tags: ['vip'], status: 'archived' },
  ]);
});
afterAll(() => w?.close());

const rowsOf = async (id: string, query = 'pageSize=100') => {
  const res = await w.call('GET', `/campaigns/${id}/audience?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: Array<{ rowNo: number; phone: string; name: string; contactId: string | null; cells: Record<string, string> | null }>;
    total: number;
  };
};
const fileError = (res: { statusCode: number; json(): { error: { message: string; issues?: Array<{ field: string }> } } }) => {
  expect(res.statusCode).toBe(400);
  return res.json().error;
};

/** A zip holding a workbook and a sheet that inflates 20 MB of zeros from ~20 KB: a (small) zip bomb. */
const zipBomb = (): Buffer =>
  zip([
    { name: 'xl/workbook.xml', data: Buffer.from('<workbook/>') },
    { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(20_000_000, 0x20) },
  ]);

describe('audience from a file', () => {
  it('stores every row of an .xlsx with its cells, finding the phone and name columns by header', async () => {
    const id = await w.draft();
    const file = await xlsx(
      [{ header: 'Nome' }, { header: 'Telefone' }, { header: 'Code' }],
      [
        ['Ana Lima', '+55 11 98765-0001', 'A1'],
        ['Bruno', '(11) 98765-0009', 'B2'],
      ],
    );
    const res = await w.upload(id, file, { query: 'fileName=list.xlsx' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 2, phoneColumn: 'Telefone', nameColumn: 'Nome', columns: ['Nome', 'Telefone', 'Code'] });
    const { items, total } = await rowsOf(id);
    expect(total).toBe(2);
    expect(items[1]).toMatchObject({ rowNo: 2, phone: '(11) 98765-0009', name: 'Bruno', contactId: null, cells: { Code: 'B2' } });
    const d = (await w.call('GET', `/campaigns/${id}/draft`)).json();
    expect(d.audience).toMatchObject({ source: 'file', rows: 2, file: { fileName: 'list.xlsx', phoneColumn: 'Telefone' } });
  });

  it('takes a CSV (; separated) and ?phoneColumn= when the header says nothing', async () => {
    const id = await w.draft();
    const res = await w.upload(id, 'who;contact\nAna;+5511987650001\n', { query: 'phoneColumn=contact' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().phoneColumn).toBe('contact');
    const missing = await w.upload(id, 'who;contact\nAna;+5511987650001\n', { query: 'phoneColumn=mobile' });
    expect(fileError(missing).issues?.[0]?.field).toBe('query.phoneColumn');
  });

  it('refuses what is not a spreadsheet, without a phone column, a zip bomb, or too many rows — quickly, leaving the audience as it was', async () => {
    const id = await w.draft();
    expect((await w.upload(id, 'phone\n+5511987650001\n')).statusCode).toBe(200);
    const refusals: Array<[Buffer | string, RegExp, string?]> = [
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]), /not a spreadsheet/, 'application/octet-stream'],
      ['city,email\nRome,a@b.c\n', /no phone column/],
      [zipBomb(), /zip bomb/],
      [`phone\n${Array.from({ length: 100_001 }, (_, i) => `+55119${String(i).padStart(8, '0')}`).join('\n')}\n`, /more than 100,000 rows/],
    ];
    for (const [body, message, type] of refusals) {
      const started = performance.now();
      const res = await w.upload(id, body, { type });
      const ms = performance.now() - started;
      const error = fileError(res);
      expect(error.message).toMatch(message);
      expect(error.issues?.[0]?.field).toBe('file');
      expect(ms, `${message} took ${ms} ms`).toBeLessThan(1000);
    }
    expect((await rowsOf(id)).items.map((r) => r.phone)).toEqual(['+5511987650001']);
    const json = await w.t.app.inject({
      method: 'PUT',
      url: `/api/v1/campaigns/${id}/audience/file`,
      headers: { cookie: w.cookie, 'content-type': 'application/json' },
      payload: { phone: 1 },
    });
    expect(json.statusCode).toBe(415);
  });

  it('refuses an .xlsx with more rows than the configured maximum', async () => {
    const small = await startWorld({ CAMPAIGN_MAX_AUDIENCE_ROWS: '3' });
    try {
      const id = await small.draft();
      const file = await xlsx([{ header: 'phone' }], [['+5511987650001'], ['+5511987650002'], ['+5511987650003'], ['+5511987650004']]);
      expect(fileError(await small.upload(id, file)).message).toMatch(/more than 3 rows/);
      const ok = await xlsx([{ header: 'phone' }], [['+5511987650001'], ['+5511987650002'], ['+5511987650003']]);
      expect((await small.upload(id, ok)).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('audience from customers and segments', () => {
  it('takes picked customers in the order picked, refusing unknown ids by position', async () => {
    const id = await w.draft();
    const res = await w.call('PUT', `/campaigns/${id}/audience/customers`, { contactIds: [contacts[2], contacts[0]] });
    expect(res.statusCode, res.body).toBe(200);
    expect((await rowsOf(id)).items).toMatchObject([
      { rowNo: 1, contactId: contacts[2], name: 'Caio', phone: '+5511987650003' },
      { rowNo: 2, contactId: contacts[0], name: 'Ana Lima' },
    ]);
    const bad = await w.call('PUT', `/campaigns/${id}/audience/customers`, {
      contactIds: [contacts[0], '00000000-0000-4000-8000-000000000000'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toBe('contactIds.1');
    expect((await rowsOf(id)).total).toBe(2);
  });

  it('adds all customers matching the contacts list filter (archived left out)', async () => {
    const id = await w.draft();
    const res = await w.call('PUT', `/campaigns/${id}/audience/customers`, {
      filter: { filter: { match: 'all', conditions: [{ field: 'tags', op: 'contains', value: 'vip' }] } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().rows).toBe(2);
    // Same creation time: the order among them is by id.
    expect((await rowsOf(id)).items.map((r) => r.contactId)).toEqual([contacts[0]!, contacts[1]!].sort());
    const bad = await w.call('PUT', `/campaigns/${id}/audience/customers`, {
      filter: { filter: { match: 'all', conditions: [{ field: 'shoe', op: 'eq', value: 1 }] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].field).toMatch(/^filter\.filter/);
  });

  it('takes a segment, and refuses an unknown one by field', async () => {
    const seg = await w.call('POST', '/segments', { kind: 'static', name: 'Two', contactIds: [contacts[1], contacts[2]] });
    expect(seg.statusCode, seg.body).toBe(201);
    const id = await w.draft();
    const res = await w.call('PUT', `/campaigns/${id}/audience/segment`, { segmentId: seg.json().id });
    expect(res.statusCode, res.body).toBe(200);
    expect(new Set((await rowsOf(id)).items.map((r) => r.contactId))).toEqual(new Set([contacts[1], contacts[2]]));
    expect((await w.call('GET', `/campaigns/${id}/draft`)).json().audience).toMatchObject({
      source: 'segment',
      segmentId: seg.json().id,
      rows: 2,
    });
    const bad = await w.call('PUT', `/campaigns/${id}/audience/segment`, { segmentId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.json().error.issues[0].field).toBe('segmentId');
  });
});

describe('the recipients table', () => {
  it('pages (10–100), deletes a number and adds a customer', async () => {
    const id = await w.draft();
    const csv = `phone\n${Array.from({ length: 25 }, (_, i) => `+55119876510${String(i).padStart(2, '0')}`).join('\n')}\n`;
    expect((await w.upload(id, csv)).statusCode).toBe(200);
    const page2 = await rowsOf(id, 'page=2&pageSize=10');
    expect(page2.items.map((r) => r.rowNo)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    expect((await w.call('GET', `/campaigns/${id}/audience?pageSize=5`)).statusCode).toBe(400);
    expect((await w.call('GET', `/campaigns/${id}/audience?pageSize=101`)).statusCode).toBe(400);
    expect((await w.call('DELETE', `/campaigns/${id}/audience/3`)).statusCode).toBe(204);
    expect((await w.call('DELETE', `/campaigns/${id}/audience/3`)).statusCode).toBe(404);
    const added = await w.call('POST', `/campaigns/${id}/audience`, { contactId: contacts[0] });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json().rowNo).toBe(26);
    expect((await w.call('POST', `/campaigns/${id}/audience`, { contactId: contacts[0] })).statusCode).toBe(409);
    const all = await rowsOf(id);
    expect(all.total).toBe(25);
    expect(all.items.some((r) => r.rowNo === 3)).toBe(false);
    expect(all.items.at(-1)).toMatchObject({ rowNo: 26, contactId: contacts[0], phone: '+5511987650001' });
  });
});

describe('the sample file', () => {
  it('has phone, name and one column per variable of the chosen template, with its examples', async () => {
    const id = await w.draft('Orders', 'headerUrl');
    const res = await w.call('GET', `/campaigns/${id}/audience/sample.xlsx`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const { headers, rows } = await readXlsx(res.rawPayload);
    expect(headers).toEqual(['phone', 'name', 'body_1', 'body_2', 'header_1', 'button_2_url']);
    expect(rows[0]).toMatchObject({ body_1: 'Ana', body_2: '18 May', header_1: '#4821', button_2_url: '4821' });
    expect(String(rows[0]!.phone)).toMatch(/^\+55/);
    // Filled in and uploaded, it maps the variables by itself.
    const filled = await xlsx(
      headers.map((header) => ({ header })),
      [['+5511987650001', 'Ana', 'Ana', 'Monday', '#1', '77']],
    );
    const up = await w.upload(id, filled);
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json().variables).toEqual({
      body: [
        { kind: 'column', column: 'body_1' },
        { kind: 'column', column: 'body_2' },
      ],
      header: { kind: 'column', column: 'header_1' },
      urlButtons: { '1': { kind: 'column', column: 'button_2_url' } },
    });
    const preview = (await w.call('GET', `/campaigns/${id}/preview`)).json();
    expect(preview.message.body).toBe('Hello Ana, it ships on Monday.');
    expect(preview.message.header).toEqual({ format: 'text', text: 'Order #1' });
    expect(preview.message.buttons[1].url).toBe('https://shop.example/o/77');
  });

  it('needs a template', async () => {
    const res = await w.call('POST', '/campaigns', { name: 'No template', channelId: w.channelId });
    const res2 = await w.call('GET', `/campaigns/${res.json().id}/audience/sample.xlsx`);
    expect(res2.statusCode).toBe(400);
    expect(res2.json().error.issues[0].field).toBe('templateId');
  });
});

describe('the preview', () => {
  it('shows the message as a chosen recipient reads it, gaps as {{n}}', async () => {
    const id = await w.draft();
    expect((await w.upload(id, 'phone,name,code\n+5511987650001,Ana,SAVE5\n+5511987650077,Zé,\n')).statusCode).toBe(200);
    const patched = await w.call('PATCH', `/campaigns/${id}`, {
      variables: {
        body: [
          { kind: 'field', field: 'firstName' },
          { kind: 'column', column: 'code' },
        ],
      },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const first = (await w.call('GET', `/campaigns/${id}/preview?rowNo=1`)).json();
    // Row 1's number is the contact Ana Lima: her first name from the contact.
    expect(first).toMatchObject({
      rowNo: 1,
      phone: '+5511987650001',
      missing: [],
      message: { body: 'Hi Ana, your code is SAVE5.', footer: 'Reply STOP to opt out' },
    });
    const second = (await w.call('GET', `/campaigns/${id}/preview?rowNo=2`)).json();
    expect(second.message.body).toBe('Hi Zé, your code is {{2}}.');
    expect(second.missing).toEqual(['Variable {{2}}']);
    expect((await w.call('GET', `/campaigns/${id}/preview?rowNo=9`)).statusCode).toBe(404);
    expect(
      (await w.call('PATCH', `/campaigns/${id}`, { variables: { body: [{ kind: 'column', column: 'nope' }] } })).json().error.issues[0]
        .field,
    ).toBe('variables.body.0.column');
  });
});
