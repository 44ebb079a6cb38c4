// Test-only: a Parley with custom attributes for contact imports, upload and API helpers, the import job run by
// hand, and hand-made zip files (hostile workbooks, or a real workbook with one part changed).
import type { ContactImport, ContactImportPreview } from '@parley/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { jobWorkers } from '../jobs';
import type { JobWorker } from '../platform/queue';
import { XLSX } from './campaign-wizard';
import { startTestApp, type TestApp } from './test-app';

export { xlsx, readXlsx, XLSX } from './campaign-wizard';

export interface ImportWorld {
  t: TestApp;
  ws: string;
  cookie: string;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse>;
  /** POST /contacts/import with the file as the raw body. */
  upload(body: Buffer | string, opts?: { type?: string; fileName?: string }): Promise<LightMyRequestResponse>;
  /** Upload, expecting 201. */
  uploaded(body: Buffer | string, opts?: { type?: string; fileName?: string }): Promise<ContactImportPreview>;
  /** PUT the mapping / key / label, expecting 200. */
  update(id: string, body: object): Promise<ContactImportPreview>;
  /** Start, run the job to its end, and return the import. */
  importAll(id: string): Promise<ContactImport>;
  close(): Promise<void>;
}

/** Attributes every import test can map onto. */
export const importAttributes = [
  { key: 'city', label: 'City', type: 'text' },
  { key: 'orders', label: 'Orders', type: 'number' },
  { key: 'birthday', label: 'Birthday', type: 'date' },
  { key: 'vip', label: 'VIP', type: 'boolean' },
  { key: 'plan', label: 'Plan', type: 'list', options: ['Basic', 'Pro'] },
  { key: 'site', label: 'Website', type: 'url' },
];

export async function startImportWorld(): Promise<ImportWorld> {
  const t = await startTestApp({ env: { PARLEY_DEFAULT_COUNTRY: 'BR' } });
  const cookie = await t.login();
  const call: ImportWorld['call'] = (method, url, payload) => t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });
  const ws = (await call('GET', '/workspace')).json().id as string;
  for (const def of importAttributes) {
    const res = await call('POST', '/attributes', def);
    if (res.statusCode !== 201) throw new Error(`attribute ${def.key}: ${res.statusCode} ${res.body}`);
  }
  const upload: ImportWorld['upload'] = (body, opts = {}) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/import${opts.fileName ? `?fileName=${encodeURIComponent(opts.fileName)}` : ''}`,
      headers: { cookie, 'content-type': opts.type ?? (typeof body === 'string' ? 'text/csv' : XLSX) },
      payload: body,
    });
  const expectStatus = (res: LightMyRequestResponse, status: number, what: string) => {
    if (res.statusCode !== status) throw new Error(`${what}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    t,
    ws,
    cookie,
    call,
    upload,
    uploaded: async (body, opts) => expectStatus(await upload(body, opts), 201, 'upload') as ContactImportPreview,
    update: async (id, body) => expectStatus(await call('PUT', `/contacts/import/${id}`, body), 200, 'update') as ContactImportPreview,
    async importAll(id) {
      expectStatus(await call('POST', `/contacts/import/${id}/start`), 202, 'start');
      await runImportJobs(t);
      return expectStatus(await call('GET', `/contacts/import/${id}`), 200, 'get') as ContactImport;
    },
    close: () => t.close(),
  };
}

const importWorker = (jobWorkers as JobWorker<unknown>[]).find((w) => w.job.name === 'contacts.import')!;

/** Run every queued import job as the worker would (handle, then complete); returns how many ran. */
export async function runImportJobs(t: TestApp): Promise<number> {
  let ran = 0;
  for (;;) {
    const jobs = await t.rt.queue.boss.fetch(importWorker.job.name, { batchSize: 10 });
    if (jobs.length === 0) return ran;
    for (const job of jobs) {
      await importWorker.handle(t.rt.deps, importWorker.job.schema.parse(job.data), { id: job.id, retryCount: 0 });
      await t.rt.queue.boss.complete(importWorker.job.name, job.id);
      ran++;
    }
  }
}

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Lie about the uncompressed size in the zip's directory. */
  declare?: number;
  /** General-purpose flags (1: encrypted). */
  flags?: number;
}

/** A zip of deflated entries, written by hand so a test can make it lie or hide things. */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const body = deflateRawSync(e.data);
    const crc = crc32(e.data);
    const size = e.declare ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(e.flags ?? 0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(e.flags ?? 0, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** The entries of a zip (deflated or stored), read from its central directory. */
export function unzip(file: Buffer): ZipEntry[] {
  let at = file.length - 22;
  while (at >= 0 && file.readUInt32LE(at) !== 0x06054b50) at--;
  const count = file.readUInt16LE(at + 10);
  let p = file.readUInt32LE(at + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    const method = file.readUInt16LE(p + 10);
    const compressed = file.readUInt32LE(p + 20);
    const nameLength = file.readUInt16LE(p + 28);
    const local = file.readUInt32LE(p + 42);
    const name = file.toString('utf8', p + 46, p + 46 + nameLength);
    const start = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    const raw = file.subarray(start, start + compressed);
    entries.push({ name, data: method === 8 ? inflateRawSync(raw) : Buffer.from(raw) });
    p += 46 + nameLength + file.readUInt16LE(p + 30) + file.readUInt16LE(p + 32);
  }
  return entries;
}
