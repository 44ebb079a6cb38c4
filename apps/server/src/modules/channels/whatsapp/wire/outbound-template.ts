// Template sends (reference §5.2, §7). Only structure and parameter values are checked here; whether the
// template exists with this many parameters is Meta's to say (132000 / 132001).
import { envelope, validated, type Addressing, type OutboundMessageBody } from './outbound-common';
import { checkMediaSource, type Issues } from './outbound-validate';

/** Named-parameter templates set `parameterName` on every text/currency/date_time parameter of a component. */
export type TemplateParameter =
  | { type: 'text'; text: string; parameterName?: string }
  | { type: 'currency'; fallbackValue: string; code: string; amount1000: number; parameterName?: string }
  | { type: 'date_time'; fallbackValue: string; parameterName?: string }
  /** Header only. */
  | { type: 'image' | 'video' | 'document'; id?: string; link?: string; filename?: string }
  /** Header only. */
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string };

/** `index` is the button's 0-based position among ALL the template's buttons (0..9). */
export type TemplateButton =
  | { subType: 'quick_reply'; index: number; payload: string }
  | { subType: 'url'; index: number; text: string }
  | { subType: 'copy_code'; index: number; couponCode: string };

export interface TemplateMessageInput extends Addressing {
  /** Template name: lowercase letters, digits and underscores. */
  name: string;
  /** e.g. "en_US", "pt_BR", "fil". */
  languageCode: string;
  header?: TemplateParameter[];
  body?: TemplateParameter[];
  buttons?: TemplateButton[];
}

const NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}(?:_[A-Z]{2})?$/;
const PARAM_NAME = /^[a-z0-9_]{1,512}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Meta's rule for template text parameters: no newlines or tabs, and no more than 4 consecutive spaces
 * (rejected with 132018 otherwise). Message bodies of free-form messages have no such rule.
 */
function templateText(issues: Issues, field: string, value: unknown, max: number): string | undefined {
  const text = issues.text(field, value, { max });
  if (text === undefined) return undefined;
  if (/[\n\r\t]/.test(text)) issues.add(field, 'must not contain newlines or tabs');
  if (/ {5,}/.test(text)) issues.add(field, 'must not contain more than 4 consecutive spaces');
  return text;
}

function parameter(issues: Issues, where: string, p: unknown, inHeader: boolean, maxText: number): Record<string, unknown> | undefined {
  if (!isObject(p)) {
    issues.add(where, 'must be an object with a type');
    return undefined;
  }
  let out: Record<string, unknown>;
  switch (p.type) {
    case 'text':
      out = { type: 'text', text: templateText(issues, `${where}.text`, p.text, maxText) };
      break;
    case 'currency': {
      const code = typeof p.code === 'string' && /^[A-Z]{3}$/.test(p.code) ? p.code : undefined;
      if (!code) issues.add(`${where}.code`, 'must be an ISO 4217 currency code such as USD');
      if (typeof p.amount1000 !== 'number' || !Number.isSafeInteger(p.amount1000))
        issues.add(`${where}.amount1000`, 'must be an integer (amount × 1000)');
      const fallback = issues.text(`${where}.fallbackValue`, p.fallbackValue, { max: maxText });
      out = { type: 'currency', currency: { fallback_value: fallback, code: p.code, amount_1000: p.amount1000 } };
      break;
    }
    case 'date_time':
      out = { type: 'date_time', date_time: { fallback_value: issues.text(`${where}.fallbackValue`, p.fallbackValue, { max: maxText }) } };
      break;
    case 'image':
    case 'video':
    case 'document': {
      if (!inHeader) issues.add(`${where}.type`, `${p.type} parameters are only allowed in the header`);
      const media: Record<string, unknown> = { ...checkMediaSource(issues, where, p) };
      if (p.filename !== undefined) {
        if (p.type !== 'document') issues.add(`${where}.filename`, 'is only allowed for documents');
        else media.filename = issues.text(`${where}.filename`, p.filename, { max: 255 });
      }
      return { type: p.type, [p.type]: media };
    }
    case 'location': {
      if (!inHeader) issues.add(`${where}.type`, 'location parameters are only allowed in the header');
      const lat = p.latitude;
      const lng = p.longitude;
      if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) issues.add(`${where}.latitude`, 'must be a number from -90 to 90');
      if (typeof lng !== 'number' || !(lng >= -180 && lng <= 180)) issues.add(`${where}.longitude`, 'must be a number from -180 to 180');
      // No documented maximum for name/address; 1000 only keeps absurd values out.
      const name = issues.text(`${where}.name`, p.name, { max: 1000, required: false });
      const address = issues.text(`${where}.address`, p.address, { max: 1000, required: false });
      return { type: 'location', location: { latitude: lat, longitude: lng, ...(name ? { name } : {}), ...(address ? { address } : {}) } };
    }
    default:
      issues.add(`${where}.type`, `must be one of text, currency, date_time${inHeader ? ', image, video, document, location' : ''}`);
      return undefined;
  }
  if (p.parameterName !== undefined) {
    if (typeof p.parameterName === 'string' && PARAM_NAME.test(p.parameterName)) out.parameter_name = p.parameterName;
    else issues.add(`${where}.parameterName`, 'must be lowercase letters, digits and underscores');
  }
  return out;
}

