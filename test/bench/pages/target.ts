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
