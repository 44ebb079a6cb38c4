/** The rows of `db.execute(sql…)`: both drivers answer `{ rows }`, which drizzle's result type does not say. */
export function rowsOf<T = Record<string, unknown>>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}
