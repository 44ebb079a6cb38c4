import { at, elementObj, isObj, oneOf, onlyKeys, optionalString, reject, Rejection, requireArray, requireString, type Obj } from './checks';

// `POST /{WABA_ID}/message_templates` checked the way Meta does (reference §7), independently of Parley's own
// validator. Meta answers these with code 100 ("Invalid parameter") plus a user-facing title and message.

export class TemplateRefusal extends Error {
  constructor(
    readonly userTitle: string,
    readonly userMsg: string,
    readonly subcode?: number,
  ) {
    super(userMsg);
  }
}

const refuse = (title: string, msg: string, subcode?: number): never => {
  throw new TemplateRefusal(title, msg, subcode);
};

export interface CreatedTemplate {
  name: string;
  language: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  parameterFormat: 'POSITIONAL' | 'NAMED';
  components: Obj[];
}

const TOP_KEYS = [
  'name',
  'language',
  'category',
  'components',
  'parameter_format',
  'allow_category_change',
  'sub_category',
  'message_send_ttl_seconds',
];
const VAR = /\{\{\s*([^{}]*?)\s*\}\}/g;
const INVALID_FORMAT = 'Invalid format';

export function validateTemplateCreate(body: unknown): CreatedTemplate {
  try {
    return check(body);
  } catch (err) {
    // The structural primitives speak the send API's codes; the management API says "Invalid parameter".
    if (err instanceof Rejection) refuse('Invalid parameter', err.details);
    throw err;
  }
}

function check(body: unknown): CreatedTemplate {
  if (!isObj(body)) return reject(100, 'The request body must be a JSON object.');
  onlyKeys(body, TOP_KEYS, '');
  const name = requireString(body, 'name', '', { max: 512 });
  if (!/^[a-z0-9_]+$/.test(name))
    refuse('Invalid template name', 'Template names can only contain lowercase letters, numbers and underscores.');
  const language = requireString(body, 'language', '');
  if (!/^[a-z]{2,3}(_[A-Z]{2})?$/.test(language)) refuse('Invalid language', `The language "${language}" is not supported.`);
  const category = oneOf(requireString(body, 'category', ''), ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const, 'category');
  const format = oneOf(optionalString(body, 'parameter_format', '') ?? 'POSITIONAL', ['POSITIONAL', 'NAMED'] as const, 'parameter_format');
  const components = requireArray(body, 'components', '').map((c, i) => elementObj(c, at('components', i)));
  const byType = new Map<string, Obj>();
  components.forEach((c, i) => {
    const type = oneOf(
      requireString(c, 'type', at('components', i)),
      ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'] as const,
      at(at('components', i), 'type'),
    );
    if (byType.has(type)) refuse('Invalid components', `A template can have only one ${type} component.`);
    byType.set(type, c);
  });
  const bodyComponent = byType.get('BODY') ?? refuse('Message template body is missing', 'Every template needs a BODY component.');
  checkBody(bodyComponent, format);
  const header = byType.get('HEADER');
  if (header) checkHeader(header);
  const footer = byType.get('FOOTER');
  if (footer) {
    const text = requireString(footer, 'text', 'FOOTER', { max: 60 });
    if (text.includes('{{')) refuse('Invalid footer', 'The footer cannot contain variables.');
  }
  const buttons = byType.get('BUTTONS');
  if (buttons) checkButtons(buttons);
  return { name, language, category, parameterFormat: format, components };
}

