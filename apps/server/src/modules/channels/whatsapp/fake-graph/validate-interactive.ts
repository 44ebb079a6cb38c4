import { at, elementObj, oneOf, onlyKeys, optionalObj, reject, requireArray, requireObj, requireString, type Obj } from './checks';
import { validateMediaObject } from './validate-media';

/**
 * Interactive limits (§5.2). Reply buttons: 1–3 buttons, title ≤20 and unique, id ≤256 without
 * leading/trailing spaces, body ≤1024, header text ≤60, footer ≤60. List: button ≤20, body ≤4096,
 * ≤10 sections, ≤10 rows in all sections, row title ≤24, row id ≤200, description ≤72.
 */
export const INTERACTIVE_LIMITS = {
  headerText: 60,
  footer: 60,
  buttonBody: 1024,
  buttons: 3,
  buttonTitle: 20,
  buttonId: 256,
  listBody: 4096,
  listButton: 20,
  sections: 10,
  rows: 10,
  sectionTitle: 24,
  rowTitle: 24,
  rowId: 200,
  rowDescription: 72,
  ctaDisplayText: 20,
} as const;

const L = INTERACTIVE_LIMITS;

/** Subtypes Meta offers whose actions the fake does not model in depth: accepted when body/action are objects. */
const SHALLOW_TYPES = [
  'flow',
  'product',
  'product_list',
  'catalog_message',
  'location_request_message',
  'address_message',
  'call_permission_request',
  'voice_call',
] as const;
const TYPES = ['button', 'list', 'cta_url', ...SHALLOW_TYPES] as const;

export function validateInteractive(body: Obj): void {
  const path = 'interactive';
  const interactive = requireObj(body, 'interactive', '');
  onlyKeys(interactive, ['type', 'header', 'body', 'footer', 'action'], path);
  const type = oneOf(requireString(interactive, 'type', path), TYPES, at(path, 'type'));
  if (type === 'button') return validateButtons(interactive);
  if (type === 'list') return validateList(interactive);
  if (type === 'cta_url') return validateCtaUrl(interactive);
  const b = optionalObj(interactive, 'body', path);
  if (b) requireString(b, 'text', at(path, 'body'), { max: L.buttonBody });
  requireObj(interactive, 'action', path);
}

function validateBodyFooter(interactive: Obj, bodyMax: number, bodyRequired = true): void {
  const path = 'interactive';
  const b = bodyRequired ? requireObj(interactive, 'body', path) : optionalObj(interactive, 'body', path);
  if (b) {
    onlyKeys(b, ['text'], at(path, 'body'));
    requireString(b, 'text', at(path, 'body'), { max: bodyMax });
  }
  const footer = optionalObj(interactive, 'footer', path);
  if (footer) {
    onlyKeys(footer, ['text'], at(path, 'footer'));
    requireString(footer, 'text', at(path, 'footer'), { max: L.footer });
  }
}

/** Reply-button and CTA headers may be text or media; list headers are text only. */
function validateHeader(interactive: Obj, allowMedia: boolean): void {
  const path = at('interactive', 'header');
  const header = optionalObj(interactive, 'header', 'interactive');
  if (!header) return;
  const kinds = allowMedia ? (['text', 'image', 'video', 'document'] as const) : (['text'] as const);
  const kind = oneOf(requireString(header, 'type', path), kinds, at(path, 'type'));
  onlyKeys(header, ['type', kind], path);
  if (kind === 'text') {
    requireString(header, 'text', path, { max: L.headerText });
    return;
  }
  validateMediaObject(requireObj(header, kind, path), kind, at(path, kind), 'header');
}

