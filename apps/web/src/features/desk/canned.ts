import type { CannedReply, ContactAttributes, ContactView } from '@parley/contracts';

/** The `/word` being typed at the caret (from the start of the text or after a space), or null. */
export function shortcutAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)(\/[\w-]*)$/.exec(before);
  if (!match) return null;
  return { start: caret - match[2]!.length, query: match[2]!.toLowerCase() };
}

/** Replies whose shortcut starts with what is typed, then those whose title contains it; at most `max`. */
export function matchCanned(replies: readonly CannedReply[], query: string, max = 8): CannedReply[] {
  const q = query.replace(/^\//, '');
  const byShortcut = replies.filter((r) => r.shortcut.slice(1).startsWith(q));
  const byTitle = replies.filter((r) => !byShortcut.includes(r) && q !== '' && r.title.toLowerCase().includes(q));
  return [...byShortcut, ...byTitle].slice(0, max);
}

/** What `{{…}}` placeholders are filled with, from the contact, its attributes and the agent. */
export function placeholderValues(
  contact: ContactView | undefined,
  attributes: ContactAttributes['items'] | undefined,
  agentName: string,
): Record<string, string | null> {
  const values: Record<string, string | null> = {
    first_name: contact?.firstName ?? null,
    last_name: contact?.lastName ?? null,
    name: [contact?.firstName, contact?.lastName].filter(Boolean).join(' ') || contact?.channelName || null,
    phone: contact?.phone ?? null,
    email: contact?.email ?? null,
    agent_name: agentName,
  };
  for (const a of attributes ?? []) values[`attr.${a.key}`] = a.value === null ? null : String(a.value);
  return values;
}