function checkBody(c: Obj, format: 'POSITIONAL' | 'NAMED'): void {
  const text = requireString(c, 'text', 'BODY', { max: 1024 });
  if (/\}\}\s*\{\{/.test(text)) refuse(INVALID_FORMAT, 'Variables cannot be next to each other without text between them.');
  const vars = [...text.matchAll(VAR)].map((m) => m[1] ?? '');
  if (format === 'POSITIONAL') {
    if (vars.some((v) => !/^\d+$/.test(v))) refuse(INVALID_FORMAT, 'Variables must be positional, like {{1}}.');
    const numbers = [...new Set(vars.map(Number))].sort((a, b) => a - b);
    if (numbers.some((n, i) => n !== i + 1)) refuse(INVALID_FORMAT, 'Variables must be numbered sequentially from {{1}} without gaps.');
    if (numbers.length === 0) return;
    const example = isObj(c.example)
      ? c.example
      : refuse('Missing example', 'Add sample text for every variable of the body (example.body_text).');
    const row = Array.isArray(example.body_text) && Array.isArray(example.body_text[0]) ? (example.body_text[0] as unknown[]) : [];
    if (row.length !== numbers.length || row.some((v) => typeof v !== 'string' || v.trim() === '')) {
      refuse('Missing example', `example.body_text must hold ${numbers.length} sample values, one per variable.`);
    }
  }
}

function checkHeader(c: Obj): void {
  const format = oneOf(requireString(c, 'format', 'HEADER'), ['TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'] as const, 'HEADER.format');
  if (format === 'TEXT') {
    const text = requireString(c, 'text', 'HEADER', { max: 60 });
    const vars = [...text.matchAll(VAR)];
    if (vars.length > 1) refuse(INVALID_FORMAT, 'A text header can have only one variable.');
    if (vars.length === 1) {
      const ex = isObj(c.example) ? c.example.header_text : undefined;
      if (!Array.isArray(ex) || typeof ex[0] !== 'string' || !ex[0])
        refuse('Missing example', 'Add sample text for the header variable (example.header_text).');
    }
  } else if (format !== 'LOCATION') {
    const handle = isObj(c.example) ? c.example.header_handle : undefined;
    if (!Array.isArray(handle) || typeof handle[0] !== 'string' || !handle[0])
      refuse('Missing example', `A ${format} header needs example.header_handle.`);
  }
}

function checkButtons(c: Obj): void {
  const buttons = requireArray(c, 'buttons', 'BUTTONS').map((b, i) => elementObj(b, at('buttons', i)));
  if (buttons.length === 0 || buttons.length > 10) refuse('Invalid buttons', 'A template can have 1 to 10 buttons.');
  const types = buttons.map((b, i) =>
    oneOf(
      requireString(b, 'type', at('buttons', i)),
      ['QUICK_REPLY', 'URL', 'PHONE_NUMBER', 'COPY_CODE'] as const,
      at(at('buttons', i), 'type'),
    ),
  );
  const switches = types.slice(1).filter((t, i) => (t === 'QUICK_REPLY') !== (types[i] === 'QUICK_REPLY')).length;
  if (switches > 1) refuse('Invalid buttons', 'Quick reply buttons must be grouped together, apart from the other buttons.');
  if (types.filter((t) => t === 'URL').length > 2) refuse('Invalid buttons', 'A template can have at most 2 URL buttons.');
  if (types.filter((t) => t === 'PHONE_NUMBER').length > 1) refuse('Invalid buttons', 'A template can have at most 1 phone number button.');
  buttons.forEach((b, i) => {
    const p = at('buttons', i);
    requireString(b, 'text', p, { max: 25 });
    if (types[i] === 'URL') {
      const url = requireString(b, 'url', p, { max: 2000 });
      const vars = [...url.matchAll(VAR)];
      if (vars.length > 1 || (vars.length === 1 && !/\{\{1\}\}$/.test(url)))
        refuse(INVALID_FORMAT, 'A URL can have one variable, {{1}}, at its end.');
      if (vars.length === 1 && !(Array.isArray(b.example) && typeof b.example[0] === 'string' && b.example[0])) {
        refuse('Missing example', `Add an example URL for ${p}.`);
      }
    }
    if (types[i] === 'PHONE_NUMBER') requireString(b, 'phone_number', p, { max: 20 });
  });
}
