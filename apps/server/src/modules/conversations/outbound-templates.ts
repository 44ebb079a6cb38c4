// Template messages whose provider call someone else owns (campaign sending, the paced API send): they are stored in
// the contact's conversation and counted in the contact's statistics like any message of ours, but no send job is
// enqueued — the caller paces the calls, records what the provider answered, and reconciles a lost answer.
import type { RealtimeEvent } from '@parley/contracts';
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import { contactsTable } from '../contacts';
import { type Db, rowsOf } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import type { OutboundContent } from './send-message';
import { conversations, messages } from './tables';

export type TemplateContent = Extract<OutboundContent, { type: 'template' }>;

export interface OutboundTemplateItem {
  /** The message id to use: it travels as `biz_opaque_callback_data`, so the caller may pick it (a recipient's id). */
  id: string;
  contactId: string;
  content: TemplateContent;
}

/** Where a contact's conversation-less template goes: a conversation that opens and closes with it. */
export const OUTBOUND_ONLY_REASON = 'Outbound template';
const PREVIEW_CHARS = 200;
// Arrays travel as single parameters (unnest), so a batch costs a few parameters whatever its size.
const arr = (values: readonly unknown[]) => sql.param(values);

/**
 * Store template messages for many contacts of one channel at once (a campaign batch), in the caller's transaction:
 * each goes into the contact's open conversation, or — for a contact without one — into a new conversation that is
 * closed at once (nobody is talking yet: it must not wait in a queue or wake the bot; the customer's reply opens a
 * conversation as usual). Templates count in the contact's statistics and join no session. Returns where each went.
 */
export async function recordOutboundTemplates(
  deps: Deps,
  tx: Db,
  input: {
    workspaceId: string;
    channelId: string;
    /** agent: sent from the desk's composer (listed in the admin menu's "Message templates sent", like api). */
    senderType: 'agent' | 'api' | 'system';
    senderUserId?: string;
    items: readonly OutboundTemplateItem[];
  },
): Promise<Map<string, { conversationId: string; contactId: string }>> {
  const placed = new Map<string, { conversationId: string; contactId: string }>();
  if (input.items.length === 0) return placed;
  const { workspaceId, channelId } = input;
  const now = deps.clock.now();
  const contactIds = [...new Set(input.items.map((i) => i.contactId))];
  const open = await tx
    .select({ id: conversations.id, contactId: conversations.contactId })
    .from(conversations)
    .where(
      and(
        eq(conversations.workspaceId, workspaceId),
        eq(conversations.channelId, channelId),
        inArray(conversations.contactId, contactIds),
        ne(conversations.state, 'closed'),
      ),
    );
  const conversationOf = new Map(open.map((c) => [c.contactId, c.id]));
  const without = contactIds.filter((id) => !conversationOf.has(id));
  if (without.length > 0) {
    const created = rowsOf<{ id: string; contact_id: string }>(
      await tx.execute(sql`
        insert into ${conversations} (workspace_id, contact_id, channel_id, state, opened_at, closed_at, closed_reason, closed_by,
          last_message_at, updated_at)
        select ${workspaceId}, c, ${channelId}, 'closed', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
          ${OUTBOUND_ONLY_REASON}, 'system', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
        from unnest(${arr(without)}::uuid[]) as c
        returning id, contact_id`),
    ).map((c) => ({ id: c.id, contactId: c.contact_id }));
    for (const c of created) conversationOf.set(c.contactId, c.id);
  }
  // One statement with array parameters: a campaign batch of 250 is a few parameters, not 3,750.
  const items = input.items;
  await tx.execute(sql`
    insert into ${messages} (id, workspace_id, conversation_id, contact_id, channel_id, direction, sender_type, sender_user_id,
      type, text, content, is_template, status, created_at, arrived_at)
    select v.id, ${workspaceId}, v.conversation_id, v.contact_id, ${channelId}, 'out', ${input.senderType}, ${input.senderUserId ?? null}::uuid,
      'template', v.text, v.content, true, 'queued', ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from unnest(
      ${arr(items.map((i) => i.id))}::uuid[],
      ${arr(items.map((i) => conversationOf.get(i.contactId)!))}::uuid[],
      ${arr(items.map((i) => i.contactId))}::uuid[],
      ${arr(items.map((i) => i.content.text))}::text[],
      ${arr(items.map((i) => JSON.stringify(i.content)))}::jsonb[]
    ) with ordinality as v(id, conversation_id, contact_id, text, content, n)
    order by v.n`);
  await countTemplates(tx, workspaceId, input.items, now);
  if (open.length > 0) {
    await tx
      .update(conversations)
      .set({ lastMessageAt: sql`greatest(${conversations.lastMessageAt}, ${now})`, updatedAt: now })
      .where(
        and(
          eq(conversations.workspaceId, workspaceId),
          inArray(
            conversations.id,
            open.map((c) => c.id),
          ),
        ),
      );
  }
  const events: RealtimeEvent[] = [];
  const openIds = new Set(open.map((c) => c.id));
  for (const item of input.items) {
    const conversationId = conversationOf.get(item.contactId)!;
    placed.set(item.id, { conversationId, contactId: item.contactId });
    // Only open conversations can be on someone's screen; a campaign's closed ones would flood every desk.
    if (openIds.has(conversationId)) {
      events.push({ name: 'message.created', data: { conversationId, messageId: item.id, contactId: item.contactId } });
    }
  }
  await deps.realtime.publishMany(tx, `workspace:${workspaceId}`, events);
  return placed;
}

