import {
  at,
  charLength,
  elementObj,
  oneOf,
  onlyKeys,
  optionalString,
  reject,
  requireArray,
  requireNumber,
  requireObj,
  requireString,
  type Obj,
} from './checks';
import { validateMediaObject } from './validate-media';

/** A template send as parsed from the body: what the registry check and the pricing need. */
export interface ParsedTemplate {
  name: string;
  language: string;
  /** Body parameter texts in order (currency/date_time contribute their fallback_value). */
  bodyParams: Array<{ name?: string; text: string }>;
}

/** Meta's exact wording for the rule every template text parameter must obey. */
export const TEXT_PARAM_RULE = 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces';

const COMPONENT_TYPES = ['header', 'body', 'button', 'carousel', 'limited_time_offer'] as const;
const PARAM_TYPES = [
  'text',
  'currency',
  'date_time',
  'image',
  'video',
  'document',
  'location',
  'payload',
  'coupon_code',
  'action',
  'expiration_time',
  'limited_time_offer',
  'product',
] as const;
const BUTTON_SUB_TYPES = ['quick_reply', 'url', 'copy_code', 'flow', 'catalog', 'mpm', 'voice_call', 'order_details'] as const;

export function validateTemplate(body: Obj): ParsedTemplate {
  const path = 'template';
  const template = requireObj(body, 'template', '');
  onlyKeys(template, ['name', 'language', 'components', 'namespace'], path);
  const name = requireString(template, 'name', path, { max: 512 });
  const language = requireObj(template, 'language', path);
  const lp = at(path, 'language');
  onlyKeys(language, ['code', 'policy'], lp);
  const code = requireString(language, 'code', lp);
  const policy = optionalString(language, 'policy', lp);
  if (policy !== undefined) oneOf(policy, ['deterministic'], at(lp, 'policy'));

  const bodyParams: ParsedTemplate['bodyParams'] = [];
  if (template.components === undefined) return { name, language: code, bodyParams };
  const components = requireArray(template, 'components', path);
  components.forEach((raw, i) => {
    const cp = at(at(path, 'components'), i);
    const component = elementObj(raw, cp);
    onlyKeys(component, ['type', 'sub_type', 'index', 'parameters', 'cards'], cp);
    const type = oneOf(requireString(component, 'type', cp), COMPONENT_TYPES, at(cp, 'type'));
    if (type === 'button') validateButtonAddress(component, cp);
    if (component.parameters === undefined) return;
    const params = requireArray(component, 'parameters', cp);
    params.forEach((rawParam, j) => {
      const parsed = validateParameter(elementObj(rawParam, at(at(cp, 'parameters'), j)), at(at(cp, 'parameters'), j), type);
      if (type === 'body' && parsed) bodyParams.push(parsed);
    });
  });
  return { name, language: code, bodyParams };
}

/** Buttons are addressed by `sub_type` and a 0-based `index` among all the template's buttons (0–9, §7). */
function validateButtonAddress(component: Obj, cp: string): void {
  oneOf(requireString(component, 'sub_type', cp), BUTTON_SUB_TYPES, at(cp, 'sub_type'));
  const index = component.index;
  if (index === undefined || index === null || index === '') reject(131008, `The parameter ${at(cp, 'index')} is required.`);
  const n = typeof index === 'number' ? index : typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > 9)
    reject(131009, `Param ${at(cp, 'index')} must be a button index from 0 to 9 - got ${JSON.stringify(index)}.`);
}

