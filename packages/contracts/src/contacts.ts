import { z } from 'zod';

export const contactView = z.object({
  id: z.uuid(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  channelName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  source: z.string(),
  referral: z.record(z.string(), z.unknown()).nullable(),
  tags: z.array(z.string()),
  botPausedUntil: z.iso.datetime().nullable(),
  infiniteSession: z.boolean(),
  createdAt: z.iso.datetime(),
  stats: z.object({
    lastActiveAt: z.iso.datetime().nullable(),
    lastMessageAt: z.iso.datetime().nullable(),
    lastMessagePreview: z.string().nullable(),
    messagesFromCustomer: z.number(),
    templateMessages: z.number(),
    sessionMessages: z.number(),
    unresolvedQueries: z.number(),
    sessions: z.number(),
    clicks: z.number(),
    timeSpentSeconds: z.number(),
    averageSentiment: z.number().nullable(),
    liveChatTakeover: z.boolean(),
  }),
});
export type ContactView = z.infer<typeof contactView>;

export const pauseBotRequest = z
  .object({ minutes: z.number().int().min(1).max(10080).optional(), resume: z.boolean().optional() })
  .strict();
export const infiniteSessionRequest = z.object({ enabled: z.boolean() }).strict();

export const tagRule = z.object({
  id: z.uuid(),
  match: z.enum(['exact', 'prefix', 'contains']),
  pattern: z.string(),
  tag: z.string(),
});
export const createTagRuleRequest = z
  .object({
    match: z.enum(['exact', 'prefix', 'contains']),
    pattern: z.string().trim().min(1).max(200),
    tag: z.string().trim().min(1).max(60),
  })
  .strict();

// Custom attributes: typed definitions per workspace, values per contact.
export const attributeTypes = ['text', 'number', 'date', 'boolean', 'list', 'url'] as const;
export type AttributeType = (typeof attributeTypes)[number];
/** A value as the API carries it: text, list and url as strings, number, boolean, date as YYYY-MM-DD. */
export const attributeValue = z.union([z.string(), z.number(), z.boolean()]);
export type AttributeValue = z.infer<typeof attributeValue>;

export const attributeKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, { message: 'must start with a–z and hold only a–z, 0–9 and _ (at most 64)' });
const attributeLabel = z.string().trim().min(1, { message: 'must not be empty' }).max(80, { message: 'must be at most 80 characters' });
const attributeOptions = z
  .array(z.string().trim().min(1, { message: 'must not be empty' }).max(100, { message: 'must be at most 100 characters' }))
  .min(1, { message: 'a list needs at least one option' })
  .max(200, { message: 'must have at most 200 options' })
  .refine((o) => new Set(o).size === o.length, { message: 'must not repeat an option' });

export const attributeDefinition = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(attributeTypes),
  options: z.array(z.string()).nullable(),
  agentEditable: z.boolean(),
  topProperty: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type AttributeDefinition = z.infer<typeof attributeDefinition>;
export const attributeDefinitionList = z.object({ items: z.array(attributeDefinition) });

export const createAttributeRequest = z
  .object({
    key: attributeKey,
    label: attributeLabel,
    type: z.enum(attributeTypes),
    options: attributeOptions.optional(),
    agentEditable: z.boolean().optional(),
    topProperty: z.boolean().optional(),
  })
  .strict()
  .refine((v) => v.type !== 'list' || v.options !== undefined, { message: 'a list attribute needs its options', path: ['options'] })
  .refine((v) => v.type === 'list' || v.options === undefined, { message: 'only a list attribute has options', path: ['options'] });
export type CreateAttributeRequest = z.infer<typeof createAttributeRequest>;

/** The key and the type never change (values are stored by type); a list's options may. */
export const updateAttributeRequest = z
  .object({
    label: attributeLabel.optional(),
    options: attributeOptions.optional(),
    agentEditable: z.boolean().optional(),
    topProperty: z.boolean().optional(),
  })
  .strict();
export type UpdateAttributeRequest = z.infer<typeof updateAttributeRequest>;

