// Test-only: a Parley with a WhatsApp number, approved templates on its WABA, and helpers to drive the campaign wizard.
import type { TemplateContent } from '@parley/contracts';
import type { LightMyRequestResponse } from 'fastify';
import { PassThrough } from 'node:stream';
import { startTestApp, type TestApp } from './test-app';
import { connectWhatsApp, WABA_ID, whatsappEnv } from './whatsapp';
import { writeXlsx, type CellInput, type ColumnType } from '../platform/excel';
import { messageTemplates } from '../modules/campaigns/tables';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface World {
  t: TestApp;
  ws: string;
  channelId: string;
  cookie: string;
  templates: Record<'promo' | 'utility' | 'pending' | 'otherWaba' | 'headerUrl', string>;
  call(method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse>;
  upload(campaignId: string, body: Buffer | string, opts?: { type?: string; query?: string }): Promise<LightMyRequestResponse>;
  draft(name?: string, templateKey?: keyof World['templates']): Promise<string>;
  close(): Promise<void>;
}

export const promoContent: TemplateContent = {
  body: { text: 'Hi {{1}}, your code is {{2}}.', examples: ['Priya', 'SAVE10'] },
  footer: 'Reply STOP to opt out',
  buttons: [
    { type: 'quick_reply', text: 'Yes' },
    { type: 'quick_reply', text: 'No' },
  ],
};

export const headerUrlContent: TemplateContent = {
  header: { format: 'text', text: 'Order {{1}}', example: '#4821' },
  body: { text: 'Hello {{1}}, it ships on {{2}}.', examples: ['Ana', '18 May'] },
  buttons: [
    { type: 'phone_number', text: 'Call', phoneNumber: '+15550100' },
    { type: 'url', text: 'Track', url: 'https://shop.example/o/{{1}}', example: 'https://shop.example/o/4821' },
  ],
};

export async function startWorld(env: Record<string, string> = {}): Promise<World> {
  const t = await startTestApp({ env: { ...whatsappEnv, PARLEY_DEFAULT_COUNTRY: 'BR', ...env } });
  const cookie = await t.login();
  const ws = (await t.app.inject({ method: 'GET', url: '/api/v1/workspace', headers: { cookie } })).json().id as string;
  const channelId = (await connectWhatsApp(t, cookie)).id;
  const now = t.clock.now();
  const template = (name: string, content: TemplateContent, extra: Partial<typeof messageTemplates.$inferInsert> = {}) =>
    t.rt.deps.db
      .insert(messageTemplates)
      .values({
        workspaceId: ws,
        wabaId: WABA_ID,
        name,
        language: 'en_US',
        category: 'marketing',
        status: 'approved',
        content,
        createdAt: now,
        updatedAt: now,
        ...extra,
      })
      .returning({ id: messageTemplates.id })
      .then((r) => r[0]!.id);
  const templates = {
    promo: await template('promo', promoContent),
    utility: await template(
      'shipping',
      { body: { text: 'Your parcel {{1}} is on its way.', examples: ['AB123'] }, buttons: [] },
      { category: 'utility' },
    ),
    pending: await template('draft_one', promoContent, { status: 'pending' }),
    otherWaba: await template('elsewhere', promoContent, { wabaId: '999999999999999' }),
    headerUrl: await template('order_update', headerUrlContent, { category: 'utility' }),
  };
  const call: World['call'] = (method, url, payload) => t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, payload });
  const world: World = {
    t,
    ws,
    channelId,
    cookie,
    templates,
    call,
    upload: (id, body, opts = {}) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/v1/campaigns/${id}/audience/file${opts.query ? `?${opts.query}` : ''}`,
        headers: { cookie, 'content-type': opts.type ?? (typeof body === 'string' ? 'text/csv' : XLSX) },
        payload: body,
      }),
    async draft(name = 'Spring sale', templateKey = 'promo') {
      const res = await call('POST', '/campaigns', { name, channelId, templateId: templates[templateKey] });
      if (res.statusCode !== 201) throw new Error(`draft: ${res.statusCode} ${res.body}`);
      return res.json().id as string;
    },
    close: () => t.close(),
  };
  return world;
}

/** An .xlsx in memory, written by Parley's own writer. */
export async function xlsx(columns: Array<{ header: string; type?: ColumnType }>, rows: CellInput[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => out.on('end', resolve));
  await writeXlsx(out, { name: 'Sheet1', columns: columns.map((c) => ({ header: c.header, type: c.type ?? 'text' })), rows });
  await done;
  return Buffer.concat(chunks);
}

/** Read a downloaded .xlsx back: header and rows as text. */
export async function readXlsx(body: Buffer): Promise<{ headers: string[]; rows: Array<Record<string, unknown>> }> {
  const { openSpreadsheet } = await import('../platform/excel');
  const sheet = await openSpreadsheet(body);
  const rows: Array<Record<string, unknown>> = [];
  for await (const r of sheet.rows) rows.push(r.values);
  return { headers: sheet.headers, rows };
}