function validateParameter(param: Obj, pp: string, component: string): { name?: string; text: string } | undefined {
  const type = oneOf(requireString(param, 'type', pp), PARAM_TYPES, at(pp, 'type'));
  switch (type) {
    case 'text': {
      onlyKeys(param, ['type', 'text', 'parameter_name'], pp);
      const text = requireString(param, 'text', pp);
      if (component === 'body' || component === 'header') checkTextParam(text, at(pp, 'text'));
      const name = optionalString(param, 'parameter_name', pp, { min: 1 });
      return name === undefined ? { text } : { name, text };
    }
    case 'currency': {
      onlyKeys(param, ['type', 'currency', 'parameter_name'], pp);
      const currency = requireObj(param, 'currency', pp);
      const cp = at(pp, 'currency');
      const fallback = requireString(currency, 'fallback_value', cp);
      const code = requireString(currency, 'code', cp);
      if (!/^[A-Z]{3}$/.test(code)) reject(131009, `Param ${at(cp, 'code')} must be an ISO 4217 currency code - got "${code}".`);
      requireNumber(currency, 'amount_1000', cp);
      return { text: fallback };
    }
    case 'date_time': {
      onlyKeys(param, ['type', 'date_time', 'parameter_name'], pp);
      const dt = requireObj(param, 'date_time', pp);
      return { text: requireString(dt, 'fallback_value', at(pp, 'date_time')) };
    }
    case 'image':
    case 'video':
    case 'document':
      onlyKeys(param, ['type', type], pp);
      validateMediaObject(requireObj(param, type, pp), type, at(pp, type), 'header');
      return undefined;
    case 'location': {
      onlyKeys(param, ['type', 'location'], pp);
      const loc = requireObj(param, 'location', pp);
      requireNumber(loc, 'latitude', at(pp, 'location'), { min: -90, max: 90 });
      requireNumber(loc, 'longitude', at(pp, 'location'), { min: -180, max: 180 });
      return undefined;
    }
    case 'payload':
      onlyKeys(param, ['type', 'payload'], pp);
      requireString(param, 'payload', pp, { max: 1000 });
      return undefined;
    case 'coupon_code':
      onlyKeys(param, ['type', 'coupon_code'], pp);
      requireString(param, 'coupon_code', pp, { max: 15 });
      return undefined;
    default:
      // action / expiration_time / limited_time_offer / product: carried through, not modeled in depth.
      return undefined;
  }
}

/** Template parameters are single-line; Meta answers this rule with code 100 (not 131009). */
function checkTextParam(text: string, path: string): void {
  if (/[\n\r\t]/.test(text) || / {5,}/.test(text)) reject(100, `${TEXT_PARAM_RULE}: ${path}.`);
}

/** What the fake knows about an approved template (register with `fake.registerTemplate`). */
export interface TemplateInfo {
  name: string;
  /** Omit to match every language. */
  language?: string;
  /** Drives `pricing.category` in status webhooks. */
  category?: 'marketing' | 'utility' | 'authentication';
  /** Body text with `{{1}}` or `{{name}}` placeholders; enables the 132000 count and 132005 length checks. */
  body?: string;
  status?: 'APPROVED' | 'PAUSED' | 'DISABLED';
}

export const TEMPLATE_BODY_MAX = 1024;

/** The checks Meta makes against the stored template (§7): status, parameter count, rendered length. */
export function checkAgainstTemplate(parsed: ParsedTemplate, info: TemplateInfo): void {
  if (info.status === 'PAUSED') reject(132015, `Template ${parsed.name} is paused because of low quality.`);
  if (info.status === 'DISABLED') reject(132016, `Template ${parsed.name} is disabled because of low quality.`);
  if (info.body === undefined) return;
  const placeholders = [...new Set([...info.body.matchAll(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g)].map((m) => m[1] ?? ''))];
  if (placeholders.length !== parsed.bodyParams.length) {
    reject(
      132000,
      `body: number of localizable_params (${parsed.bodyParams.length}) does not match the expected number of params (${placeholders.length})`,
    );
  }
  const named = placeholders.some((p) => !/^\d+$/.test(p));
  const value = (key: string): string =>
    named
      ? (parsed.bodyParams.find((p) => p.name === key)?.text ?? reject(132000, `body: missing parameter_name "${key}".`))
      : (parsed.bodyParams[Number(key) - 1]?.text ?? '');
  const rendered = info.body.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (_, key: string) => value(key));
  const len = charLength(rendered);
  if (len > TEMPLATE_BODY_MAX) reject(132005, `body: rendered text is ${len} characters, max ${TEMPLATE_BODY_MAX}.`);
}
