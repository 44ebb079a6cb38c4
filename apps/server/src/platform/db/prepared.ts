// Server-side prepared statements for the hottest statements (the inbound message's effects, a reply's combined
// statement, the bot's turn context). PostgreSQL parses, analyses and plans an unnamed statement on every run: for
// the reply path's 7 kB of common table expressions that took ~1 ms of the server's time, more than running it.
// A named statement is parsed once per connection (node-postgres remembers which names each connection has
// prepared and sends only Bind/Execute after that), and after five runs PostgreSQL may keep a generic plan.
//
// PGlite has no named statements in its API: there the name is ignored and the statement runs as before.
import { sql, type Query, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './types';

// Both drivers build SQL with a default PgDialect (we configure no casing), so one here builds the same text.
const dialect = new PgDialect();

/**
 * Names for statement texts: the same name for the same text on every call, never one name for two texts
 * (node-postgres refuses a name reused for another text on the same connection). Every connection of the pool
 * keeps each statement it ran, with its plan, until it closes: the bound keeps a shape nobody expected (a
 * statement built with a varying number of parts) from filling the server's memory. Texts past it run unnamed, as
 * every statement did before.
 */
export class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max: number) {}

  /** Undefined once `max` texts have their names. */
  nameOf(text: string): string | undefined {
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.max) {
      name = `parley_${this.names.size + 1}`;
      this.names.set(text, name);
    }
    return name;
  }
}

/**
 * The hot shapes take a handful (the reply statement has one per number of replies, with or without the bot's
 * memory). The largest, the reply statement, keeps ~0.3 MB of parsed query and plan per connection on the server
 * (PostgreSQL 15): 64 leaves room and bounds that.
 */
export const MAX_NAMED_STATEMENTS = 64;
const names = new StatementNames(MAX_NAMED_STATEMENTS);

/**
 * Fixed names for query-builder statements of the inbound path (drizzle's `.prepare(name)`), run on every message
 * with one text each. A name must never be used for another text on a connection (node-postgres refuses it): only
 * statements whose text cannot vary take one (a list as fixed slots or one array parameter, never `in (…)`).
 */
export const HOT_STATEMENT = {
  contactLock: 'parley_hot_contact_lock',
  openConversation: 'parley_hot_open_conversation',
} as const;

/** A built statement (text and parameters), or drizzle SQL to build. */
export type Statement = SQL | Query;

export function buildStatement(statement: Statement): Query {
  return isQuery(statement) ? statement : dialect.sqlToQuery(statement);
}

/**
 * Run a statement as a named prepared statement (on PostgreSQL): for statements run on every message, whose text
 * is one of a few shapes with only the parameters changing. Answers `{ rows }` as `db.execute` does.
 */
export async function executePrepared(
  db: Db,
  statement: Statement,
  /** The values of a statement built with placeholders (StatementTemplate). */
  values?: object,
): Promise<{ rows: Record<string, unknown>[] }> {
  const query = buildStatement(statement);
  const prepared = db._.session.prepareQuery(query, undefined, names.nameOf(query.sql), false);
  return (await prepared.execute(values as Record<string, unknown>)) as { rows: Record<string, unknown>[] };
}

/**
 * Stand-ins for a statement's values while it is built once: each property read is `sql.placeholder(name)`, typed
 * as the value it stands for, so the builders it goes through keep their types. A builder may only place a value
 * into SQL. Code that computes with one would compute with the stand-in, once, for every later run: such derived
 * values (a preview, a count of 0 or 1) are values of their own. Turning one into a string or number throws, so a
 * template literal or an arithmetic slip fails on the first run instead of storing `[object Object]`.
 */
export function placeholders<V extends object>(): V {
  return new Proxy({} as V, {
    get: (_target, key) => {
      const name = String(key);
      return Object.assign(sql.placeholder(name), {
        [Symbol.toPrimitive]: () => {
          throw new Error(`placeholder "${name}" used as a JavaScript value while a statement template was built`);
        },
      });
    },
  });
}

/**
 * A statement whose text is built once, from placeholders, then run as a named prepared statement with values only:
 * for statements run on every message, where drizzle's builders and `sqlToQuery` cost Node more than the statement
 * cost PostgreSQL (0.3 ms per inbound message). Every run must have the same shape: what varies goes in values.
 */
export class StatementTemplate<V extends object> {
  private query?: Query;

  constructor(private readonly build: (db: Db, values: V) => SQL) {}

  async execute(db: Db, values: V): Promise<{ rows: Record<string, unknown>[] }> {
    this.query ??= dialect.sqlToQuery(this.build(db, placeholders<V>()));
    return executePrepared(db, this.query, values);
  }
}

/** A select of the query builder, prepared (drizzle's `.prepare(name)`) but not yet bound to a connection. */
interface BuiltSelect {
  queryString: string;
  params: unknown[];
  fields: unknown;
  joinsNotNullableMap?: unknown;
}

/**
 * A query-builder select built once from placeholders, run on any connection or transaction under a fixed name,
 * its rows mapped to the builder's fields as drizzle maps them. Reads drizzle's prepared query (text, parameters,
 * fields), which its types keep internal: the tests of every caller run through it, so an upgrade that moves them
 * fails there.
 */
export class SelectTemplate<V extends object, Row> {
  private built?: BuiltSelect;

  constructor(
    private readonly name: string,
    private readonly build: (db: Db, values: V) => { prepare(name: string): unknown },
  ) {}

  async execute(db: Db, values: V): Promise<Row[]> {
    const b = (this.built ??= this.build(db, placeholders<V>()).prepare(this.name) as BuiltSelect);
    const prepared = db._.session.prepareQuery({ sql: b.queryString, params: b.params }, b.fields as never, this.name, true) as unknown as {
      joinsNotNullableMap?: unknown;
      execute(values: object): Promise<Row[]>;
    };
    prepared.joinsNotNullableMap = b.joinsNotNullableMap;
    return prepared.execute(values);
  }
}

function isQuery(s: Statement): s is Query {
  return typeof (s as Query).sql === 'string' && Array.isArray((s as Query).params);
}