// Each contact's template count, last-message time and preview, for the whole batch in one statement.
async function countTemplates(tx: Db, workspaceId: string, items: readonly OutboundTemplateItem[], at: Date) {
  const perContact = new Map<string, { n: number; text: string }>();
  for (const i of items) {
    const prev = perContact.get(i.contactId);
    perContact.set(i.contactId, { n: (prev?.n ?? 0) + 1, text: i.content.text });
  }
  const c = contactsTable;
  const list = [...perContact];
  const previews = list.map(([, v]) => (v.text.length > PREVIEW_CHARS ? `${v.text.slice(0, PREVIEW_CHARS - 1)}…` : v.text));
  const newer = sql`(${c.lastMessageAt} is null or ${c.lastMessageAt} <= ${at})`;
  await tx.execute(sql`
    update ${c} set
      template_messages = ${c.templateMessages} + v.n,
      last_message_at = case when ${newer} then ${at}::timestamptz else ${c.lastMessageAt} end,
      last_message_preview = case when ${newer} then v.preview else ${c.lastMessagePreview} end,
      updated_at = ${at}::timestamptz
    from unnest(${arr(list.map(([id]) => id))}::uuid[], ${arr(list.map(([, v]) => v.n))}::int[], ${arr(previews)}::text[]) as v(id, n, preview)
    where ${c.workspaceId} = ${workspaceId} and ${c.id} = v.id`);
}

/**
 * The provider accepted these messages: remember its ids (a status webhook may have done it first — kept then).
 * Their status stays `queued` until the provider's status webhooks move it, like every WhatsApp message.
 */
export async function recordHandedOver(
  db: Db,
  workspaceId: string,
  accepted: ReadonlyArray<{ messageId: string; providerMessageId: string }>,
): Promise<void> {
  if (accepted.length === 0) return;
  await db.execute(sql`
    update ${messages} set provider_message_id = v.pid
    from unnest(${arr(accepted.map((a) => a.messageId))}::uuid[], ${arr(accepted.map((a) => a.providerMessageId))}::text[]) as v(id, pid)
    where ${messages.workspaceId} = ${workspaceId} and ${messages.id} = v.id and ${messages.providerMessageId} is null`);
}

/** The provider refused these messages for good: they fail with its code and reason (a status may have come first). */
export async function recordNotSent(
  deps: Deps,
  db: Db,
  workspaceId: string,
  refused: ReadonlyArray<{ messageId: string; code: number | null; title: string; details?: string }>,
): Promise<void> {
  if (refused.length === 0) return;
  const at = deps.clock.now();
  const events: RealtimeEvent[] = [];
  for (const r of refused) {
    const [m] = await db
      .update(messages)
      .set({ status: 'failed', failedAt: at, errorCode: r.code, errorTitle: r.title, errorDetails: r.details ?? null })
      .where(
        and(
          eq(messages.workspaceId, workspaceId),
          eq(messages.id, r.messageId),
          eq(messages.status, 'queued'),
          isNull(messages.providerMessageId),
        ),
      )
      .returning({ conversationId: messages.conversationId });
    if (m) events.push({ name: 'message.status', data: { conversationId: m.conversationId, messageId: r.messageId, status: 'failed' } });
  }
  await deps.realtime.publishMany(db, `workspace:${workspaceId}`, events);
}
