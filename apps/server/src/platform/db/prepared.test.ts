// Named prepared statements: the same answers as unnamed ones, shapes never mixed, and on PostgreSQL really
// prepared once per connection (and still there after a rollback).
import { and, eq, sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { testEngine, useTestDatabase } from '../../testing/engines';
import { executePrepared, placeholders, SelectTemplate, StatementNames, StatementTemplate } from './prepared';
import type { Db } from './types';

const opened = useTestDatabase();

const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;
// Two shapes whose parameters differ in number and type: mixed up, either would fail or answer wrongly.
const sum = (a: number, b: number) => sql`select ${a}::int + ${b}::int as sum`;
const label = (s: string) => sql`select ${s}::text || '!' as label`;
/** Our statements prepared on the connection running `db` (PostgreSQL keeps one list per connection). */
const preparedHere = async (db: Db) =>
  rowsOf(await db.execute(sql`select name, statement from pg_prepared_statements where name like 'parley\_%' order by name`));

describe('StatementNames', () => {
  it('gives a text the same name every time, and two texts two names', () => {
    const names = new StatementNames(10);
    const a = names.nameOf('select 1');
    const b = names.nameOf('select 2');
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(names.nameOf('select 1')).toBe(a);
    expect(names.nameOf('select 2')).toBe(b);
  });

  it('names no more than its bound: later texts run unnamed, earlier ones keep their names', () => {
    const names = new StatementNames(2);
    const a = names.nameOf('select 1');
    const b = names.nameOf('select 2');
    expect(names.nameOf('select 3')).toBeUndefined();
    expect(names.nameOf('select 3')).toBeUndefined();
    expect([names.nameOf('select 1'), names.nameOf('select 2')]).toEqual([a, b]);
  });
});

describe('executePrepared', () => {
  it('answers as db.execute does, shape after shape, past the runs where PostgreSQL may switch to a generic plan', async () => {
    const db = opened.database.db;
    for (let i = 0; i < 8; i++) {
      expect(rowsOf(await executePrepared(db, sum(i, 40)))).toEqual(rowsOf(await db.execute(sum(i, 40))));
      expect(rowsOf(await executePrepared(db, label(`run ${i}`)))).toEqual([{ label: `run ${i}!` }]);
    }
  });

  it('in a transaction, and in a savepoint that rolls back, and afterwards', async () => {
    await opened.database.db.transaction(async (raw) => {
      const tx = raw as unknown as Db;
      expect(rowsOf(await executePrepared(tx, sum(1, 2)))).toEqual([{ sum: 3 }]);
      await expect(
        tx.transaction(async (sp) => {
          expect(rowsOf(await executePrepared(sp as unknown as Db, label('inner')))).toEqual([{ label: 'inner!' }]);
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      expect(rowsOf(await executePrepared(tx, label('after')))).toEqual([{ label: 'after!' }]);
      expect(rowsOf(await executePrepared(tx, sum(2, 2)))).toEqual([{ sum: 4 }]);
      if (testEngine() === 'postgres') {
        // Prepared on this connection once each, under their names, rollback or not.
        expect((await preparedHere(tx)).map((r) => r.statement)).toEqual(
          expect.arrayContaining(['select $1::int + $2::int as sum', "select $1::text || '!' as label"]),
        );
      } else {
        // PGlite's API has no named statements: they run unnamed.
        expect(await preparedHere(tx)).toEqual([]);
      }
    });
  });

  it('takes an already built statement (text and parameters) as well', async () => {
    expect(rowsOf(await executePrepared(opened.database.db, { sql: 'select $1::int * 2 as twice', params: [21] }))).toEqual([
      { twice: 42 },
    ]);
  });

  it('leaves a failing statement’s connection usable, and the statement runs once its input is good', async () => {
    const divide = (a: number, b: number) => sql`select ${a}::int / ${b}::int as q`;
    // drizzle wraps the driver's error, which it keeps as the cause.
    await expect(executePrepared(opened.database.db, divide(1, 0))).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringMatching(/division by zero/) }),
    });
    expect(rowsOf(await executePrepared(opened.database.db, divide(9, 3)))).toEqual([{ q: 3 }]);
  });
});

describe('statement templates (built once from placeholders, run with values)', () => {
  it('StatementTemplate: each run binds its own values, one text for all of them; values may be null', async () => {
    let builds = 0;
    const template = new StatementTemplate((_db, v: { a: number; b: number | null; s: string }) => {
      builds += 1;
      return sql`select ${v.a}::int + coalesce(${v.b}::int, 0) as sum, ${v.s}::text || '!' as label, ${v.b}::int is null as no_b`;
    });
    for (const [a, b, s] of [
      [1, 2, 'one'],
      [10, null, 'two'],
      [-5, 5, 'three'],
    ] as const) {
      expect(rowsOf(await template.execute(opened.database.db, { a, b, s }))).toEqual([
        { sum: a + (b ?? 0), label: `${s}!`, no_b: b === null },
      ]);
    }
    expect(builds).toBe(1);
  });

  it('SelectTemplate: rows mapped to the builder’s fields (names, dates), in a transaction too', async () => {
    const items = pgTable('template_items', { id: integer('id').notNull(), name: text('name').notNull(), owner: text('owner').notNull() });
    const db = opened.database.db;
    await db.execute(sql`create temporary table template_items (id int not null, name text not null, owner text not null)`);
    await db.execute(sql`insert into template_items values (1, 'a', 'ann'), (2, 'b', 'ann'), (3, 'c', 'bob')`);
    const ofOwner = new SelectTemplate('parley_test_items_of_owner', (d, v: { owner: string; above: number }) =>
      d
        .select({
          id: items.id,
          itemName: items.name,
          at: sql<Date>`timestamptz '2026-01-02T03:04:05Z'`.mapWith((x) => new Date(String(x))),
        })
        .from(items)
        .where(and(eq(items.owner, v.owner), sql`${items.id} > ${v.above}`))
        .orderBy(items.id),
    );
    const at = new Date('2026-01-02T03:04:05Z');
    expect(await ofOwner.execute(db, { owner: 'ann', above: 0 })).toEqual([
      { id: 1, itemName: 'a', at },
      { id: 2, itemName: 'b', at },
    ]);
    await db.transaction(async (tx) => {
      expect(await ofOwner.execute(tx as unknown as Db, { owner: 'bob', above: 0 })).toEqual([{ id: 3, itemName: 'c', at }]);
      expect(await ofOwner.execute(tx as unknown as Db, { owner: 'ann', above: 1 })).toEqual([{ id: 2, itemName: 'b', at }]);
    });
    await db.execute(sql`drop table template_items`);
  });

  it('a placeholder used as a JavaScript value fails at once instead of storing "[object Object]"', async () => {
    const v = placeholders<{ room: string; n: number }>();
    expect(() => `workspace:${v.room}`).toThrow(/placeholder "room" used as a JavaScript value/);
    expect(() => v.n + 1).toThrow(/placeholder "n"/);
    const template = new StatementTemplate((_db, p: { room: string }) => sql`select ${`room:${p.room}`} as r`);
    await expect(template.execute(opened.database.db, { room: 'x' })).rejects.toThrow(/placeholder "room"/);
  });
});
