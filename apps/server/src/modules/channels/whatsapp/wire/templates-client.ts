// The WhatsApp Business Management API's message templates (reference §7): list one WABA's templates page by
// page, and create one. Types mirror Meta's JSON (UPPER_CASE types, snake_case fields); mapping to Parley's own
// template model is the campaigns module's business. The token travels only in the Authorization header.
import { fromGraphBody, GraphApiError, parseJson } from './graph-api-error';
import { clean, isRecord, own, ownArray, ownId, ownRecord, ownString } from './read';

export interface GraphTemplateButton {
  /** QUICK_REPLY | URL | PHONE_NUMBER | COPY_CODE | OTP | FLOW | … */
  type: string;
  text?: string;
  url?: string;
  phone_number?: string;
  /** URL buttons: the full example URL(s). */
  example?: string[];
}

export interface GraphTemplateComponent {
  /** HEADER | BODY | FOOTER | BUTTONS | CAROUSEL | … */
  type: string;
  /** HEADER: TEXT | IMAGE | VIDEO | DOCUMENT | LOCATION. */
  format?: string;
  text?: string;
  example?: {
    header_text?: string[];
    header_handle?: string[];
    /** One row of example values, `{{1}}`…`{{n}}` in order. */
    body_text?: string[][];
    body_text_named_params?: Array<{ param_name: string; example: string }>;
  };
  buttons?: GraphTemplateButton[];
}

export interface GraphTemplate {
  id: string;
  name: string;
  language: string;
  /** APPROVED | PENDING | REJECTED | … (upper case). */
  status: string;
  /** MARKETING | UTILITY | AUTHENTICATION. */
  category: string;
  /** POSITIONAL (default) or NAMED. */
  parameter_format?: string;
  rejected_reason?: string;
  components: GraphTemplateComponent[];
}

/** `POST /{WABA_ID}/message_templates`, exactly as Meta expects it. */
export interface GraphTemplateCreate {
  name: string;
  language: string;
  category: string;
  parameter_format?: 'POSITIONAL';
  components: GraphTemplateComponent[];
}

export interface TemplatesPage {
  templates: GraphTemplate[];
  /** Cursor of the next page; undefined on the last one (Meta omits `paging.next` there). */
  after?: string;
  /** Entries Meta sent that could not be read (no id, name or language): skipped, never guessed. */
  unreadable: number;
}

export interface TemplatesClientOptions {
  baseUrl: string;
  version: string;
  wabaId: string;
  accessToken: string;
  timeoutMs: number;
}

export interface TemplatesClient {
  listTemplates(page?: { after?: string; limit?: number }): Promise<TemplatesPage>;
  createTemplate(body: GraphTemplateCreate): Promise<{ id: string; status: string; category?: string }>;
}

const LIST_FIELDS = 'id,name,language,status,category,parameter_format,rejected_reason,components';

