// The import job: upserts by phone and by email, attributes, rows rejected whole, progress, the rejected-rows file,
// idempotent re-runs, cancel, and the sweep.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../identity/tables';
import { readXlsx, runImportJobs, startImportWorld, xlsx, type ImportWorld } from '../../../testing/contact-import';
import { seedAttributeValues, seedContact } from '../../../testing/contacts';
import { contactAttributeValues, contacts } from '../tables';
import { sweepImports } from './cancel-import';
import { contactImportData } from './contact-data';
import { runImport } from './run-import';
import { contactImportChunks, contactImportRejects, contactImports } from './tables';

let w: ImportWorld;
const db = () => w.t.rt.deps.db;
beforeAll(async () => {
  w = await startImportWorld();
});
afterAll(() => w?.close());

const contactByPhone = async (phone: string) => {
  const rows = await db()
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, w.ws), eq(contacts.phone, phone)));
  return rows;
};
const attributesOf = async (contactId: string) => {
  const rows = await db().select().from(contactAttributeValues).where(eq(contactAttributeValues.contactId, contactId));
  return Object.fromEntries(rows.map((r) => [r.key, r.valueText ?? r.valueNumber ?? r.valueDate ?? r.valueBool]));
};

describe('importing by phone', () => {
  it('inserts new contacts, updates existing ones (empty cells keep values, tags are added), rejects bad rows whole', async () => {
    const known = await seedContact(db(), w.ws, w.t.clock.now(), {
      firstName: 'Old',
      lastName: 'Name',
      phone: '+5511987660001',
      email: 'keep@example.com',
      tags: ['customer'],
      source: 'organic',
    });
    await seedAttributeValues(db(), w.ws, known, { city: 'Turin' }, w.t.clock.now());
    const file = await xlsx(
      [
        { header: 'Phone' },
        { header: 'First name' },
        { header: 'Email' },
        { header: 'City' },
        { header: 'Orders', type: 'number' },
        { header: 'Birthday', type: 'date' },
        { header: 'Tags' },
        { header: 'Plan' },
        { header: 'Notes' },
      ],
      [
        ['11 98766-0001', 'Ana', null, null, 4, new Date('1990-04-02T00:00:00Z'), 'vip, customer', null, null],
        ['+5511987660002', 'Bia', 'bia@example.com', 'Rome', null, null, null, null, null],
        // Rejected whole: its valid phone and name are not written either.
        ['+5511987660003', 'Caio', 'caio@', 'Milan', null, null, null, null, 'a note'],
        ['+5511987660002', 'Bia twice', null, null, null, null, null, null, null],
        ['+5511987660004', 'Dora', null, null, null, null, null, 'Gold', null],
      ],
    );
    const { import: imp } = await w.uploaded(file, { fileName: 'fair.xlsx' });
    await w.update(imp.id, { sourceLabel: 'Fair 2026', mapping: { ...imp.mapping, Notes: null } });
    const done = await w.importAll(imp.id);
    expect(done).toMatchObject({ status: 'done', progress: { total: 5, processed: 5, inserted: 1, updated: 1, rejected: 3 }, error: null });
    expect(done.finishedAt).not.toBeNull();

    const [ana] = await contactByPhone('+5511987660001');
    expect(ana).toMatchObject({
      id: known,
      firstName: 'Ana',
      lastName: 'Name',
      email: 'keep@example.com',
      source: 'organic',
      tags: ['customer', 'vip'],
    });
    expect(await attributesOf(known)).toEqual({ city: 'Turin', orders: 4, birthday: '1990-04-02' });
    const [bia] = await contactByPhone('+5511987660002');
    expect(bia).toMatchObject({ firstName: 'Bia', email: 'bia@example.com', source: 'import:Fair 2026', status: 'active', tags: [] });
    expect(await attributesOf(bia!.id)).toEqual({ city: 'Rome' });
    expect(await contactByPhone('+5511987660003')).toEqual([]);
    expect(await contactByPhone('+5511987660004')).toEqual([]);

    // The file is gone; the rejected rows are kept for the download.
    expect((await db().select().from(contactImportChunks).where(eq(contactImportChunks.importId, imp.id))).length).toBe(0);
    const rejects = await db().select().from(contactImportRejects).where(eq(contactImportRejects.importId, imp.id));
    expect(rejects.map((r) => r.rowNo).sort()).toEqual([4, 5, 6]);

    // Audited: who started it, and how it ended (counts only).
    const audit = await db().select().from(auditLog).where(eq(auditLog.targetId, imp.id));
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([
      ['contacts.import.started', 'user'],
      ['contacts.import.finished', 'system'],
    ]);
    expect(audit[1]!.details).toEqual({ rows: 5, inserted: 1, updated: 1, rejected: 3 });
    expect(audit[0]!.details).toMatchObject({ fileName: 'fair.xlsx', rows: 5, upsertKey: 'phone', source: 'import:Fair 2026' });
  });

  it('a scientific-notation phone is rejected with its reason, a number cell keeps its digits', async () => {
    const file = await xlsx(
      [{ header: 'Phone', type: 'number' }, { header: 'Name' }],
      [
        [5511987660011, 'Number cell'],
        [5511990000000, 'Rounded by Excel'],
      ],
    );
    const { import: imp } = await w.uploaded(file);
    expect((await w.importAll(imp.id)).progress).toMatchObject({ inserted: 1, rejected: 1 });
    expect(await contactByPhone('+5511987660011')).toHaveLength(1);
    const res = await w.call('GET', `/contacts/import/${imp.id}/rejected?format=csv`);
    expect(res.rawPayload.toString('utf8')).toContain(
      'Phone: 5511990000000 looks rounded from scientific notation (5.51199E+12): its last digits are lost: format the column as Text in Excel and type the numbers again',
    );
  });
});

