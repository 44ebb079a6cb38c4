import {
  ATTRIBUTE_FIELD_PREFIX,
  attributeFilterKind,
  contactFilterFields,
  filterValueIssue,
  operatorsFor,
  type AttributeDefinition,
  type ContactFilter,
  type ContactFilterField,
  type FilterCondition,
  type FilterKind,
  type FilterOperator,
} from '@parley/contracts';

/** A field the filter builder offers: the standard ones of the allow-list, then the workspace's attributes. */
export interface FieldOption {
  value: string;
  label: string;
  group: 'Contact' | 'Statistics' | 'Attributes';
  kind: FilterKind;
  nullable: boolean;
  options: readonly string[] | null;
}

const STATISTICS = new Set<ContactFilterField>([
  'messagesFromCustomer',
  'templateMessages',
  'sessionMessages',
  'unresolvedQueries',
  'sessions',
  'clicks',
  'timeSpentSeconds',
  'averageSentiment',
  'liveChatTakeover',
  'lastActiveAt',
  'lastMessageAt',
]);

export function fieldOptions(attributes: readonly AttributeDefinition[]): FieldOption[] {
  const standard = (Object.keys(contactFilterFields) as ContactFilterField[]).map((key) => {
    const f = contactFilterFields[key];
    return {
      value: key,
      label: f.label,
      group: STATISTICS.has(key) ? ('Statistics' as const) : ('Contact' as const),
      kind: f.kind,
      nullable: f.nullable,
      options: f.kind === 'status' ? ['active', 'archived'] : null,
    };
  });
  const custom = attributes.map((a) => ({
    value: `${ATTRIBUTE_FIELD_PREFIX}${a.key}`,
    label: a.label,
    group: 'Attributes' as const,
    kind: attributeFilterKind(a.type),
    nullable: true,
    options: a.options,
  }));
  return [...standard, ...custom];
}

export const operatorLabels: Record<FilterOperator, string> = {
  eq: 'is',
  neq: 'is not',
  contains: 'contains',
  gt: 'greater than',
  gte: 'at least',
  lt: 'less than',
  lte: 'at most',
  between: 'between',
  in: 'is any of',
  is_set: 'is set',
  is_not_set: 'is not set',
};

const dateOperatorLabels: Partial<Record<FilterOperator, string>> = { gt: 'after', gte: 'on or after', lt: 'before', lte: 'on or before' };
const tagOperatorLabels: Partial<Record<FilterOperator, string>> = {
  contains: 'has tag',
  neq: 'has not tag',
  in: 'has any of',
  is_set: 'has tags',
  is_not_set: 'has no tags',
};

export function operatorOptions(field: FieldOption | undefined): Array<{ value: FilterOperator; label: string }> {
  if (!field) return [];
  return operatorsFor(field.kind, field.nullable).map((op) => ({
    value: op,
    label:
      (field.kind === 'tags' ? tagOperatorLabels[op] : undefined) ??
      (field.kind === 'datetime' || field.kind === 'date' ? dateOperatorLabels[op] : undefined) ??
      operatorLabels[op],
  }));
}

/** One condition as the builder edits it: values as typed, turned into the API's typed value on apply. */
export interface DraftCondition {
  key: number;
  field: string;
  op: FilterOperator;
  value: string;
  value2: string;
}

export const takesValue = (op: FilterOperator) => op !== 'is_set' && op !== 'is_not_set';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight starting `day` in `zone`, as an ISO instant (two passes settle a DST change on the day). */
export function zonedDayStart(day: string, zone: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  let instant = guess - offsetMs(guess, zone);
  instant = guess - offsetMs(instant, zone);
  return new Date(instant).toISOString();
}

function offsetMs(at: number, zone: string): number {
  const parts: Record<string, number> = {};
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  for (const p of format.formatToParts(new Date(at))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(at / 1000) * 1000;
}

function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * A day picked for a date-time field, as the instant the operator means in the viewer's zone: "after Jan 31"
 * and "on or before Jan 31" start at the end of that day, "before" and "on or after" at its start.
 */
function dayBound(day: string, op: FilterOperator, upper: boolean, zone: string): string {
  const endOfDay = op === 'gt' || op === 'lte' || (op === 'between' && upper);
  if (!endOfDay) return zonedDayStart(day, zone);
  const end = new Date(zonedDayStart(nextDay(day), zone));
  return new Date(end.getTime() - (op === 'gt' ? 0 : 1)).toISOString();
}

function scalar(kind: FilterKind, raw: string, op: FilterOperator, upper: boolean, zone: string): unknown {
  const text = raw.trim();
  switch (kind) {
    case 'number':
      return text === '' ? Number.NaN : Number(text.replace(',', '.'));
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'datetime':
      return DAY.test(text) ? dayBound(text, op, upper, zone) : text;
    // Calendar dates ("2026-01-31", "-30d") go as typed: they have no time zone.
    default:
      return text;
  }
}

/** The API's condition for a draft, or the reason it cannot be applied yet. */
export function toCondition(
  draft: DraftCondition,
  field: FieldOption | undefined,
  zone: string,
): { condition?: FilterCondition; error?: string } {
  if (!field) return { error: 'Pick a field' };
  let value: unknown;
  if (!takesValue(draft.op)) value = undefined;
  else if (draft.op === 'in') {
    value = draft.value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => scalar(field.kind, s, draft.op, false, zone));
  } else if (draft.op === 'between') {
    value = [scalar(field.kind, draft.value, draft.op, false, zone), scalar(field.kind, draft.value2, draft.op, true, zone)];
  } else value = scalar(field.kind, draft.value, draft.op, false, zone);
  const issue = filterValueIssue(field.kind, draft.op, value, field.options);
  if (issue) return { error: issue.charAt(0).toUpperCase() + issue.slice(1) };
  return { condition: value === undefined ? { field: draft.field, op: draft.op } : { field: draft.field, op: draft.op, value } };
}

export function toFilter(match: ContactFilter['match'], drafts: DraftCondition[], fields: FieldOption[], zone: string): ContactFilter {
  const conditions = drafts.flatMap((d) => {
    const { condition } = toCondition(
      d,
      fields.find((f) => f.value === d.field),
      zone,
    );
    return condition ? [condition] : [];
  });
  return { match, conditions };
}
