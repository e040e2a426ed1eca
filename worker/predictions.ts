// From a batch's raw outputs to predictions: softmax over each row of logits, the top-K
// classes, and each slot's attention. Pure: no ORT, no I/O.
import type { ModelManifest } from '../contract/types.js';
import type { PredictionCore } from '../contract/worker-api.js';

/** Softmax of each of the `count` rows of `logits`, computed stably (max subtracted). */
export function softmaxRows(logits: Float32Array, count: number): Float32Array {
  const classes = logits.length / count;
  const out = new Float32Array(logits.length);
  for (let r = 0; r < count; r++) {
    const o = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[o + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[o + c] = Math.exp(logits[o + c]! - max);
    for (let c = 0; c < classes; c++) out[o + c]! /= sum;
  }
  return out;
}

/** Class indices by probability, most probable first; ties keep the lower index first. */
export function rankClasses(probabilities: Float32Array): number[] {
  return Array.from(probabilities.keys()).sort((a, b) => probabilities[b]! - probabilities[a]! || a - b);
}

/**
 * One slot's prediction: views into the batch's buffers (no copies, so that they can be
 * transferred together), and its `topK` classes.
 */
export function predictionAt(
  { labels, attention: blocks }: Pick<ModelManifest, 'labels' | 'attention'>,
  probabilitiesOfBatch: Float32Array,
  attentionOfBatch: Record<string, Float32Array>,
  slot: number,
  topK: number,
): PredictionCore {
  const classes = labels.length;
  const probabilities = probabilitiesOfBatch.subarray(slot * classes, (slot + 1) * classes);
  const order = rankClasses(probabilities);
  const attention: Record<string, Float32Array> = {};
  for (const { name, channels } of blocks) attention[name] = attentionOfBatch[name]!.subarray(slot * channels, (slot + 1) * channels);
  return {
    index: order[0]!,
    label: labels[order[0]!]!,
    probabilities,
    top: order.slice(0, topK).map((index) => ({ index, label: labels[index]!, probability: probabilities[index]! })),
    attention,
  };
}
