import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaigns } from '../tables';
import { startWorld, type World } from '../../../testing/campaign-wizard';

let w: World;
beforeAll(async () => {
  w = await startWorld();
  w.t.clock.set('2026-03-20T12:00:00Z');
});
afterAll(() => w?.close());

const draftOf = async (id: string) => {
  const res = await w.call('GET', `/campaigns/${id}/draft`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const issueField = (res: { json(): { error: { issues?: Array<{ field: string }> } } }) => res.json().error.issues?.[0]?.field;

describe('campaign drafts', () => {
  it('are created and returned with what the wizard needs', async () => {
    const id = await w.draft('Spring sale');
    const d = await draftOf(id);
    expect(d).toMatchObject({ name: 'Spring sale', status: 'draft', mode: 'immediate', includeActive: false, channelId: w.channelId });
    expect(d.template).toMatchObject({ name: 'promo', slots: { body: 2, header: false, urlButtons: [] } });
    expect(d.channels.map((c: { id: string }) => c.id)).toEqual([w.channelId]);
    // Only approved templates of the number's WABA are offered.
    expect(d.templates.map((t: { name: string }) => t.name).sort()).toEqual(['order_update', 'promo', 'shipping']);
    expect(d.samples.map((s: { id: string }) => s.id)).toEqual(['example', 'today']);
    expect(d.validation).toBeNull();
  });

  it('refuse a template that is not approved, of another WABA, or unknown — naming templateId', async () => {
    for (const templateId of [w.templates.pending, w.templates.otherWaba, '00000000-0000-4000-8000-000000000000']) {
      const res = await w.call('POST', '/campaigns', { name: 'x', channelId: w.channelId, templateId });
      expect(res.statusCode).toBe(400);
      expect(issueField(res)).toBe('templateId');
    }
    const bad = await w.call('POST', '/campaigns', { name: 'x', channelId: '00000000-0000-4000-8000-000000000000' });
    expect(issueField(bad)).toBe('channelId');
    expect((await w.call('POST', '/campaigns', { name: '  ' })).statusCode).toBe(400);
  });

  it('store a schedule picked in a time zone as UTC and show it back as picked', async () => {
    const id = await w.draft();
    const res = await w.call('PATCH', `/campaigns/${id}`, {
      mode: 'scheduled',
      scheduledAt: '2026-03-21T09:30',
      timezone: 'America/Sao_Paulo',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      mode: 'scheduled',
      scheduledAt: '2026-03-21T12:30:00.000Z',
      schedule: { localDateTime: '2026-03-21T09:30', timezone: 'America/Sao_Paulo' },
    });
  });

  it("default to the admin's own time zone", async () => {
    expect((await w.call('PATCH', '/me', { timezone: 'Europe/Rome' })).statusCode).toBeLessThan(300);
    const id = await w.draft();
    const res = await w.call('PATCH', `/campaigns/${id}`, { mode: 'scheduled', scheduledAt: '2026-07-01T10:00' });
    expect(res.statusCode, res.body).toBe(200);
    // Rome is UTC+2 in summer.
    expect(res.json().scheduledAt).toBe('2026-07-01T08:00:00.000Z');
  });

  it('refuse a schedule in the past, a time the clocks skip, and scheduled mode without a time', async () => {
    const id = await w.draft();
    const past = await w.call('PATCH', `/campaigns/${id}`, {
      mode: 'scheduled',
      scheduledAt: '2026-03-20T08:59',
      timezone: 'America/Sao_Paulo',
    });
    expect(past.statusCode).toBe(400);
    expect(issueField(past)).toBe('scheduledAt');
    const gap = await w.call('PATCH', `/campaigns/${id}`, { scheduledAt: '2026-03-29T02:30', timezone: 'Europe/Rome' });
    expect(gap.statusCode).toBe(400);
    expect(gap.json().error.message).toMatch(/does not exist/);
    const none = await w.call('PATCH', `/campaigns/${id}`, { mode: 'scheduled' });
    expect(issueField(none)).toBe('scheduledAt');
    const zone = await w.call('PATCH', `/campaigns/${id}`, { scheduledAt: '2026-05-01T10:00', timezone: 'Mars/Olympus' });
    expect(issueField(zone)).toBe('timezone');
  });

  it('save variables and quick replies checked against the template, naming the bad field', async () => {
    const id = await w.draft();
    const cases: Array<[object, string]> = [
      [
        {
          variables: {
            body: [
              { kind: 'fixed', text: 'a' },
              { kind: 'fixed', text: 'b' },
              { kind: 'fixed', text: 'c' },
            ],
          },
        },
        'variables.body',
      ],
      [{ variables: { body: [{ kind: 'field', field: 'shoeSize' }] } }, 'variables.body.0.field'],
      [{ variables: { body: [{ kind: 'attribute', key: 'nope' }] } }, 'variables.body.0.key'],
      [{ variables: { body: [{ kind: 'fixed', text: 'two\nlines' }] } }, 'variables.body.0.text'],
      [{ variables: { body: [], header: { kind: 'fixed', text: 'x' } } }, 'variables.header'],
      [
        {
          interactive: {
            quickReplies: [
              { index: 0, payload: 'a' },
              { index: 1, payload: 'b' },
              { index: 0, payload: 'c' },
              { index: 1, payload: 'd' },
            ],
          },
        },
        'interactive.quickReplies',
      ],
      [{ interactive: { quickReplies: [{ index: 5, payload: 'a' }] } }, 'interactive.quickReplies.0.index'],
    ];
    for (const [body, field] of cases) {
      const res = await w.call('PATCH', `/campaigns/${id}`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(issueField(res)).toBe(field);
    }
    const ok = await w.call('PATCH', `/campaigns/${id}`, {
      includeActive: true,
      variables: {
        body: [
          { kind: 'field', field: 'firstName' },
          { kind: 'sample', sample: 'example' },
        ],
      },
      interactive: {
        quickReplies: [
          { index: 0, payload: 'YES' },
          { index: 1, payload: 'NO' },
        ],
      },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      includeActive: true,
      interactive: {
        quickReplies: [
          { index: 0, payload: 'YES' },
          { index: 1, payload: 'NO' },
        ],
      },
    });
  });

  it('leave the draft exactly as it was when any field of a step is refused', async () => {
    const id = await w.draft('Before');
    const before = await draftOf(id);
    const res = await w.call('PATCH', `/campaigns/${id}`, { name: 'After', includeActive: true, templateId: w.templates.pending });
    expect(res.statusCode).toBe(400);
    const after = await draftOf(id);
    expect(after).toEqual(before);
  });

  it('are the only campaigns that can be changed (409 otherwise)', async () => {
    const id = await w.draft();
    await w.t.rt.deps.db
      .update(campaigns)
      .set({ status: 'scheduled' })
      .where(and(eq(campaigns.workspaceId, w.ws), eq(campaigns.id, id)));
    expect((await w.call('PATCH', `/campaigns/${id}`, { name: 'New' })).statusCode).toBe(409);
    expect((await w.upload(id, 'phone\n+5511987654321\n')).statusCode).toBe(409);
    expect((await w.call('POST', `/campaigns/${id}/confirm`)).statusCode).toBe(409);
  });

  it('are for admins only', async () => {
    const res = await w.t.app.inject({ method: 'POST', url: '/api/v1/campaigns', payload: { name: 'x' } });
    expect(res.statusCode).toBe(401);
  });
});