/** Every definition with this contact's value (null when unset), top properties first. */
export const contactAttributes = z.object({
  items: z.array(attributeDefinition.extend({ value: attributeValue.nullable() })),
});
export type ContactAttributes = z.infer<typeof contactAttributes>;

/** Set some attributes of a contact; null clears one. Keys not named are left as they are. */
export const setContactAttributesRequest = z
  .object({ attributes: z.record(z.string().max(64), attributeValue.nullable()) })
  .strict()
  .refine((v) => Object.keys(v.attributes).length <= 200, { message: 'at most 200 attributes at once', path: ['attributes'] });
export type SetContactAttributesRequest = z.infer<typeof setContactAttributesRequest>;

// ─── Contacts list, filters and segments ────────────────────────────────────────────────────────────────────────
// One filter grammar for the list, the export, dynamic segments and campaign audiences: conditions on an
// allow-list of fields, each with the operators its kind allows, combined with all / any. The server compiles it
// to parameterised SQL; values are never spliced into SQL text. docs/contacts.md describes it for integrators.

export const filterOperators = ['eq', 'neq', 'contains', 'gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set', 'in'] as const;
export type FilterOperator = (typeof filterOperators)[number];

/**
 * text: case-insensitive; status: active | archived; tags: a tag, exact; number; datetime: an instant (ISO 8601
 * with offset, "YYYY-MM-DD" = midnight UTC, or relative "-30d" / "-12h" from now); date: a calendar date
 * ("YYYY-MM-DD" or "-30d"); boolean; list: one of the attribute's options.
 */
export type FilterKind = 'text' | 'status' | 'tags' | 'number' | 'datetime' | 'date' | 'boolean' | 'list';

