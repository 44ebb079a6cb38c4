// Test-only: a Parley with custom attributes for contact imports, upload and API helpers, the import job run by
// hand, and hand-made zip files (hostile workbooks, or a real workbook with one part changed).
import type { ContactImport, ContactImportPreview } from '@parley/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { jobWorkers } from '../jobs';
import type { JobWorker } from '../platform/queue';
import { XLSX } from './campaign-wizard';
import { startTestApp, type TestApp } from './test-app';

export { xlsx, readXlsx, XLSX } from './campaign-wizard';
export { zip, unzip, type ZipEntry } from './zip-files';

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
