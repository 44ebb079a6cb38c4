import { describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit';

/** A writer whose calls can be released one at a time, recording what each call received. */
function gatedWriter(fail?: (items: number[]) => boolean) {
  const calls: number[][][] = [];
  const gates: Array<() => void> = [];
  const write = async (batches: number[][]) => {
    calls.push(batches);
    await new Promise<void>((release) => gates.push(release));
    if (batches.some((b) => fail?.(b))) throw new Error('poisoned');
    return batches.map((b) => b.reduce((a, x) => a + x, 0));
  };
  const releaseNext = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.shift()!();
  };
  return { calls, write, releaseNext };
}

describe('GroupCommit', () => {
  it('writes a lone caller at once, and callers arriving meanwhile together in the next write', async () => {
    const w = gatedWriter();
    const gc = new GroupCommit(w.write);
    const first = gc.submit([1]);
    const second = gc.submit([2, 3]);
    const third = gc.submit([4]);
    expect(w.calls).toEqual([[[1]]]);
    await w.releaseNext();
    await w.releaseNext();
    expect(await Promise.all([first, second, third])).toEqual([1, 5, 4]);
    expect(w.calls).toEqual([[[1]], [[2, 3], [4]]]);
  });

  it('never puts more than maxItems in one write, nor splits a caller', async () => {
    const w = gatedWriter();
    const gc = new GroupCommit(w.write, 3);
    const all = [gc.submit([1]), gc.submit([1, 1]), gc.submit([1, 1]), gc.submit([1, 1, 1, 1])];
    for (let i = 0; i < 4; i++) await w.releaseNext();
    expect(await Promise.all(all)).toEqual([1, 2, 2, 4]);
    expect(w.calls).toEqual([[[1]], [[1, 1]], [[1, 1]], [[1, 1, 1, 1]]]);
  });

  it('retries each caller alone when a shared write fails, so only the poisoned one fails', async () => {
    const w = gatedWriter((b) => b.includes(13));
    const gc = new GroupCommit(w.write);
    const lone = gc.submit([1]);
    const good = gc.submit([2]);
    const bad = gc.submit([13]);
    for (let i = 0; i < 4; i++) await w.releaseNext();
    expect(await lone).toBe(1);
    expect(await good).toBe(2);
    await expect(bad).rejects.toThrow('poisoned');
    expect(w.calls).toEqual([[[1]], [[2], [13]], [[2]], [[13]]]);
  });

  it('keeps working after a failure', async () => {
    const w = gatedWriter((b) => b.includes(13));
    const gc = new GroupCommit(w.write);
    const bad = gc.submit([13]);
    await w.releaseNext();
    await expect(bad).rejects.toThrow('poisoned');
    const next = gc.submit([7]);
    await w.releaseNext();
    expect(await next).toBe(7);
  });
});