function parameters(issues: Issues, field: 'header' | 'body', list: unknown): Record<string, unknown>[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    issues.add(field, 'must be a list of parameters');
    return [];
  }
  // A header holds one variable and at most 60 characters; a body at most 1024 once filled in.
  if (field === 'header' && list.length > 1) issues.add('header', 'must have at most 1 parameter');
  const out = list.map((p, i) => parameter(issues, `${field}[${i}]`, p, field === 'header', field === 'header' ? 60 : 1024));
  const named = list.filter((p) => isObject(p) && p.parameterName !== undefined).length;
  if (named > 0 && named < list.filter((p) => isObject(p) && ['text', 'currency', 'date_time'].includes(p.type as string)).length) {
    issues.add(field, 'must not mix named and positional parameters');
  }
  const seen = new Set<string>();
  list.forEach((p, i) => {
    if (!isObject(p) || typeof p.parameterName !== 'string') return;
    if (seen.has(p.parameterName)) issues.add(`${field}[${i}].parameterName`, 'must be unique');
    seen.add(p.parameterName);
  });
  return out.filter((p): p is Record<string, unknown> => p !== undefined);
}

function button(issues: Issues, where: string, b: unknown): Record<string, unknown> | undefined {
  if (!isObject(b)) {
    issues.add(where, 'must be an object with subType and index');
    return undefined;
  }
  if (typeof b.index !== 'number' || !Number.isInteger(b.index) || b.index < 0 || b.index > 9)
    issues.add(`${where}.index`, 'must be an integer from 0 to 9');
  const head = { type: 'button', sub_type: b.subType, index: String(b.index) };
  switch (b.subType) {
    case 'quick_reply':
      // Always set: the payload is what comes back in the inbound `button` message (reference §7). Meta
      // documents no maximum; 1000 only keeps absurd values out.
      return { ...head, parameters: [{ type: 'payload', payload: issues.text(`${where}.payload`, b.payload, { max: 1000 }) }] };
    case 'url':
      // The variable suffix of a URL button; the whole URL is at most 2000 characters.
      return { ...head, parameters: [{ type: 'text', text: templateText(issues, `${where}.text`, b.text, 2000) }] };
    case 'copy_code':
      return { ...head, parameters: [{ type: 'coupon_code', coupon_code: issues.text(`${where}.couponCode`, b.couponCode, { max: 15 }) }] };
    default:
      issues.add(`${where}.subType`, 'must be one of quick_reply, url, copy_code');
      return undefined;
  }
}

export function buildTemplateMessage(input: TemplateMessageInput): OutboundMessageBody {
  return validated(input, (a, issues) => {
    const env = envelope(issues, a);
    if (typeof a.name !== 'string' || !NAME.test(a.name))
      issues.add('name', 'must be a template name: lowercase letters, digits and underscores');
    if (typeof a.languageCode !== 'string' || !LANGUAGE.test(a.languageCode))
      issues.add('languageCode', 'must be a language code such as en or en_US');

    const components: Record<string, unknown>[] = [];
    const header = parameters(issues, 'header', a.header);
    if (header.length > 0) components.push({ type: 'header', parameters: header });
    const body = parameters(issues, 'body', a.body);
    if (body.length > 0) components.push({ type: 'body', parameters: body });

    if (a.buttons !== undefined && a.buttons !== null) {
      if (!Array.isArray(a.buttons)) issues.add('buttons', 'must be a list of buttons');
      else {
        if (a.buttons.length > 10) issues.add('buttons', 'must have at most 10 buttons');
        const seen = new Set<unknown>();
        a.buttons.forEach((b: unknown, i) => {
          const built = button(issues, `buttons[${i}]`, b);
          if (!built) return;
          if (seen.has(built.index)) issues.add(`buttons[${i}].index`, 'must be unique');
          seen.add(built.index);
          components.push(built);
        });
      }
    }
    const template = { name: a.name, language: { code: a.languageCode }, ...(components.length > 0 ? { components } : {}) };
    return { ...env, type: 'template', template };
  });
}
