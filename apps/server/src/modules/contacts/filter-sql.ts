// The contacts filter grammar (packages/contracts, contactFilter) compiled to SQL. Every field comes from an
// allow-list and maps to a fixed column expression; every operator to a fixed SQL shape; every value travels as a
// bound parameter. Nothing the client sends is ever spliced into the SQL text.
import {
  ATTRIBUTE_FIELD_PREFIX,
  attributeFilterKind,
  contactFilterFields,
  filterValueIssue,
  operatorsFor,
  relativeInstant,
  type AttributeType,
  type ContactFilter,
  type ContactFilterField,
  type FilterCondition,
  type FilterKind,
  type FilterOperator,
} from '@parley/contracts';
import { and, or, sql, type SQL } from 'drizzle-orm';
import { AppError, invalidField } from '../../platform/errors';
import { contactAttributeValues as cav, contacts } from './tables';

export interface AttributeInfo {
  type: AttributeType;
  options: string[] | null;
}

export interface FilterContext {
  /** The workspace's attribute definitions by key. */
  attributes: ReadonlyMap<string, AttributeInfo>;
  /** For relative values ("-30d"). */
  now: Date;
  /** Where errors point, e.g. "query.filter" or "definition". */
  path: string;
  /**
   * Saved segments at run time: a condition that no longer fits (its attribute was deleted, or re-created with
   * another type) matches nothing instead of failing the request.
   */
  lenient?: boolean;
}

const columnOf: Record<ContactFilterField, SQL> = {
  firstName: sql`${contacts.firstName}`,
  lastName: sql`${contacts.lastName}`,
  email: sql`${contacts.email}`,
  phone: sql`${contacts.phone}`,
  gender: sql`${contacts.gender}`,
  language: sql`${contacts.language}`,
  timezone: sql`${contacts.timezone}`,
  location: sql`${contacts.location}`,
  country: sql`${contacts.country}`,
  device: sql`${contacts.device}`,
  source: sql`${contacts.source}`,
  status: sql`${contacts.status}`,
  tags: sql`${contacts.tags}`,
  optedOut: sql`${contacts.optedOutMarketing}`,
  isGroup: sql`${contacts.isGroup}`,
  liveChatTakeover: sql`${contacts.liveChatTakeover}`,
  createdAt: sql`${contacts.createdAt}`,
  lastActiveAt: sql`${contacts.lastActiveAt}`,
  lastMessageAt: sql`${contacts.lastMessageAt}`,
  messagesFromCustomer: sql`${contacts.messagesFromCustomer}`,
  templateMessages: sql`${contacts.templateMessages}`,
  sessionMessages: sql`${contacts.sessionMessages}`,
  unresolvedQueries: sql`${contacts.unresolvedQueries}`,
  sessions: sql`${contacts.sessionsCount}`,
  clicks: sql`${contacts.clicks}`,
  timeSpentSeconds: sql`${contacts.timeSpentSeconds}`,
  averageSentiment: sql`(case when ${contacts.sentimentCount} > 0 then ${contacts.sentimentSum} / ${contacts.sentimentCount} end)`,
};

const attributeColumn: Record<AttributeType, SQL> = {
  text: sql`${cav.valueText}`,
  url: sql`${cav.valueText}`,
  list: sql`${cav.valueText}`,
  number: sql`${cav.valueNumber}`,
  date: sql`${cav.valueDate}`,
  boolean: sql`${cav.valueBool}`,
};

/** The filter as one SQL condition on `contacts`, or undefined when it has no conditions. */
export function compileFilter(filter: ContactFilter, ctx: FilterContext): SQL | undefined {
  if (filter.conditions.length === 0) return undefined;
  const parts = filter.conditions.map((c, i) => compileCondition(c, i, ctx));
  return filter.match === 'any' ? or(...parts) : and(...parts);
}

/** Check a filter against the allow-list and the current attributes without running it (segments at save). */
export function validateFilter(filter: ContactFilter, ctx: Omit<FilterContext, 'lenient'>): void {
  compileFilter(filter, { ...ctx, lenient: false });
}

/** The attribute keys a filter names. */
export function attributeKeysOf(filter: ContactFilter | null | undefined): string[] {
  return (filter?.conditions ?? [])
    .filter((c) => c.field.startsWith(ATTRIBUTE_FIELD_PREFIX))
    .map((c) => c.field.slice(ATTRIBUTE_FIELD_PREFIX.length));
}

