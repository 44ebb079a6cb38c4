// Lifting pg-boss's insert into the caller's statement: the text is taken apart once per shape, and each call
// still carries its own payload (the cache must not hand one job's payload, or one shape's text, to another).
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { liftJobStatement } from './job-statement';

const dialect = new PgDialect();
const PLAIN = `INSERT INTO pgboss.job_common (id, name, data) SELECT id, 'q.plain', data FROM json_to_recordset($1::text::json) as x (id uuid, data jsonb) RETURNING id`;
const NOTIFYING = `WITH ins AS (
    INSERT INTO pgboss.job_common (id, name, data) SELECT id, 'q.notify', data FROM json_to_recordset($1::text::json) as x (id uuid, data jsonb) RETURNING id, start_after
  ), notified AS (
    SELECT pg_notify('pgboss_x', 'q.notify') FROM ins WHERE start_after <= now() LIMIT 1
  ) SELECT id FROM ins WHERE (SELECT count(*) FROM notified) >= 0`;

const built = (text: string, payload: string) => {
  const lifted = liftJobStatement({ text, values: [payload] });
  return lifted && dialect.sqlToQuery(lifted.ctes);
};

describe('liftJobStatement', () => {
  it('gives each call its own payload, with the same text every time', () => {
    const first = built(PLAIN, '[{"data":{"n":1}}]');
    const second = built(PLAIN, '[{"data":{"n":2}}]');
    expect(first!.params).toEqual(['[{"data":{"n":1}}]']);
    expect(second!.params).toEqual(['[{"data":{"n":2}}]']);
    expect(second!.sql).toBe(first!.sql);
    expect(first!.sql).toMatch(/^job_insert as \(INSERT INTO pgboss\.job_common .*json_to_recordset\(\$1::text::json\).* RETURNING id\)$/s);
  });

  it('keeps the two shapes apart, alternating: the NOTIFY only with the queue that wakes its workers', () => {
    for (let i = 0; i < 3; i++) {
      const notifying = built(NOTIFYING, `[${i}]`);
      const plain = built(PLAIN, `[${i}]`);
      expect(notifying!.sql).toContain("job_notify as (SELECT pg_notify('pgboss_x', 'q.notify') FROM job_insert WHERE");
      expect(notifying!.sql).toContain("'q.notify'");
      expect(plain!.sql).not.toContain('job_notify');
      expect(plain!.sql).toContain("'q.plain'");
      expect([notifying!.params, plain!.params]).toEqual([[`[${i}]`], [`[${i}]`]]);
    }
    expect(liftJobStatement({ text: NOTIFYING, values: ['[]'] })!.select).not.toEqual(
      liftJobStatement({ text: PLAIN, values: ['[]'] })!.select,
    );
  });

  it('refuses, every time, a text of another shape or with another parameter: the caller then enqueues on its own', () => {
    const twoParams = PLAIN.replace("'q.plain'", '$2');
    for (let i = 0; i < 2; i++) {
      expect(liftJobStatement({ text: twoParams, values: ['[]'] })).toBeNull();
      expect(liftJobStatement({ text: 'SELECT 1', values: ['[]'] })).toBeNull();
      expect(liftJobStatement({ text: PLAIN, values: ['[]', 'extra'] })).toBeNull();
    }
  });
});