export const filterOperatorsByKind: Record<FilterKind, readonly FilterOperator[]> = {
  text: ['eq', 'neq', 'contains', 'in', 'is_set', 'is_not_set'],
  status: ['eq', 'neq', 'in'],
  tags: ['contains', 'neq', 'in', 'is_set', 'is_not_set'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'is_set', 'is_not_set'],
  datetime: ['gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'is_set', 'is_not_set'],
  boolean: ['eq', 'neq', 'is_set', 'is_not_set'],
  list: ['eq', 'neq', 'in', 'is_set', 'is_not_set'],
};

/** The standard and statistic fields a condition may name (nullable: may be empty); custom attributes are `attr.<key>`. */
export const contactFilterFields = {
  firstName: { kind: 'text', label: 'First name', nullable: true },
  lastName: { kind: 'text', label: 'Last name', nullable: true },
  email: { kind: 'text', label: 'Email', nullable: true },
  phone: { kind: 'text', label: 'Phone', nullable: true },
  gender: { kind: 'text', label: 'Gender', nullable: true },
  language: { kind: 'text', label: 'Language', nullable: true },
  timezone: { kind: 'text', label: 'Time zone', nullable: true },
  location: { kind: 'text', label: 'Location', nullable: true },
  country: { kind: 'text', label: 'Country', nullable: true },
  device: { kind: 'text', label: 'Device', nullable: true },
  source: { kind: 'text', label: 'Source', nullable: false },
  status: { kind: 'status', label: 'Status', nullable: false },
  tags: { kind: 'tags', label: 'Tags', nullable: true },
  optedOut: { kind: 'boolean', label: 'Opted out of marketing', nullable: false },
  isGroup: { kind: 'boolean', label: 'Group chat', nullable: false },
  liveChatTakeover: { kind: 'boolean', label: 'Live-chat takeover', nullable: false },
  createdAt: { kind: 'datetime', label: 'Created', nullable: false },
  lastActiveAt: { kind: 'datetime', label: 'Last active', nullable: true },
  lastMessageAt: { kind: 'datetime', label: 'Last message', nullable: true },
  messagesFromCustomer: { kind: 'number', label: 'Messages from customer', nullable: false },
  templateMessages: { kind: 'number', label: 'Template messages', nullable: false },
  sessionMessages: { kind: 'number', label: 'Session messages', nullable: false },
  unresolvedQueries: { kind: 'number', label: 'Unresolved queries', nullable: false },
  sessions: { kind: 'number', label: 'Sessions', nullable: false },
  clicks: { kind: 'number', label: 'Clicks', nullable: false },
  timeSpentSeconds: { kind: 'number', label: 'Time spent (seconds)', nullable: false },
  averageSentiment: { kind: 'number', label: 'Average sentiment', nullable: true },
} as const satisfies Record<string, { kind: FilterKind; label: string; nullable: boolean }>;
export type ContactFilterField = keyof typeof contactFilterFields;

export const ATTRIBUTE_FIELD_PREFIX = 'attr.';

/** The filter kind of a custom attribute of this type. */
export function attributeFilterKind(type: AttributeType): FilterKind {
  return type === 'url' ? 'text' : type;
}

/** The operators a field of this kind allows (is_set / is_not_set only where it may be empty). */
export function operatorsFor(kind: FilterKind, nullable = true): readonly FilterOperator[] {
  const ops = filterOperatorsByKind[kind];
  return nullable ? ops : ops.filter((op) => op !== 'is_set' && op !== 'is_not_set');
}

export const MAX_FILTER_CONDITIONS = 20;
export const MAX_IN_VALUES = 100;

export const filterCondition = z
  .object({
    field: z.string().min(1).max(80),
    op: z.enum(filterOperators, { message: `must be one of: ${filterOperators.join(', ')}` }),
    value: z.unknown().optional(),
  })
  .strict();
export type FilterCondition = z.infer<typeof filterCondition>;

export const contactFilter = z
  .object({
    match: z.enum(['all', 'any']).default('all'),
    conditions: z.array(filterCondition).max(MAX_FILTER_CONDITIONS, { message: `at most ${MAX_FILTER_CONDITIONS} conditions` }),
  })
  .strict();
export type ContactFilter = z.infer<typeof contactFilter>;
/** A dynamic segment's definition is a filter. */
export const segmentDefinition = contactFilter;
export type SegmentDefinition = ContactFilter;

const RELATIVE = /^-(\d{1,5})([dh])$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why this value does not suit this kind and operator, or null when it does. Shared by the server and the web app. */
export function filterValueIssue(kind: FilterKind, op: FilterOperator, value: unknown, options?: readonly string[] | null): string | null {
  if (op === 'is_set' || op === 'is_not_set') return value === undefined || value === null ? null : 'takes no value';
  if (op === 'between') {
    if (!Array.isArray(value) || value.length !== 2) return 'must be a pair [from, to]';
    return scalarIssue(kind, value[0], options) ?? scalarIssue(kind, value[1], options);
  }
  if (op === 'in') {
    if (!Array.isArray(value) || value.length === 0) return 'must be a non-empty list';
    if (value.length > MAX_IN_VALUES) return `must hold at most ${MAX_IN_VALUES} values`;
    for (const v of value) {
      const issue = scalarIssue(kind, v, options);
      if (issue) return issue;
    }
    return null;
  }
  return scalarIssue(kind, value, options);
}

function scalarIssue(kind: FilterKind, v: unknown, options?: readonly string[] | null): string | null {
  switch (kind) {
    case 'text':
    case 'tags':
      return typeof v === 'string' && v.trim() !== '' && v.length <= 500 ? null : 'must be text of 1 to 500 characters';
    case 'status':
      return v === 'active' || v === 'archived' ? null : 'must be active or archived';
    case 'list':
      return typeof v === 'string' && (!options || options.includes(v)) ? null : `must be one of: ${(options ?? []).join(', ')}`;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v) ? null : 'must be a number';
    case 'boolean':
      return typeof v === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof v === 'string' && (RELATIVE.test(v) || isCalendarDate(v)) ? null : 'must be a date YYYY-MM-DD or a relative "-30d"';
    case 'datetime':
      return typeof v === 'string' && (RELATIVE.test(v) || isCalendarDate(v) || isInstant(v))
        ? null
        : 'must be an ISO 8601 date-time with offset, a date YYYY-MM-DD or a relative "-30d" / "-12h"';
  }
}

function isCalendarDate(s: string): boolean {
  if (!CALENDAR_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

function isInstant(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s));
}