describe('importing by email', () => {
  it('finds contacts by email whatever its case, sets their phone, and rejects rows without an email', async () => {
    const known = await seedContact(db(), w.ws, w.t.clock.now(), { firstName: 'Eva', email: 'Eva@Example.com' });
    const csv =
      'email;phone;first name;plan\r\neva@example.COM;+5511987660021;;pro\r\nnew@example.com;;Neo;Basic\r\n;+5511987660023;Nil;\r\n';
    const { import: imp } = await w.uploaded(csv, { fileName: 'by-email.csv' });
    expect(imp.upsertKey).toBe('phone');
    await w.update(imp.id, { upsertKey: 'email' });
    expect((await w.importAll(imp.id)).progress).toEqual({ total: 3, processed: 3, inserted: 1, updated: 1, rejected: 1 });
    const [eva] = await db().select().from(contacts).where(eq(contacts.id, known));
    expect(eva).toMatchObject({ email: 'Eva@Example.com', phone: '+5511987660021', firstName: 'Eva' });
    expect(await attributesOf(known)).toEqual({ plan: 'Pro' });
    const [neo] = await db().select().from(contacts).where(eq(contacts.email, 'new@example.com'));
    expect(neo).toMatchObject({ firstName: 'Neo', phone: null, source: 'import:by-email' });
    expect(await contactByPhone('+5511987660023')).toEqual([]);
  });
});

