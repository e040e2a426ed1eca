// Joins calls made in the same tick into one batch: one message and one session.run for
// many classify() calls. At most `maxInFlight` batches are out at once; calls that arrive
// meanwhile wait and travel together in the next batch (bounded by `maxBatch`).
// `send` settles its own items and never rejects (the classifier's #runBatch catches all).
// Private state uses # fields: the minifier can shorten their names (the bundle has a budget).
export class MicroBatcher<T> {
  #queue: T[] = [];
  #inFlight = 0;
  #scheduled = false;
  readonly #send: (batch: T[]) => Promise<void>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;

  constructor(send: (batch: T[]) => Promise<void>, maxBatch: number, maxInFlight = 2) {
    this.#send = send;
    this.#maxBatch = maxBatch;
    this.#maxInFlight = maxInFlight;
  }

  push(item: T): void {
    this.#queue.push(item);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#flush());
    }
  }

  /** Removes an item that has not been sent yet; false if it already left. */
  remove(item: T): boolean {
    const i = this.#queue.indexOf(item);
    if (i < 0) return false;
    this.#queue.splice(i, 1);
    return true;
  }

  /** Takes every waiting item out (for dispose). */
  drain(): T[] {
    const items = this.#queue;
    this.#queue = [];
    return items;
  }

  #flush(): void {
    this.#scheduled = false;
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight++;
      void this.#send(batch).finally(() => {
        this.#inFlight--;
        this.#flush();
      });
    }
  }
}