export const mentionsStatus = (filter: ContactFilter | null | undefined) => (filter?.conditions ?? []).some((c) => c.field === 'status');

function compileCondition(c: FilterCondition, i: number, ctx: FilterContext): SQL {
  try {
    const target = checkedTarget(c, i, ctx);
    if (target.attribute === undefined) return predicate(columnOf[c.field as ContactFilterField], target.kind, c.op, c.value, ctx.now);
    return attributeCondition(target.attribute, target.type!, target.kind, c.op, c.value, ctx.now);
  } catch (err) {
    if (ctx.lenient && err instanceof AppError) return sql`false`;
    throw err;
  }
}

/** The condition's field, checked with its operator and value: an AppError names the part that does not fit. */
function checkedTarget(c: FilterCondition, i: number, ctx: FilterContext): Target {
  const at = (part: string) => `${ctx.path}.conditions.${i}.${part}`;
  const target = resolveField(c.field, ctx, at('field'));
  const allowed = operatorsFor(target.kind, target.nullable);
  if (!allowed.includes(c.op)) throw invalidField(at('op'), `"${c.op}" does not apply to ${c.field}; use one of: ${allowed.join(', ')}`);
  const issue = filterValueIssue(target.kind, c.op, c.value, target.options);
  if (issue) throw invalidField(at('value'), issue);
  return target;
}

interface Target {
  kind: FilterKind;
  nullable: boolean;
  options?: readonly string[] | null;
  attribute?: string;
  type?: AttributeType;
}

function resolveField(field: string, ctx: FilterContext, path: string): Target {
  if (field.startsWith(ATTRIBUTE_FIELD_PREFIX)) {
    const key = field.slice(ATTRIBUTE_FIELD_PREFIX.length);
    const def = ctx.attributes.get(key);
    if (!def) throw invalidField(path, `"${key}" is not a defined attribute`);
    return { kind: attributeFilterKind(def.type), nullable: true, options: def.options, attribute: key, type: def.type };
  }
  if (!Object.hasOwn(contactFilterFields, field)) {
    throw invalidField(
      path,
      `unknown field "${field}"; use a standard field (${Object.keys(contactFilterFields).join(', ')}) or attr.<key>`,
    );
  }
  const f = contactFilterFields[field as ContactFilterField];
  return { kind: f.kind, nullable: f.nullable };
}

/**
 * The ids of the contacts a custom-attribute condition picks, from the attribute rows alone — only for conditions a
 * contact meets by holding a matching value (not "is not", not "is not set"); undefined for any other condition.
 * Validated as compileCondition validates (an AppError for a condition that does not fit). Each value index ends
 * with `contact_id`, so this is an index-only scan.
 */
export function attributeMatchIds(c: FilterCondition, i: number, ctx: FilterContext, workspaceId: string): SQL | undefined {
  if (!c.field.startsWith(ATTRIBUTE_FIELD_PREFIX) || c.op === 'neq' || c.op === 'is_not_set') return undefined;
  const target = checkedTarget(c, i, ctx);
  const pred = c.op === 'is_set' ? undefined : attributePredicate(target.type!, target.kind, c.op, c.value, ctx.now);
  return sql`select ${cav.contactId} from ${cav} where ${cav.workspaceId} = ${workspaceId} and ${cav.key} = ${target.attribute!}${
    pred ? sql` and ${pred}` : sql``
  }`;
}

/** A custom attribute condition: a semi-join on the attribute's typed value column (indexed by workspace, key, value). */
function attributeCondition(key: string, type: AttributeType, kind: FilterKind, op: FilterOperator, value: unknown, now: Date): SQL {
  const exists = (pred?: SQL) =>
    sql`exists (select 1 from ${cav} where ${cav.workspaceId} = ${contacts.workspaceId} and ${cav.contactId} = ${contacts.id} and ${cav.key} = ${key}${
      pred ? sql` and ${pred}` : sql``
    })`;
  switch (op) {
    case 'is_set':
      return exists();
    case 'is_not_set':
      return sql`not ${exists()}`;
    // "is not X" includes the contacts without a value, as it does for standard fields.
    case 'neq':
      return sql`not ${exists(attributePredicate(type, kind, 'eq', value, now))}`;
    default:
      return exists(attributePredicate(type, kind, op, value, now));
  }
}

