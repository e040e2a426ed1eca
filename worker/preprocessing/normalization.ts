// Per-channel mean/std normalisation, after any preprocessing: each value v in [0, 1] becomes
// (v - mean[c]) / std[c]. The manifest's `input.range` must then be what that makes of
// [0, 1]: checked here, at load, for every preprocessing. Pure.
import type { ModelInput } from '../../contract/types.js';
import type { Preprocessor } from './preprocessor.js';

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** The lowest and highest value a preprocessing with this input's mean/std gives. */
export function normalizedRange({ preprocessing }: ModelInput): [number, number] {
  const { mean, std } = preprocessing;
  if (!mean || !std) return [0, 1];
  const lows = mean.map((m, c) => Math.fround((0 - m) / std[c]!));
  const highs = mean.map((m, c) => Math.fround((1 - m) / std[c]!));
  return [Math.min(...lows), Math.max(...highs)];
}

/**
 * What is wrong with the input's mean/std or its range for preprocessing `type`, naming the
 * field; undefined when nothing is.
 */
export function normalizationProblem(input: ModelInput, type: string): string | undefined {
  const { preprocessing, shape, range } = input;
  const channels = shape[1];
  const { mean, std } = preprocessing as { mean?: unknown; std?: unknown };
  if ((mean === undefined) !== (std === undefined)) return '"input.preprocessing" needs both "mean" and "std", or neither';
  if (mean !== undefined) {
    const perChannel = (values: unknown, positive: boolean) =>
      Array.isArray(values) && values.length === channels && values.every((v) => Number.isFinite(v) && (!positive || v > 0));
    if (!perChannel(mean, false)) return `"input.preprocessing.mean" must hold ${channels} finite numbers (one per channel); got ${show(mean)}`;
    if (!perChannel(std, true)) return `"input.preprocessing.std" must hold ${channels} numbers above 0 (one per channel); got ${show(std)}`;
  }
  const [low, high] = normalizedRange(input);
  // Exporters round the bounds their own way: a relative 1e-5 is the same range.
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
  if (!near(range[0], low) || !near(range[1], high)) {
    const how = mean === undefined ? '' : ' with this mean and std (what they make of values 0 to 1)';
    return `"input.range" must be [${low}, ${high}] for "${type}" preprocessing${how}; got [${range[0]}, ${range[1]}]`;
  }
  return undefined;
}

/** The preprocessor with the input's mean/std applied to what it gives (itself when there are none). */
export function withNormalization(preprocessor: Preprocessor, input: ModelInput): Preprocessor {
  const { mean, std } = input.preprocessing;
  if (!mean || !std) return preprocessor;
  const plane = input.shape[2] * input.shape[3];
  const normalize = (values: Float32Array) => {
    for (let i = 0; i < values.length; i++) {
      const c = Math.floor(i / plane);
      values[i] = (values[i]! - mean[c]!) / std[c]!;
    }
    return values;
  };
  const { symbols } = preprocessor;
  return {
    workingSide: preprocessor.workingSide,
    fromRgba: (rgba, width, height) => normalize(preprocessor.fromRgba(rgba, width, height)),
    ...(symbols && { symbols: { ...symbols, fromInk: (ink, width, height) => normalize(symbols.fromInk(ink, width, height)) } }),
  };
}
