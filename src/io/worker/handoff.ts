/** A hand-off between a producer and an async consumer: `push` resolves when the consumer has taken the item. */
export class Handoff<T> {
  private readonly items: { item: T; taken: () => void; refused: (reason: Error) => void }[] = [];
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | null = null;
  private failure: { error: unknown } | null = null;
  private ended = false;
  private cancelled: { reason: Error } | null = null;

  /** Offers an item; resolves once the consumer has taken it (so the producer never runs far ahead). */
  push(item: T): Promise<void> {
    if (this.cancelled) return Promise.reject(this.cancelled.reason);
    return new Promise((taken, refused) => {
      this.items.push({ item, taken, refused });
      this.settle();
    });
  }

  /** No more items. */
  end(): void {
    this.ended = true;
    this.settle();
  }

  /** The producer failed: the consumer's next read throws `error`. */
  fail(error: unknown): void {
    this.failure = { error };
    this.settle();
  }

  /** The consumer stopped: the waiting and every later `push` and `next` reject with `reason` (the producer stops). */
  cancel(reason: Error): void {
    this.cancelled = { reason };
    for (const { refused } of this.items.splice(0)) refused(reason);
    this.fail(reason);
  }

  /** The next item, or done; rejects when the producer failed. */
  next(): Promise<IteratorResult<T>> {
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.settle();
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }

  private settle(): void {
    const w = this.waiting;
    if (!w) return;
    if (this.items.length > 0) {
      this.waiting = null;
      const { item, taken } = this.items.shift()!;
      taken();
      w.resolve({ value: item, done: false });
    } else if (this.failure) {
      this.waiting = null;
      w.reject(this.failure.error);
    } else if (this.ended) {
      this.waiting = null;
      w.resolve({ value: undefined, done: true });
    }
  }
}
