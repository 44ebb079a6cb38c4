import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWhatsApp, WABA_ID } from '../../../testing/whatsapp';
import { messageTemplates } from '../tables';
import { richComponents, startTemplatesWorld, type TemplatesWorld } from '../../../testing/templates';

let w: TemplatesWorld;
beforeAll(async () => {
  w = await startTemplatesWorld();
});
afterAll(() => w?.close());

const sync = () =>
  w.t.app.inject({ method: 'POST', url: '/api/v1/templates/sync', headers: { cookie: w.admin }, payload: { channelId: w.channelId } });
const row = async (name: string, language = 'en_US') => {
  const [r] = await w.t.rt.deps.db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.wabaId, WABA_ID), eq(messageTemplates.name, name), eq(messageTemplates.language, language)));
  return r;
};

describe('sync from the Business Management API', () => {
  it('reads every page through the cursor and maps Meta’s components to ours', async () => {
    w.fake.seedTemplate(WABA_ID, {
      name: 'order_update',
      language: 'en_US',
      category: 'UTILITY',
      status: 'APPROVED',
      components: richComponents,
    });
    w.fake.seedTemplate(WABA_ID, {
      name: 'promo_photo',
      language: 'pt_BR',
      category: 'MARKETING',
      status: 'REJECTED',
      rejectedReason: 'PROMOTIONAL',
      components: [
        { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2U='] } },
        { type: 'BODY', text: 'Oferta!' },
      ],
    });
    w.fake.seedTemplate(WABA_ID, {
      name: 'named_params',
      language: 'en',
      category: 'MARKETING',
      status: 'APPROVED',
      parameterFormat: 'NAMED',
      components: [
        { type: 'BODY', text: 'Hi {{first_name}}', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Ana' }] } },
        { type: 'BUTTONS', buttons: [{ type: 'COPY_CODE', example: 'SAVE10' }] },
      ],
    });
    for (let i = 0; i < 120; i++) {
      w.fake.seedTemplate(WABA_ID, {
        name: `bulk_${i}`,
        language: 'en',
        category: 'UTILITY',
        status: 'PENDING',
        components: [{ type: 'BODY', text: `Bulk ${i}` }],
      });
    }
    w.fake.reset();
    const res = await sync();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ wabaId: WABA_ID, total: 123, created: 123, updated: 0, deleted: 0 });

    const lists = w.fake.requests.filter((r) => r.method === 'GET' && r.path.includes('/message_templates'));
    expect(lists).toHaveLength(2);
    expect(new URL(lists[0]!.path, 'http://x').searchParams.get('after')).toBeNull();
    expect(new URL(lists[1]!.path, 'http://x').searchParams.get('after')).toBe(
      (lists[0]!.response as { paging: { cursors: { after: string } } }).paging.cursors.after,
    );

    const order = await row('order_update');
    expect(order).toMatchObject({ category: 'utility', status: 'approved', statusReason: null });
    expect(order!.providerTemplateId).toBe(w.fake.managedTemplates(WABA_ID)[0]!.id);
    expect(order!.content).toEqual({
      header: { format: 'text', text: 'Order {{1}}', example: '#4821' },
      body: { text: 'Hi {{1}}, your order {{2}} ships on {{3}}.', examples: ['Priya', '#4821', '18 May'] },
      footer: 'Reply STOP to opt out',
      buttons: [
        { type: 'quick_reply', text: 'Track' },
        { type: 'url', text: 'View', url: 'https://ex.com/o/{{1}}', example: 'https://ex.com/o/4821' },
        { type: 'phone_number', text: 'Call us', phoneNumber: '+15550100' },
      ],
    });
    expect(order!.syncedAt).not.toBeNull();

    const photo = await row('promo_photo', 'pt_BR');
    expect(photo).toMatchObject({ category: 'marketing', status: 'rejected', statusReason: 'PROMOTIONAL' });
    expect(photo!.content.header).toEqual({ format: 'image', exampleUrl: '4::aW1hZ2U=' });

    const named = await row('named_params', 'en');
    expect(named!.content.unsupported).toBe('Parley cannot send templates with named parameters, a COPY_CODE button yet');
    expect((await row('bulk_119', 'en'))!.status).toBe('pending');
  });

  it('updates what changed and marks templates gone from Meta `deleted`, keeping the row', async () => {
    w.t.clock.advance(60_000);
    const before = await row('bulk_0', 'en');
    w.fake.deleteTemplate(WABA_ID, 'bulk_0');
    const approved = w.fake.managedTemplates(WABA_ID).find((t) => t.name === 'bulk_1')!;
    approved.status = 'APPROVED';
    const res = await sync();
    expect(res.json()).toEqual({ wabaId: WABA_ID, total: 122, created: 0, updated: 122, deleted: 1 });
    const gone = await row('bulk_0', 'en');
    expect(gone).toMatchObject({ id: before!.id, status: 'deleted' });
    expect((await row('bulk_1', 'en'))!.status).toBe('approved');

    // Syncing again changes nothing more; a template recreated under the same name comes back on the same row.
    w.t.clock.advance(60_000);
    expect((await sync()).json()).toMatchObject({ deleted: 0, created: 0 });
    w.fake.seedTemplate(WABA_ID, {
      name: 'bulk_0',
      language: 'en',
      category: 'UTILITY',
      status: 'APPROVED',
      components: [{ type: 'BODY', text: 'Back' }],
    });
    expect((await sync()).json()).toMatchObject({ created: 0, updated: 123 });
    expect(await row('bulk_0', 'en')).toMatchObject({ id: before!.id, status: 'approved', content: { body: { text: 'Back' } } });
  });

  it('refuses a channel that is not a WhatsApp number of the workspace, naming channelId', async () => {
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/templates/sync',
      headers: { cookie: w.admin },
      payload: { channelId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([{ field: 'channelId', message: 'no such channel in this workspace' }]);
  });

  it('reports Meta unreachable as 503, and changes nothing', async () => {
    const count = (await w.t.rt.deps.db.select().from(messageTemplates)).length;
    // A number of the same WABA whose Graph base URL answers nothing (port 9: discard, closed here).
    const dead = await connectWhatsApp(w.t, w.admin, { graphBaseUrl: 'http://127.0.0.1:9', phoneNumberId: '106540352242000' });
    const res = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/templates/sync',
      headers: { cookie: w.admin },
      payload: { channelId: dead.id },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('unavailable');
    expect((await w.t.rt.deps.db.select().from(messageTemplates)).length).toBe(count);
  });
});