function validateButtons(interactive: Obj): void {
  validateHeader(interactive, true);
  validateBodyFooter(interactive, L.buttonBody);
  const path = at('interactive', 'action');
  const action = requireObj(interactive, 'action', 'interactive');
  onlyKeys(action, ['buttons'], path);
  const buttons = requireArray(action, 'buttons', path);
  const bPath = at(path, 'buttons');
  if (buttons.length < 1) reject(131008, `The parameter ${bPath} must contain at least 1 button.`);
  if (buttons.length > L.buttons) reject(131009, `Param ${bPath} has too many buttons. Max: ${L.buttons}, got ${buttons.length}.`);
  const titles = new Set<string>();
  const ids = new Set<string>();
  buttons.forEach((raw, i) => {
    const p = at(bPath, i);
    const button = elementObj(raw, p);
    onlyKeys(button, ['type', 'reply'], p);
    oneOf(requireString(button, 'type', p), ['reply'], at(p, 'type'));
    const reply = requireObj(button, 'reply', p);
    const rp = at(p, 'reply');
    onlyKeys(reply, ['id', 'title'], rp);
    const id = requireString(reply, 'id', rp, { max: L.buttonId });
    if (id.trim() !== id) reject(131009, `Param ${at(rp, 'id')} must not have leading or trailing spaces.`);
    const title = requireString(reply, 'title', rp, { max: L.buttonTitle });
    if (titles.has(title))
      reject(131009, `Param ${at(rp, 'title')} duplicates another button title: "${title}". Button titles must be unique.`);
    if (ids.has(id)) reject(131009, `Param ${at(rp, 'id')} duplicates another button id: "${id}". Button ids must be unique.`);
    titles.add(title);
    ids.add(id);
  });
}

function validateList(interactive: Obj): void {
  validateHeader(interactive, false);
  validateBodyFooter(interactive, L.listBody);
  const path = at('interactive', 'action');
  const action = requireObj(interactive, 'action', 'interactive');
  onlyKeys(action, ['button', 'sections'], path);
  requireString(action, 'button', path, { max: L.listButton });
  const sections = requireArray(action, 'sections', path);
  const sPath = at(path, 'sections');
  if (sections.length < 1) reject(131008, `The parameter ${sPath} must contain at least 1 section.`);
  if (sections.length > L.sections) reject(131009, `Param ${sPath} has too many sections. Max: ${L.sections}, got ${sections.length}.`);
  let rowCount = 0;
  const rowIds = new Set<string>();
  sections.forEach((raw, i) => {
    const p = at(sPath, i);
    const section = elementObj(raw, p);
    onlyKeys(section, ['title', 'rows'], p);
    // A title is optional for a single section but required as soon as there are several (§5.2).
    if (sections.length > 1) requireString(section, 'title', p, { max: L.sectionTitle });
    else if (section.title !== undefined) requireString(section, 'title', p, { max: L.sectionTitle });
    const rows = requireArray(section, 'rows', p);
    if (rows.length < 1) reject(131008, `The parameter ${at(p, 'rows')} must contain at least 1 row.`);
    rows.forEach((rawRow, j) => {
      rowCount++;
      if (rowCount > L.rows) reject(131009, `Param ${sPath} has too many rows. Max: ${L.rows} rows across all sections.`);
      const rp = at(at(p, 'rows'), j);
      const row = elementObj(rawRow, rp);
      onlyKeys(row, ['id', 'title', 'description'], rp);
      const id = requireString(row, 'id', rp, { max: L.rowId });
      if (rowIds.has(id)) reject(131009, `Param ${at(rp, 'id')} duplicates another row id: "${id}". Row ids must be unique.`);
      rowIds.add(id);
      requireString(row, 'title', rp, { max: L.rowTitle });
      if (row.description !== undefined) requireString(row, 'description', rp, { max: L.rowDescription });
    });
  });
}

function validateCtaUrl(interactive: Obj): void {
  validateHeader(interactive, true);
  validateBodyFooter(interactive, L.buttonBody);
  const path = at('interactive', 'action');
  const action = requireObj(interactive, 'action', 'interactive');
  onlyKeys(action, ['name', 'parameters'], path);
  oneOf(requireString(action, 'name', path), ['cta_url'], at(path, 'name'));
  const params = requireObj(action, 'parameters', path);
  const pp = at(path, 'parameters');
  onlyKeys(params, ['display_text', 'url'], pp);
  requireString(params, 'display_text', pp, { max: L.ctaDisplayText });
  const url = requireString(params, 'url', pp);
  if (!/^https?:\/\/\S+$/.test(url)) reject(131009, `Param ${at(pp, 'url')} must be an http(s) URL - got "${url}".`);
}