export function createTemplatesClient(options: TemplatesClientOptions): TemplatesClient {
  const baseUrl = new URL(options.baseUrl).href.replace(/\/+$/, '');
  if (!/^v\d+\.\d+$/.test(options.version)) throw new Error('Graph API version must look like v23.0');
  if (!/^\d+$/.test(options.wabaId)) throw new Error('WhatsApp Business Account id must be digits');
  const endpoint = `${baseUrl}/${options.version}/${options.wabaId}/message_templates`;

  async function call(url: string, init: RequestInit, post: boolean): Promise<{ status: number; json: unknown }> {
    try {
      const res = await fetch(url, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${options.accessToken}` },
        signal: AbortSignal.timeout(options.timeoutMs),
        redirect: 'error',
      });
      return { status: res.status, json: parseJson(await res.text()) };
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError';
      const what = timedOut ? `timed out after ${options.timeoutMs} ms` : 'failed: network error';
      throw new GraphApiError(`Graph API request ${what}`, null, null, 'transient', post);
    }
  }

  async function listTemplates(page: { after?: string; limit?: number } = {}): Promise<TemplatesPage> {
    // The next page is asked for with our own URL and the cursor, never by following `paging.next`: the token
    // must only ever go to the configured Graph host.
    const query = new URLSearchParams({ fields: LIST_FIELDS, limit: String(page.limit ?? 100) });
    if (page.after) query.set('after', page.after);
    const { status, json } = await call(`${endpoint}?${query}`, { method: 'GET' }, false);
    if (status >= 400 || ownRecord(json, 'error')) throw fromGraphBody(json, status, false);
    const data = ownArray(json, 'data');
    if (status >= 300 || !data)
      throw new GraphApiError(`Graph API returned an unreadable template list (HTTP ${status})`, null, status, 'transient', false);
    const templates = data.map(readTemplate).filter((t): t is GraphTemplate => t !== undefined);
    const paging = ownRecord(json, 'paging');
    const after = ownString(ownRecord(paging, 'cursors'), 'after');
    const hasNext = ownString(paging, 'next') !== undefined;
    return { templates, ...(hasNext && after ? { after } : {}), unreadable: data.length - templates.length };
  }

  async function createTemplate(body: GraphTemplateCreate) {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
    const { status, json } = await call(endpoint, init, true);
    if (status >= 400 || ownRecord(json, 'error')) throw fromGraphBody(json, status, true);
    const id = ownId(json, 'id');
    if (status >= 300 || !id)
      throw new GraphApiError(`Graph API returned an unreadable answer (HTTP ${status})`, null, status, 'transient', true);
    const category = ownString(json, 'category');
    return { id, status: ownString(json, 'status') ?? 'PENDING', ...(category ? { category } : {}) };
  }

  return { listTemplates, createTemplate };
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string').map(clean) : undefined;

function readTemplate(raw: unknown): GraphTemplate | undefined {
  const id = ownId(raw, 'id');
  const name = ownString(raw, 'name');
  const language = ownString(raw, 'language');
  if (!id || !name || !language) return undefined;
  const t: GraphTemplate = {
    id,
    name,
    language,
    status: ownString(raw, 'status') ?? 'PENDING',
    category: ownString(raw, 'category') ?? '',
    components: (ownArray(raw, 'components') ?? []).filter(isRecord).map(readComponent),
  };
  const format = ownString(raw, 'parameter_format');
  const reason = ownString(raw, 'rejected_reason');
  if (format) t.parameter_format = format;
  if (reason) t.rejected_reason = reason;
  return t;
}

function readComponent(raw: Record<string, unknown>): GraphTemplateComponent {
  const c: GraphTemplateComponent = { type: ownString(raw, 'type') ?? '' };
  const format = ownString(raw, 'format');
  const text = ownString(raw, 'text');
  if (format) c.format = format;
  if (text !== undefined) c.text = text;
  const ex = ownRecord(raw, 'example');
  if (ex) {
    const example: NonNullable<GraphTemplateComponent['example']> = {};
    const headerText = strings(own(ex, 'header_text'));
    const headerHandle = strings(own(ex, 'header_handle'));
    const bodyText = ownArray(ex, 'body_text')?.map((row) => strings(row) ?? []);
    const named = ownArray(ex, 'body_text_named_params');
    if (headerText) example.header_text = headerText;
    if (headerHandle) example.header_handle = headerHandle;
    if (bodyText) example.body_text = bodyText;
    if (named)
      example.body_text_named_params = named.map((p) => ({
        param_name: ownString(p, 'param_name') ?? '',
        example: ownString(p, 'example') ?? '',
      }));
    c.example = example;
  }
  const buttons = ownArray(raw, 'buttons');
  if (buttons) c.buttons = buttons.filter(isRecord).map(readButton);
  return c;
}

function readButton(raw: Record<string, unknown>): GraphTemplateButton {
  const b: GraphTemplateButton = { type: ownString(raw, 'type') ?? '' };
  const text = ownString(raw, 'text');
  const url = ownString(raw, 'url');
  const phone = ownString(raw, 'phone_number');
  const example = strings(own(raw, 'example'));
  if (text !== undefined) b.text = text;
  if (url !== undefined) b.url = url;
  if (phone !== undefined) b.phone_number = phone;
  if (example) b.example = example;
  return b;
}
