// A conversation's transcript as an email: the sender's own text, the overview, then every message — as plain text
// and as HTML. Everything that came from a customer, an agent or a template is text: HTML-escaped, never turned
// into links or markup (so <script>, [x](javascript:…) and the like arrive as the characters they are), and
// stripped of Unicode bidi overrides and isolates, which could make a line read backwards.
import type { AdminConversationInfo } from '@parley/contracts';
import { WallClock } from '../../platform/excel';

export interface Transcript {
  subject: string;
  text: string;
  html: string;
}

type Info = AdminConversationInfo;
type Message = Info['messages'][number];

// LRE RLE PDF LRO RLO (U+202A–U+202E) and LRI RLI FSI PDI (U+2066–U+2069).
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

/** Text as it may appear anywhere in the mail: bidi controls gone, other controls but line breaks and tabs gone. */
export function inert(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(BIDI_CONTROLS, '').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

export function escapeHtml(value: string): string {
  return inert(value).replace(/[&<>"']/g, (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[ch]};`);
}

const html = (value: string) => escapeHtml(value).replace(/\r?\n/g, '<br>');

function senderOf(m: Message, contactName: string): string {
  switch (m.senderType) {
    case 'customer':
      return contactName;
    case 'agent':
      return m.senderName ?? 'Agent';
    case 'bot':
      return 'Bot';
    case 'api':
      return m.senderName ?? 'API';
    default:
      return 'System';
  }
}

/** What a message says: its text, or what it is (a photo, a location) when it has none. */
function bodyOf(m: Message): string {
  const label = m.isTemplate ? `Template${typeof m.content.name === 'string' ? ` "${m.content.name}"` : ''}` : null;
  const text = m.text ?? `[${m.type}]`;
  return label ? `${label}: ${text}` : text;
}

const stateWords: Record<Info['overview']['state'], string> = {
  bot: 'With the bot',
  waiting: 'Waiting',
  assigned: 'With an agent',
  closed: 'Closed',
};

export function renderTranscript(info: Info, customText: string, timezone: string): Transcript {
  const clock = new WallClock(timezone);
  const when = (iso: string | null) => (iso ? `${clock.text(new Date(iso))} (${timezone})` : '—');
  const o = info.overview;
  const contactName = inert(o.contactName ?? o.contactPhone ?? 'Customer');
  const overview: Array<[string, string]> = [
    ['Contact', [o.contactName, o.contactPhone].filter(Boolean).join(' · ') || '—'],
    ['Channel', o.channelName ?? '—'],
    ['State', stateWords[o.state]],
    ['Opened', when(o.openedAt)],
    ...(o.agentName ? ([['Agent', o.agentName]] as Array<[string, string]>) : []),
    ...(o.skillsetName ? ([['Queue', o.skillsetName]] as Array<[string, string]>) : []),
    ...(o.closedAt ? ([['Closed', when(o.closedAt)]] as Array<[string, string]>) : []),
    ...(o.closedReason ? ([['Reason', o.closedReason]] as Array<[string, string]>) : []),
    ...(o.pricingCategory ? ([['Pricing category', o.pricingCategory]] as Array<[string, string]>) : []),
    ['Messages', String(o.counts.messages)],
  ];
  const cut = info.truncated ? `Only the newest ${info.messages.length} messages are included.` : null;

  const textLines = [
    ...(customText.trim() ? [inert(customText.trim()), ''] : []),
    `Conversation with ${contactName}`,
    ...overview.map(([k, v]) => `${k}: ${inert(v)}`),
    ...(cut ? [cut] : []),
    '',
    ...info.messages.map((m) => `[${when(m.createdAt)}] ${inert(senderOf(m, contactName))}: ${inert(bodyOf(m))}`),
  ];

  const rows = info.messages
    .map((m) => {
      const mine = m.direction === 'out';
      return `<tr><td style="padding:6px 8px;vertical-align:top;color:#555;white-space:nowrap">${html(when(m.createdAt))}</td>
<td style="padding:6px 8px;vertical-align:top;font-weight:bold;${mine ? 'color:#1c7ed6' : ''}">${html(senderOf(m, contactName))}</td>
<td style="padding:6px 8px;vertical-align:top" dir="auto">${html(bodyOf(m))}</td></tr>`;
    })
    .join('\n');
  const htmlBody = `<!doctype html>
<html><head><meta charset="utf-8"><title>${html(`Conversation with ${contactName}`)}</title></head>
<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">
${customText.trim() ? `<p dir="auto">${html(customText.trim())}</p><hr>` : ''}
<h2 style="font-size:18px">${html(`Conversation with ${contactName}`)}</h2>
<table style="border-collapse:collapse;margin-bottom:12px">
${overview.map(([k, v]) => `<tr><th style="text-align:left;padding:2px 12px 2px 0">${html(k)}</th><td dir="auto">${html(v)}</td></tr>`).join('\n')}
</table>
${cut ? `<p><em>${html(cut)}</em></p>` : ''}
<table style="border-collapse:collapse;width:100%">
${rows}
</table>
</body></html>`;

  return {
    subject: `Conversation with ${contactName} — ${clock.text(new Date(o.openedAt)).slice(0, 10)}`,
    text: `${textLines.join('\n')}\n`,
    html: htmlBody,
  };
}
