// Interactive reply buttons and lists (reference §5.2). We use the strictest documented limits: body
// ≤1024 for both (the list page now says 4096, older docs and SDKs 1024).
import { envelope, validated, type Addressing, type OutboundMessageBody } from './outbound-common';
import { checkMediaSource, type Issues } from './outbound-validate';

export interface ReplyButton {
  /** 1..256 characters, no leading/trailing spaces, unique; comes back as button_reply.id. */
  id: string;
  /** 1..20 characters, unique. */
  title: string;
}

/** A text header (≤60 characters) or a media header (no caption). */
export type ReplyButtonsHeader = string | { type: 'image' | 'video' | 'document'; id?: string; link?: string; filename?: string };

export interface ReplyButtonsMessageInput extends Addressing {
  /** 1..1024 characters. */
  body: string;
  /** 1..3 buttons. */
  buttons: ReplyButton[];
  header?: ReplyButtonsHeader;
  /** ≤60 characters. */
  footer?: string;
}

export interface ListRow {
  /** 1..200 characters, unique across all sections. */
  id: string;
  /** 1..24 characters. */
  title: string;
  /** ≤72 characters. */
  description?: string;
}

export interface ListSection {
  /** ≤24 characters; required when there is more than one section. */
  title?: string;
  rows: ListRow[];
}

export interface ListMessageInput extends Addressing {
  /** 1..1024 characters. */
  body: string;
  /** The label of the button that opens the list: 1..20 characters. */
  button: string;
  /** 1..10 sections, with 1..10 rows in total. */
  sections: ListSection[];
  /** Text only, ≤60 characters. */
  header?: string;
  /** ≤60 characters. */
  footer?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function duplicates(issues: Issues, entries: { field: string; value: string | undefined }[], what: string) {
  const seen = new Set<string>();
  for (const { field, value } of entries) {
    if (value === undefined) continue;
    if (seen.has(value)) issues.add(field, `must be unique (another ${what} has the same value)`);
    seen.add(value);
  }
}

function replyHeader(issues: Issues, header: unknown): Record<string, unknown> | undefined {
  if (header === undefined || header === null) return undefined;
  if (typeof header === 'string') return { type: 'text', text: issues.text('header', header, { max: 60 }) };
  if (!isObject(header) || !['image', 'video', 'document'].includes(header.type as string)) {
    issues.add('header', 'must be text, or an image, video or document header');
    return undefined;
  }
  const type = header.type as string;
  if ('caption' in header) issues.add('header.caption', 'is not allowed on a media header');
  const media: Record<string, unknown> = { ...checkMediaSource(issues, 'header', header) };
  if (header.filename !== undefined) {
    if (type !== 'document') issues.add('header.filename', 'is only allowed for documents');
    else media.filename = issues.text('header.filename', header.filename, { max: 255 });
  }
  return { type, [type]: media };
}

function footer(issues: Issues, value: unknown): { text: string } | undefined {
  const text = issues.text('footer', value, { max: 60, required: false });
  return text === undefined ? undefined : { text };
}

export function buildReplyButtonsMessage(input: ReplyButtonsMessageInput): OutboundMessageBody {
  return validated(input, (a, issues) => {
    const env = envelope(issues, a);
    const header = replyHeader(issues, a.header);
    const body = issues.text('body', a.body, { max: 1024 });
    const foot = footer(issues, a.footer);
    const buttons: unknown[] = Array.isArray(a.buttons) ? a.buttons : [];
    if (!Array.isArray(a.buttons)) issues.add('buttons', 'must be a list of 1 to 3 buttons');
    else if (buttons.length < 1 || buttons.length > 3) issues.add('buttons', 'must have 1 to 3 buttons');
    const checked = buttons.map((b, i) => {
      if (!isObject(b)) {
        issues.add(`buttons[${i}]`, 'must be an object with id and title');
        return { id: undefined, title: undefined };
      }
      return {
        id: issues.text(`buttons[${i}].id`, b.id, { max: 256, noEdgeSpaces: true }),
        title: issues.text(`buttons[${i}].title`, b.title, { max: 20 }),
      };
    });
    // Meta requires unique titles; ids must be unique too or a tap could not be told apart.
    duplicates(
      issues,
      checked.map((b, i) => ({ field: `buttons[${i}].title`, value: b.title?.trim() })),
      'button',
    );
    duplicates(
      issues,
      checked.map((b, i) => ({ field: `buttons[${i}].id`, value: b.id })),
      'button',
    );
    const interactive = {
      type: 'button',
      ...(header ? { header } : {}),
      body: { text: body },
      ...(foot ? { footer: foot } : {}),
      action: { buttons: checked.map((b) => ({ type: 'reply', reply: { id: b.id, title: b.title } })) },
    };
    return { ...env, type: 'interactive', interactive };
  });
}

export function buildListMessage(input: ListMessageInput): OutboundMessageBody {
  return validated(input, (a, issues) => {
    const env = envelope(issues, a);
    if (a.header !== undefined && typeof a.header !== 'string') issues.add('header', 'must be text (lists take text headers only)');
    const headerText = typeof a.header === 'string' ? issues.text('header', a.header, { max: 60 }) : undefined;
    const body = issues.text('body', a.body, { max: 1024 });
    const foot = footer(issues, a.footer);
    const button = issues.text('button', a.button, { max: 20 });

    const sections: unknown[] = Array.isArray(a.sections) ? a.sections : [];
    if (!Array.isArray(a.sections)) issues.add('sections', 'must be a list of 1 to 10 sections');
    else if (sections.length < 1 || sections.length > 10) issues.add('sections', 'must have 1 to 10 sections');
    const rowIds: { field: string; value: string | undefined }[] = [];
    let totalRows = 0;
    const built = sections.map((s, i) => {
      const where = `sections[${i}]`;
      if (!isObject(s)) {
        issues.add(where, 'must be an object with rows');
        return {};
      }
      const title = issues.text(`${where}.title`, s.title, { max: 24, required: sections.length > 1 });
      const rows: unknown[] = Array.isArray(s.rows) ? s.rows : [];
      if (rows.length === 0) issues.add(`${where}.rows`, 'must have at least 1 row');
      totalRows += rows.length;
      const builtRows = rows.map((r, j) => {
        const rw = `${where}.rows[${j}]`;
        if (!isObject(r)) {
          issues.add(rw, 'must be an object with id and title');
          return {};
        }
        const id = issues.text(`${rw}.id`, r.id, { max: 200 });
        rowIds.push({ field: `${rw}.id`, value: id });
        const description = issues.text(`${rw}.description`, r.description, { max: 72, required: false });
        return { id, title: issues.text(`${rw}.title`, r.title, { max: 24 }), ...(description === undefined ? {} : { description }) };
      });
      return { ...(title === undefined ? {} : { title }), rows: builtRows };
    });
    // "Up to 10 sections, with up to 10 rows for all sections combined."
    if (totalRows > 10) issues.add('sections', `must have at most 10 rows in total (has ${totalRows})`);
    duplicates(issues, rowIds, 'row');

    const interactive = {
      type: 'list',
      ...(headerText === undefined ? {} : { header: { type: 'text', text: headerText } }),
      body: { text: body },
      ...(foot ? { footer: foot } : {}),
      action: { button, sections: built },
    };
    return { ...env, type: 'interactive', interactive };
  });
}
