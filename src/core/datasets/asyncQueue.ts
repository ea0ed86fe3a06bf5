/**
 * A push → pull bridge for callback parsers (papaparse's `step`): the producer pushes, the consumer iterates,
 * and `onHighWater`/`onLowWater` let the producer pause while the consumer is behind.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failure: unknown;
  private ended = false;

  constructor(
    private readonly highWater: number,
    private readonly onHighWater: () => void,
    private readonly onLowWater: () => void,
  ) {}

  push(item: T): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    this.items.push(item);
    if (this.items.length === this.highWater) this.onHighWater();
  }

  end(error?: unknown): void {
    this.ended = true;
    this.failure = error;
    if (this.waiting && (this.items.length === 0 || error !== undefined)) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.items.length > 0) {
        const item = this.items.shift() as T;
        if (this.items.length === Math.floor(this.highWater / 2)) this.onLowWater();
        yield item;
        continue;
      }
      if (this.ended) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      const result = await new Promise<IteratorResult<T>>((resolve) => {
        this.waiting = resolve;
        this.onLowWater();
      });
      if (result.done) {
        if (this.failure !== undefined) throw this.failure;
        return;
      }
      yield result.value;
    }
  }
}
