import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { recordClick } from '../contacts';
import type { Db } from '../../platform/db';
import type { Deps } from '../../platform/deps';
import { messages, trackedLinks } from './tables';

const URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

/**
 * Replace each link in an outbound text with PUBLIC_URL/l/<token>, which counts the click and redirects.
 * Without PUBLIC_URL the customer could not reach the redirect, so links are left as they are.
 */
export async function trackLinks(deps: Deps, tx: Db, m: { workspaceId: string; messageId: string; contactId: string; text: string }) {
  const base = deps.config.http.publicUrl?.replace(/\/$/, '');
  if (!base) return;
  const found = [...new Set(m.text.match(URL_RE) ?? [])].filter((u) => !u.startsWith(`${base}/l/`));
  if (found.length === 0) return;
  let text = m.text;
  for (const url of found) {
    const token = randomBytes(9).toString('base64url');
    await tx
      .insert(trackedLinks)
      .values({ workspaceId: m.workspaceId, token, messageId: m.messageId, contactId: m.contactId, url, createdAt: deps.clock.now() });
    text = text.split(url).join(`${base}/l/${token}`);
  }
  await tx
    .update(messages)
    .set({ text, content: sql`jsonb_set(${messages.content}, '{text}', to_jsonb(${text}::text))` })
    .where(and(eq(messages.workspaceId, m.workspaceId), eq(messages.id, m.messageId)));
}

/** A click on a tracked link: count it on the link and the contact, and return where to go. */
export async function followLink(deps: Deps, token: string): Promise<string | null> {
  return deps.db.transaction(async (tx) => {
    const [link] = await tx
      .update(trackedLinks)
      .set({ clicks: sql`${trackedLinks.clicks} + 1` })
      .where(eq(trackedLinks.token, token))
      .returning();
    if (!link) return null;
    await recordClick(tx as unknown as Db, link.workspaceId, link.contactId);
    return link.url;
  });
}
