import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inboundEvents } from '../../channels/tables';
import { queuedJobs, runJobs } from '../../../testing/routing';
import { postWebhook, processPending, sign, WABA_ID } from '../../../testing/whatsapp';
import { messageTemplates } from '../tables';
import { findSendableTemplate } from './find-sendable-template';
import { richComponents, startTemplatesWorld, type TemplatesWorld } from '../../../testing/templates';

let w: TemplatesWorld;
beforeAll(async () => {
  w = await startTemplatesWorld();
});
afterAll(() => w?.close());

const db = () => w.t.rt.deps.db;
const ws = async () => (await db().select({ ws: messageTemplates.workspaceId }).from(messageTemplates).limit(1))[0]!.ws;
const byName = async (name: string) => (await db().select().from(messageTemplates).where(eq(messageTemplates.name, name)))[0];
const templateEvents = () => db().select().from(inboundEvents).where(eq(inboundEvents.kind, 'other'));

async function submitted(name: string): Promise<{ id: string; providerId: string }> {
  const res = await w.t.app.inject({
    method: 'POST',
    url: '/api/v1/templates',
    headers: { cookie: w.admin },
    payload: {
      channelId: w.channelId,
      name,
      language: 'en_US',
      category: 'marketing',
      content: { body: { text: 'Hello {{1}}!', examples: ['Ana'] }, buttons: [] },
    },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return { id: res.json().id, providerId: res.json().providerTemplateId };
}

describe('the message_template_status_update webhook', () => {
  it('approval reaches the template, which becomes sendable', async () => {
    const t = await submitted('welcome_offer');
    await expect(findSendableTemplate(db(), await ws(), { channelId: w.channelId, templateId: t.id })).rejects.toMatchObject({
      status: 400,
      details: { issues: [{ field: 'templateId' }] },
    });
    expect(await w.fake.reviewTemplate(t.providerId, 'APPROVED')).toBe(200);
    expect(await processPending(w.t)).toBe(1);
    expect(await byName('welcome_offer')).toMatchObject({ status: 'approved', statusReason: null });
    const sendable = await findSendableTemplate(db(), await ws(), { channelId: w.channelId, templateId: t.id });
    expect(sendable.id).toBe(t.id);
  });

  it('rejection keeps Meta’s reason, and the template is refused for sending with it', async () => {
    const t = await submitted('too_promotional');
    await w.fake.reviewTemplate(t.providerId, 'REJECTED', { reason: 'PROMOTIONAL' });
    await processPending(w.t);
    expect(await byName('too_promotional')).toMatchObject({ status: 'rejected', statusReason: 'PROMOTIONAL' });
    await expect(findSendableTemplate(db(), await ws(), { channelId: w.channelId, templateId: t.id })).rejects.toThrow(
      /"too_promotional" \(en_US\) is rejected \(PROMOTIONAL\); only approved templates can be sent/,
    );
  });

  it('a paused template keeps Meta’s explanation', async () => {
    const t = await submitted('low_quality');
    await w.fake.reviewTemplate(t.providerId, 'APPROVED');
    await w.fake.reviewTemplate(t.providerId, 'PAUSED', {
      otherInfo: { title: 'FIRST_PAUSE', description: 'Paused for 3 hours: low quality' },
    });
    await processPending(w.t);
    expect(await byName('low_quality')).toMatchObject({ status: 'paused', statusReason: 'Paused for 3 hours: low quality' });
  });

  it('a duplicate delivery is stored once and has no second effect', async () => {
    const t = await submitted('dup_check');
    await w.fake.reviewTemplate(t.providerId, 'REJECTED', { reason: 'INVALID_FORMAT' });
    const delivery = w.fake.deliveries.filter((d) => d.kind === 'template').at(-1)!;
    const before = (await templateEvents()).length;
    // Meta redelivers the same bytes with the same signature.
    const again = await postWebhook(w.t, delivery.rawBody, { signature: delivery.signature });
    expect(again.statusCode).toBe(200);
    expect((await templateEvents()).length).toBe(before);
    expect(await processPending(w.t)).toBe(1);
    expect(await processPending(w.t)).toBe(0);
    expect(await byName('dup_check')).toMatchObject({ status: 'rejected', statusReason: 'INVALID_FORMAT' });
  });

  it('stays signature-checked: a forged update is refused and changes nothing', async () => {
    const t = await submitted('forged_target');
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: WABA_ID,
          time: 1,
          changes: [
            {
              field: 'message_template_status_update',
              value: { event: 'APPROVED', message_template_id: Number(t.providerId), reason: 'NONE' },
            },
          ],
        },
      ],
    };
    const forged = await postWebhook(w.t, body, { secret: 'not-the-app-secret' });
    expect(forged.statusCode).toBe(401);
    expect(await processPending(w.t)).toBe(0);
    expect((await byName('forged_target'))!.status).toBe('pending');
    // The same body, correctly signed, is accepted.
    const raw = JSON.stringify(body);
    expect((await postWebhook(w.t, raw, { signature: sign(raw) })).statusCode).toBe(200);
    await processPending(w.t);
    expect((await byName('forged_target'))!.status).toBe('approved');
  });

  it('an unknown template id is not dropped: the WABA is synced and brings it in with its status', async () => {
    const elsewhere = w.fake.seedTemplate(WABA_ID, {
      name: 'made_in_manager',
      language: 'es',
      category: 'UTILITY',
      components: richComponents,
    });
    await w.fake.reviewTemplate(elsewhere.id, 'APPROVED');
    await processPending(w.t);
    expect(await byName('made_in_manager')).toBeUndefined();
    expect(await queuedJobs(db(), 'campaigns.templates-sync')).toEqual([
      { data: { workspaceId: await ws(), channelId: w.channelId }, startAfter: expect.any(Date) },
    ]);
    expect(await runJobs(w.t, ['campaigns.templates-sync'])).toBe(1);
    expect(await byName('made_in_manager')).toMatchObject({ status: 'approved', providerTemplateId: elsewhere.id, language: 'es' });
  });

  it('an update for a WABA with no number here is acknowledged and kept aside, not stored as an event', async () => {
    const before = (await templateEvents()).length;
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: '999',
          time: 1,
          changes: [{ field: 'message_template_status_update', value: { event: 'APPROVED', message_template_id: 1 } }],
        },
      ],
    };
    expect((await postWebhook(w.t, body)).statusCode).toBe(200);
    expect((await templateEvents()).length).toBe(before);
  });

  it('a template of another WABA is refused for this number', async () => {
    const workspaceId = await ws();
    const now = w.t.clock.now();
    const [other] = await db()
      .insert(messageTemplates)
      .values({
        workspaceId,
        wabaId: '777',
        providerTemplateId: '777001',
        name: 'other_account',
        language: 'en',
        category: 'utility',
        status: 'approved',
        content: { body: { text: 'x', examples: [] }, buttons: [] },
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await expect(findSendableTemplate(db(), workspaceId, { channelId: w.channelId, templateId: other!.id })).rejects.toThrow(
      /another WhatsApp Business Account/,
    );
    await expect(
      findSendableTemplate(db(), workspaceId, { channelId: w.channelId, templateId: '00000000-0000-4000-8000-000000000000' }),
    ).rejects.toMatchObject({ status: 400, message: 'templateId: no such template in this workspace' });
  });
});