/** "-30d" → 30 days before `now`; "-12h" → 12 hours before. Null when not relative. */
export function relativeInstant(value: string, now: Date): Date | null {
  const m = RELATIVE.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return new Date(now.getTime() - n * (m[2] === 'd' ? 86_400_000 : 3_600_000));
}

export const contactSortKeys = ['createdAt', 'lastActiveAt', 'name', 'messagesFromCustomer', 'unresolvedQueries', 'sessions'] as const;
export type ContactSortKey = (typeof contactSortKeys)[number];

/** Which contacts: a search, a filter (JSON of contactFilter in a query string), a segment; all optional, ANDed. */
export const contactSelectionQuery = z.object({
  q: z.string().max(200).optional(),
  filter: z.string().max(20_000).optional(),
  segment: z.uuid({ message: 'must be a UUID' }).optional(),
});
export type ContactSelectionQuery = z.infer<typeof contactSelectionQuery>;

export const contactListQuery = contactSelectionQuery.extend({
  sort: z.enum(contactSortKeys).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: z.coerce.number().int().min(10).max(100).default(25),
  cursor: z.string().max(1000).optional(),
});
export type ContactListQuery = z.infer<typeof contactListQuery>;

export const contactExportQuery = contactSelectionQuery.extend({
  sort: z.enum(contactSortKeys).default('createdAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const contactListItem = z.object({
  id: z.uuid(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  channelName: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  status: z.enum(['active', 'archived']),
  source: z.string(),
  tags: z.array(z.string()),
  gender: z.string().nullable(),
  language: z.string().nullable(),
  country: z.string().nullable(),
  location: z.string().nullable(),
  optedOut: z.boolean(),
  createdAt: z.iso.datetime(),
  lastActiveAt: z.iso.datetime().nullable(),
  messagesFromCustomer: z.number(),
  unresolvedQueries: z.number(),
  sessions: z.number(),
  averageSentiment: z.number().nullable(),
});
export type ContactListItem = z.infer<typeof contactListItem>;

export const contactListPage = z.object({
  items: z.array(contactListItem),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type ContactListPage = z.infer<typeof contactListPage>;

/** GET /contacts/count: every contact matching the search, filter and segment (the list's pages leave it out). */
export const contactCount = z.object({ total: z.number() });
export type ContactCount = z.infer<typeof contactCount>;

/** The same selection as the list's query, in a JSON body ("all N matching"). */
export const contactSelection = z
  .object({ q: z.string().max(200).optional(), filter: contactFilter.optional(), segment: z.uuid().optional() })
  .strict();
export type ContactSelection = z.infer<typeof contactSelection>;

const segmentName = z.string().trim().min(1, { message: 'must not be empty' }).max(80, { message: 'must be at most 80 characters' });
const segmentDescription = z.string().trim().max(500, { message: 'must be at most 500 characters' });
export const MAX_STATIC_SELECTION = 10_000;

export const segmentView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  kind: z.enum(['dynamic', 'static']),
  definition: contactFilter.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type SegmentView = z.infer<typeof segmentView>;
export const segmentList = z.object({ items: z.array(segmentView) });

export const createSegmentRequest = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('dynamic'), name: segmentName, description: segmentDescription.optional(), definition: segmentDefinition })
    .strict(),
  z
    .object({
      kind: z.literal('static'),
      name: segmentName,
      description: segmentDescription.optional(),
      /** Members: the ids of a selection… */
      contactIds: z.array(z.uuid()).min(1).max(MAX_STATIC_SELECTION).optional(),
      /** …or every contact matching a selection now ("all N matching"). */
      allMatching: contactSelection.optional(),
    })
    .strict()
    .refine((v) => (v.contactIds === undefined) !== (v.allMatching === undefined), {
      message: 'give either contactIds or allMatching',
      path: ['contactIds'],
    }),
]);
export type CreateSegmentRequest = z.infer<typeof createSegmentRequest>;

export const updateSegmentRequest = z
  .object({ name: segmentName.optional(), description: segmentDescription.optional(), definition: segmentDefinition.optional() })
  .strict();
export type UpdateSegmentRequest = z.infer<typeof updateSegmentRequest>;

export const segmentCount = z.object({ count: z.number() });
