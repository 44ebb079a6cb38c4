// A job insert as common table expressions, to ride along in a statement the caller already makes. The reply path
// (a bot answer, an agent's message) writes its messages in one statement and used to send their job in a second
// round trip; folded in, the job costs no round trip of its own.
//
// pg-boss builds the insert (defaults, queue policy, its NOTIFY to wake workers): we ask it to send the job through
// a handle that only records the statement, then lift the statement's parts into the caller's WITH list. The text
// is checked against the two shapes pg-boss 12 produces; any other shape (a future pg-boss) gives null, and the
// caller sends the job as a statement of its own — slower, never wrong.
import { sql, type SQL } from 'drizzle-orm';

export interface JobStatement {
  /** Named CTEs (`job_insert`, and `job_notify` when the queue wakes workers) for the caller's WITH list. */
  ctes: SQL;
  /** An expression the caller's final SELECT must include: a CTE that is not data-modifying runs only if read. */
  select: SQL;
}

/** What pg-boss asked to execute. */
export interface CapturedStatement {
  text: string;
  values: unknown[];
}

const WITH_NOTIFY =
  /^\s*WITH ins AS \(\s*(INSERT INTO[\s\S]+?RETURNING id, start_after)\s*\),\s*notified AS \(\s*(SELECT pg_notify\([\s\S]+?FROM ins WHERE[\s\S]+?LIMIT 1)\s*\)\s*SELECT id FROM ins WHERE \(SELECT count\(\*\) FROM notified\) >= 0\s*$/;
const PLAIN = /^\s*(INSERT INTO[\s\S]+?RETURNING id)\s*$/;

export function liftJobStatement(captured: CapturedStatement): JobStatement | null {
  const [payload] = captured.values;
  if (captured.values.length !== 1 || typeof payload !== 'string') return null;
  const lifted = liftedText(captured.text);
  if (!lifted) return null;
  const insert = sql`${lifted.beforePayload}${payload}${lifted.afterPayload}`;
  return lifted.notify
    ? { ctes: sql`job_insert as (${insert}), job_notify as (${lifted.notify})`, select: sql`(select count(*) from job_notify)` }
    : { ctes: sql`job_insert as (${insert})`, select: sql`(select count(*) from job_insert)` };
}

/** The insert's text around its one parameter ($1, the jobs as JSON), and the NOTIFY when the queue wakes workers. */
interface LiftedText {
  beforePayload: SQL;
  afterPayload: SQL;
  notify?: SQL;
}

// pg-boss builds the same text for every job of a queue: it is taken apart once (the patterns scan kilobytes).
// Bounded, in case a future pg-boss put something varying into the text.
const MAX_LIFTED = 200;
const lifts = new Map<string, LiftedText | null>();

function liftedText(text: string): LiftedText | null {
  const known = lifts.get(text);
  if (known !== undefined) return known;
  const lifted = lift(text);
  if (lifts.size < MAX_LIFTED) lifts.set(text, lifted);
  return lifted;
}

function lift(text: string): LiftedText | null {
  const notifying = WITH_NOTIFY.exec(text);
  if (notifying) {
    const parts = aroundPayload(notifying[1]!);
    return parts && { ...parts, notify: sql.raw(notifying[2]!.replace(/\bFROM ins\b/, 'FROM job_insert')) };
  }
  const plain = PLAIN.exec(text);
  return plain && aroundPayload(plain[1]!);
}

/** Split at $1, refusing a text with any other parameter. */
function aroundPayload(text: string): Omit<LiftedText, 'notify'> | null {
  const parts = text.split(/\$1(?!\d)/);
  if (parts.length !== 2 || /\$\d/.test(text.replace(/\$1(?!\d)/, ''))) return null;
  return { beforePayload: sql.raw(parts[0]!), afterPayload: sql.raw(parts[1]!) };
}
