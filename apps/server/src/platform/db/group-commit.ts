/**
 * Group commit. Callers that arrive while a write is in flight wait for it and are then written together, in one
 * transaction: under load N concurrent requests cost one commit instead of N, and a caller alone pays no added
 * delay (nothing waits on a timer). Each caller still gets only its own result, and only after its rows committed.
 *
 * If a shared write fails, each of its callers is retried alone, so one poisoned request fails only itself.
 */
export class GroupCommit<I, O> {
  private queue: Array<Waiter<I, O>> = [];
  private flushing = false;

  /**
   * @param write writes several callers' items in one transaction; returns one result per caller, in order.
   * @param maxItems upper bound of items per transaction (a batch never splits one caller's items).
   */
  constructor(
    private readonly write: (batches: I[][]) => Promise<O[]>,
    private readonly maxItems = 1000,
  ) {}

  submit(items: I[]): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        await this.writeBatch(batch);
      }
    } finally {
      this.flushing = false;
    }
  }

  private take(): Array<Waiter<I, O>> {
    let count = 0;
    let n = 0;
    while (n < this.queue.length && (n === 0 || count + this.queue[n]!.items.length <= this.maxItems)) {
      count += this.queue[n]!.items.length;
      n++;
    }
    return this.queue.splice(0, n);
  }

  private async writeBatch(batch: Array<Waiter<I, O>>): Promise<void> {
    try {
      const results = await this.write(batch.map((w) => w.items));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const w of batch) {
        try {
          const [result] = await this.write([w.items]);
          w.resolve(result!);
        } catch (own) {
          w.reject(own);
        }
      }
    }
  }
}

interface Waiter<I, O> {
  items: I[];
  resolve: (result: O) => void;
  reject: (err: unknown) => void;
}