/** One operator on an attribute's value; text equality reads the stored lower-case copy (indexed with the contact). */
function attributePredicate(type: AttributeType, kind: FilterKind, op: FilterOperator, value: unknown, now: Date): SQL {
  if (kind === 'text' && op === 'eq') return sql`${cav.valueLower} = lower(${bind(kind, value, now)})`;
  if (kind === 'text' && op === 'in') {
    return sql`${cav.valueLower} in (${sql.join(
      (value as unknown[]).map((v) => sql`lower(${bind(kind, v, now)})`),
      sql`, `,
    )})`;
  }
  return predicate(attributeColumn[type], kind, op, value, now);
}

/** One operator on one column expression; values are parameters, cast to the column's type. */
function predicate(col: SQL, kind: FilterKind, op: FilterOperator, value: unknown, now: Date): SQL {
  const param = (v: unknown) => bind(kind, v, now);
  const list = (vs: unknown[]) => sql.join(vs.map(param), sql`, `);
  switch (kind) {
    case 'text': {
      const lower = (v: unknown) => sql`lower(${param(v)})`;
      switch (op) {
        case 'eq':
          return sql`lower(${col}) = ${lower(value)}`;
        case 'neq':
          return sql`lower(${col}) is distinct from ${lower(value)}`;
        case 'contains':
          return sql`${col} ilike ${`%${escapeLike(String(value))}%`}`;
        case 'in':
          return sql`lower(${col}) in (${sql.join((value as unknown[]).map(lower), sql`, `)})`;
        case 'is_set':
          return sql`coalesce(${col}, '') <> ''`;
        case 'is_not_set':
          return sql`coalesce(${col}, '') = ''`;
      }
      break;
    }
    case 'tags':
      switch (op) {
        case 'contains':
          return sql`${col} @> array[${param(value)}]::text[]`;
        case 'neq':
          return sql`not (${col} @> array[${param(value)}]::text[])`;
        case 'in':
          return sql`${col} && array[${list(value as unknown[])}]::text[]`;
        case 'is_set':
          return sql`cardinality(${col}) > 0`;
        case 'is_not_set':
          return sql`cardinality(${col}) = 0`;
      }
      break;
    default:
      switch (op) {
        case 'eq':
          return sql`${col} = ${param(value)}`;
        case 'neq':
          return sql`${col} is distinct from ${param(value)}`;
        case 'gt':
          return sql`${col} > ${param(value)}`;
        case 'gte':
          return sql`${col} >= ${param(value)}`;
        case 'lt':
          return sql`${col} < ${param(value)}`;
        case 'lte':
          return sql`${col} <= ${param(value)}`;
        case 'between': {
          const [from, to] = value as [unknown, unknown];
          return sql`${col} between symmetric ${param(from)} and ${param(to)}`;
        }
        case 'in':
          return sql`${col} in (${list(value as unknown[])})`;
        case 'is_set':
          return sql`${col} is not null`;
        case 'is_not_set':
          return sql`${col} is null`;
      }
  }
  // filterValueIssue and operatorsFor let only the pairs above through.
  throw new AppError('internal', `no SQL for ${kind} ${op}`);
}

/** A bound parameter with an explicit type, so PostgreSQL never guesses (an integer column compared to 2.5). */
function bind(kind: FilterKind, v: unknown, now: Date): SQL {
  switch (kind) {
    case 'number':
      return sql`${v}::float8`;
    case 'boolean':
      return sql`${v}::boolean`;
    case 'datetime':
      return sql`${toInstant(String(v), now)}::timestamptz`;
    case 'date':
      return sql`${toCalendarDate(String(v), now)}::date`;
    default:
      return sql`${String(v)}::text`;
  }
}

function toInstant(v: string, now: Date): string {
  const relative = relativeInstant(v, now);
  if (relative) return relative.toISOString();
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : new Date(v).toISOString();
}

function toCalendarDate(v: string, now: Date): string {
  return relativeInstant(v, now)?.toISOString().slice(0, 10) ?? v;
}

/** LIKE's wildcards and its escape character, taken literally. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
