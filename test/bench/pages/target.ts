// What every benchmarked implementation provides, so that one runner measures them all alike.
export interface Target {
  /** Loads the model; resolves when a prediction can run. */
  load(): Promise<void>;
  /** Classifies one 784-float image; resolves with the predicted class. */
  one(input: Float32Array): Promise<number>;
  /**
   * Classifies many images the way an app would submit them one by one: all at once where the
   * implementation allows concurrent calls, else one after the other.
   */
  each(inputs: Float32Array[]): Promise<number[]>;
  /** Classifies `count` images packed in one array, in batches of `batchSize`. */
  batched(images: Float32Array, count: number, batchSize: number): Promise<number[]>;
  dispose(): Promise<void>;
  /** How many WASM threads it runs on, where it can tell. */
  threads?(): number;
  /**
   * The backend that ran, where the implementation chooses one, and for WebGPU whether it
   * passed the manifest's self-check (se-edge serves WebGPU only if it did).
   */
  ranOn?(): string;
}

export const PIXELS = 784;

export function argmaxRows(values: ArrayLike<number>, rows: number, classes = 10): number[] {
  const out = new Array<number>(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (values[r * classes + c]! > values[r * classes + best]!) best = c;
    out[r] = best;
  }
  return out;
}

/**
 * The Target methods of an implementation that runs one call at a time on the main thread
 * (raw ORT, TF.js): an app awaits each image in turn, or each batch.
 */
export function sequentialCalls(run: (input: Float32Array, count: number) => Promise<number[]>): Pick<Target, 'one' | 'each' | 'batched'> {
  return {
    one: async (input) => (await run(input, 1))[0]!,
    async each(inputs) {
      const out: number[] = [];
      for (const x of inputs) out.push((await run(x, 1))[0]!);
      return out;
    },
    async batched(images, count, batchSize) {
      const out: number[] = [];
      for (let i = 0; i < count; i += batchSize) {
        const n = Math.min(batchSize, count - i);
        out.push(...(await run(images.subarray(i * PIXELS, (i + n) * PIXELS), n)));
      }
      return out;
    },
  };
}
