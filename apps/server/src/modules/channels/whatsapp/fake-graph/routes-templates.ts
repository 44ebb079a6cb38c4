import type { IncomingMessage } from 'node:http';
import { authenticate } from './auth';
import { fbtraceId, graphErrorBody, unsupportedRequestBody } from './graph-errors';
import { json, type Reply } from './http-util';
import type { FakeState } from './state';
import { reviewTemplate } from './template-webhooks';
import { syncRegistry, type ManagedTemplate } from './templates-state';
import { TemplateRefusal, validateTemplateCreate } from './validate-template-create';

// The Business Management API's `/{version}/{WABA_ID}/message_templates` (reference §7): list with cursor
// paging, create (new templates start PENDING). Approval is a control of the fake (`reviewTemplate`).

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 1000;

/** The token must belong to a number of this WABA; a valid token for another WABA gets Graph's code 100 / 33. */
function authorizeWaba(state: FakeState, req: IncomingMessage, wabaId: string, method: 'get' | 'post'): Reply | undefined {
  const auth = authenticate(state, req);
  if ('kind' in auth) return auth;
  for (const n of state.numbers.values()) if (n.wabaId === wabaId && n.accessToken === auth.token) return undefined;
  return json(400, unsupportedRequestBody(method, wabaId));
}

const cursorOf = (offset: number) => Buffer.from(`tpl:${offset}`).toString('base64url');
function offsetOf(cursor: string): number | undefined {
  const m = /^tpl:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

/** `GET …/message_templates?limit=&after=&fields=`: Meta's page shape, `paging.next` only when more follow. */
export function handleListTemplates(state: FakeState, req: IncomingMessage, url: URL, wabaId: string): Reply {
  const denied = authorizeWaba(state, req, wabaId, 'get');
  if (denied) return denied;
  const limitParam = url.searchParams.get('limit');
  const limit = limitParam === null ? DEFAULT_LIMIT : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return json(400, graphErrorBody(100, `Param limit must be an integer from 1 to ${MAX_LIMIT}.`, 'Invalid parameter'));
  }
  const after = url.searchParams.get('after');
  const start = after === null ? 0 : offsetOf(after);
  if (start === undefined) return json(400, graphErrorBody(100, 'Invalid cursor in param after.', 'Invalid parameter'));
  const fields = url.searchParams
    .get('fields')
    ?.split(',')
    .map((f) => f.trim());
  const all = state.managed.ofWaba(wabaId);
  const page = all.slice(start, start + limit);
  const end = start + page.length;
  const next = new URL(url.pathname, state.baseUrl);
  next.searchParams.set('limit', String(limit));
  next.searchParams.set('after', cursorOf(end));
  if (fields) next.searchParams.set('fields', fields.join(','));
  return json(200, {
    data: page.map((t) => templateJson(t, fields)),
    paging: {
      ...(page.length > 0 ? { cursors: { before: cursorOf(start), after: cursorOf(end) } } : {}),
      ...(end < all.length ? { next: next.href } : {}),
    },
  });
}

function templateJson(t: ManagedTemplate, fields: string[] | undefined): Record<string, unknown> {
  const full: Record<string, unknown> = {
    name: t.name,
    parameter_format: t.parameterFormat,
    components: t.components,
    language: t.language,
    status: t.status,
    category: t.category,
    rejected_reason: t.rejectedReason,
    id: t.id,
  };
  if (!fields) {
    // Meta's default fields leave out rejected_reason.
    const { rejected_reason: _omitted, ...rest } = full;
    return rest;
  }
  return Object.fromEntries(Object.entries(full).filter(([k]) => k === 'id' || fields.includes(k)));
}

/** `POST …/message_templates`: checked like Meta; `{ id, status: 'PENDING', category }` on success. */
export function handleCreateTemplate(state: FakeState, req: IncomingMessage, wabaId: string, raw: Buffer): Reply {
  const denied = authorizeWaba(state, req, wabaId, 'post');
  if (denied) return denied;
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return json(400, graphErrorBody(100, 'The request body is not valid JSON.', 'Invalid parameter'));
  }
  try {
    const t = validateTemplateCreate(body);
    if (state.managed.find(wabaId, t.name, t.language)) {
      return refusal(
        new TemplateRefusal(
          'Content in this language already exists',
          `A template named ${t.name} already exists in ${t.language}.`,
          2388024,
        ),
      );
    }
    const created = state.managed.add(wabaId, t);
    syncRegistry(state.templates, created);
    const delay = state.templateReviewMs;
    if (delay !== undefined) {
      state.poster.track(async () => {
        if ((await state.poster.sleep(delay)) && created.status === 'PENDING') await reviewTemplate(state, created.id, 'APPROVED');
      });
    }
    return json(200, { id: created.id, status: created.status, category: created.category });
  } catch (err) {
    if (err instanceof TemplateRefusal) return refusal(err);
    throw err;
  }
}

/** Meta's management errors: code 100 with a user-facing title and message (what staff should read). */
function refusal(err: TemplateRefusal): Reply {
  return json(400, {
    error: {
      message: '(#100) Invalid parameter',
      type: 'OAuthException',
      code: 100,
      ...(err.subcode !== undefined ? { error_subcode: err.subcode } : {}),
      is_transient: false,
      error_user_title: err.userTitle,
      error_user_msg: err.userMsg,
      fbtrace_id: fbtraceId(),
    },
  });
}