describe('the rejected rows file', () => {
  it('has the file’s columns and an error column, cells neutralised against formulas, in .xlsx and .csv', async () => {
    const csv =
      'Phone,Name,Notes\n+5511987660031,"=HYPERLINK(""http://evil.test"",""x"")",@SUM(A1)\n+5511987660031,+cmd|calc,-2+3\n12345,Ok,\n';
    const { import: imp } = await w.uploaded(csv, { fileName: 'evil.csv' });
    expect((await w.importAll(imp.id)).progress).toMatchObject({ inserted: 1, rejected: 2 });
    const xlsxRes = await w.call('GET', `/contacts/import/${imp.id}/rejected?format=xlsx`);
    expect(xlsxRes.statusCode).toBe(200);
    expect(xlsxRes.headers['content-disposition']).toBe('attachment; filename="evil-rejected.xlsx"');
    const back = await readXlsx(xlsxRes.rawPayload);
    expect(back.headers).toEqual(['Phone', 'Name', 'Notes', 'error']);
    expect(back.rows).toEqual([
      {
        Phone: '+5511987660031',
        Name: "'+cmd|calc",
        Notes: "'-2+3",
        error: 'Row: has the same phone number as row 2: only the first is imported',
      },
      {
        Phone: '12345',
        Name: 'Ok',
        Notes: null,
        error: 'Phone: "12345" is not a valid phone number (numbers without a +country code are read as BR)',
      },
    ]);
    const csvRes = await w.call('GET', `/contacts/import/${imp.id}/rejected?format=csv`);
    expect(csvRes.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csvRes.rawPayload
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('Phone,Name,Notes,error');
    expect(lines[1]).toBe("+5511987660031,'+cmd|calc,'-2+3,Row: has the same phone number as row 2: only the first is imported");
    // The imported contact's name is stored as written: neutralising is for files going out, not for data.
    expect((await contactByPhone('+5511987660031'))[0]!.firstName).toBe('=HYPERLINK("http://evil.test","x")');
  });
});

describe('GDPR erasure', () => {
  it('deletes the rejected rows that mention an erased contact’s phone (however written) or email, and no others', async () => {
    const csv =
      'phone,email,name\n(11) 98766-0071,x@,Gil\n11987660072,,Bad\n+5511987660071,,Gil again\n,GIL@example.com ,Gil mail\n12345,keep@example.com,Other\n';
    const { import: imp } = await w.uploaded(csv);
    expect((await w.importAll(imp.id)).progress).toMatchObject({ rejected: 4 });
    const rowsLeft = async () =>
      (await db().select().from(contactImportRejects).where(eq(contactImportRejects.importId, imp.id))).map((r) => r.rowNo).sort();
    expect(await rowsLeft()).toEqual([2, 4, 5, 6]);
    const scope = {
      workspaceId: w.ws,
      now: w.t.clock.now(),
      contactIds: [],
      identities: [],
      phones: ['+5511987660071'],
      emails: ['gil@example.com'],
      conversationIds: [],
      messageIds: [],
      providerMessageIds: [],
      media: [],
      jobRefs: [],
    };
    expect(await db().transaction((tx) => contactImportData.erase!(tx, scope))).toEqual({ contactImportRejects: 3 });
    expect(await rowsLeft()).toEqual([6]);
  });
});

describe('the job', () => {
  const phones = (from: number, n: number) => Array.from({ length: n }, (_, i) => `+55119876${String(from + i).padStart(5, '0')}`);

  it('reports progress batch by batch, over the API and realtime', async () => {
    const rows = phones(10_000, 2500).map((p, i) => [p, `Person ${i}`]);
    const { import: imp } = await w.uploaded(await xlsx([{ header: 'Phone' }, { header: 'Name' }], rows));
    const events: Array<{ processed: number; status: string }> = [];
    const original = w.t.rt.deps.realtime.publish.bind(w.t.rt.deps.realtime);
    w.t.rt.deps.realtime.publish = async (tx, room, event) => {
      if (event.name === 'contacts.import.progress' && event.data.importId === imp.id) events.push(event.data);
      return original(tx, room, event);
    };
    try {
      expect((await w.call('POST', `/contacts/import/${imp.id}/start`)).json()).toMatchObject({ status: 'queued' });
      expect(await runImportJobs(w.t)).toBe(1);
    } finally {
      w.t.rt.deps.realtime.publish = original;
    }
    expect(events.map((e) => `${e.status}:${e.processed}`)).toEqual([
      'running:0',
      'running:1000',
      'running:2000',
      'running:2500',
      'done:2500',
    ]);
    expect((await w.call('GET', `/contacts/import/${imp.id}`)).json()).toMatchObject({
      status: 'done',
      progress: { total: 2500, processed: 2500, inserted: 2500, updated: 0, rejected: 0 },
    });
  });

  it('run twice (pg-boss may deliver a job again) inserts nothing twice, and resumes after the last committed batch', async () => {
    const rows = phones(20_000, 2300).map((p, i) => [p, `Twice ${i}`]);
    const { import: imp } = await w.uploaded(await xlsx([{ header: 'Phone' }, { header: 'Name' }], rows));
    expect((await w.call('POST', `/contacts/import/${imp.id}/start`)).statusCode).toBe(202);
    // The worker dies inside the second batch's transaction: the import is left running with 1,000 rows committed.
    const job = { workspaceId: w.ws, importId: imp.id };
    const real = w.t.rt.deps.realtime;
    const crashing: typeof real = Object.assign(Object.create(real) as typeof real, {
      publish: async (tx: Parameters<typeof real.publish>[0], room: string, event: Parameters<typeof real.publish>[2]) => {
        if (event.name === 'contacts.import.progress' && event.data.processed === 2000) throw new Error('worker crashed');
        return real.publish(tx, room, event);
      },
    });
    await expect(runImport({ ...w.t.rt.deps, realtime: crashing }, job)).rejects.toThrow('worker crashed');
    expect((await w.call('GET', `/contacts/import/${imp.id}`)).json()).toMatchObject({
      status: 'running',
      progress: { processed: 1000, inserted: 1000 },
    });
    // The retry, then the same job delivered once more, then both at once.
    await runImportJobs(w.t);
    await runImport(w.t.rt.deps, job);
    await Promise.all([runImport(w.t.rt.deps, job), runImport(w.t.rt.deps, job)]);
    expect((await w.call('GET', `/contacts/import/${imp.id}`)).json()).toMatchObject({
      status: 'done',
      progress: { total: 2300, processed: 2300, inserted: 2300, rejected: 0 },
    });
    const twice = await db()
      .select({ n: sql<number>`count(*)::int` })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, w.ws), sql`${contacts.firstName} like 'Twice %'`));
    expect(twice[0]!.n).toBe(2300);
    const finished = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, imp.id), eq(auditLog.action, 'contacts.import.finished')));
    expect(finished).toHaveLength(1);
  });

  it('two runs at once write each batch once', async () => {
    const rows = phones(30_000, 3000).map((p, i) => [p, `Both ${i}`]);
    const { import: imp } = await w.uploaded(await xlsx([{ header: 'Phone' }, { header: 'Name' }], rows));
    await w.call('POST', `/contacts/import/${imp.id}/start`);
    await Promise.all([
      runImport(w.t.rt.deps, { workspaceId: w.ws, importId: imp.id }),
      runImport(w.t.rt.deps, { workspaceId: w.ws, importId: imp.id }),
    ]);
    expect((await w.call('GET', `/contacts/import/${imp.id}`)).json().progress).toEqual({
      total: 3000,
      processed: 3000,
      inserted: 3000,
      updated: 0,
      rejected: 0,
    });
    expect(await contactByPhone(phones(30_000, 1)[0]!)).toHaveLength(1);
  });

  it('re-importing the same file updates, never duplicates', async () => {
    const file = await xlsx([{ header: 'Phone' }, { header: 'Name' }], [['+5511987660041', 'Once']]);
    for (const expected of [
      { inserted: 1, updated: 0 },
      { inserted: 0, updated: 1 },
    ]) {
      const { import: imp } = await w.uploaded(file);
      expect((await w.importAll(imp.id)).progress).toMatchObject(expected);
    }
    expect(await contactByPhone('+5511987660041')).toHaveLength(1);
  });

  it('stops when cancelled, and fails clearly when an attribute it maps was deleted', async () => {
    const { import: a } = await w.uploaded(
      await xlsx(
        [{ header: 'Phone' }],
        phones(40_000, 10).map((p) => [p]),
      ),
    );
    await w.call('POST', `/contacts/import/${a.id}/start`);
    expect((await w.call('DELETE', `/contacts/import/${a.id}`)).statusCode).toBe(204);
    expect(await runImportJobs(w.t)).toBe(1);
    expect((await w.call('GET', `/contacts/import/${a.id}`)).json()).toMatchObject({ status: 'cancelled', progress: { processed: 0 } });
    expect(await contactByPhone(phones(40_000, 1)[0]!)).toEqual([]);

    await w.call('POST', '/attributes', { key: 'doomed', label: 'Doomed', type: 'text' });
    const { import: b } = await w.uploaded(await xlsx([{ header: 'Phone' }, { header: 'Doomed' }], [['+5511987660051', 'x']]));
    expect(b.mapping.Doomed).toBe('attr.doomed');
    await w.call('POST', `/contacts/import/${b.id}/start`);
    expect((await w.call('DELETE', '/attributes/doomed')).statusCode).toBe(204);
    await runImportJobs(w.t);
    expect((await w.call('GET', `/contacts/import/${b.id}`)).json()).toMatchObject({
      status: 'failed',
      error: 'mapping.Doomed: "doomed" is not a defined attribute',
    });
  });

  it('the sweep abandons old drafts, fails stalled imports and forgets old rejected rows', async () => {
    const { import: draft } = await w.uploaded('phone\n12345\n');
    const { import: old } = await w.uploaded('phone\n12345\n');
    await w.importAll(old.id);
    const { import: stalled } = await w.uploaded('phone\n+5511987660061\n');
    // Started, but its job never runs (as if it had used up its retries).
    expect((await w.call('POST', `/contacts/import/${stalled.id}/start`)).statusCode).toBe(202);
    expect((await db().select().from(contactImportRejects).where(eq(contactImportRejects.importId, old.id))).length).toBe(1);
    w.t.clock.advance(25 * 3_600_000);
    await sweepImports(w.t.rt.deps);
    const [swept] = await db().select().from(contactImports).where(eq(contactImports.id, draft.id));
    expect(swept).toMatchObject({ status: 'cancelled' });
    expect((await db().select().from(contactImportChunks).where(eq(contactImportChunks.importId, draft.id))).length).toBe(0);
    // (Read from storage: the session has expired in the 25 hours.)
    expect((await db().select().from(contactImports).where(eq(contactImports.id, stalled.id)))[0]).toMatchObject({
      status: 'failed',
      error: 'The import stopped: its job failed repeatedly (see the server log)',
    });
    expect((await db().select().from(contactImportChunks).where(eq(contactImportChunks.importId, stalled.id))).length).toBe(0);
    expect((await db().select().from(contactImportRejects).where(eq(contactImportRejects.importId, old.id))).length).toBe(1);
    w.t.clock.advance(30 * 24 * 3_600_000);
    await sweepImports(w.t.rt.deps);
    expect((await db().select().from(contactImportRejects).where(eq(contactImportRejects.importId, old.id))).length).toBe(0);
  });
});
