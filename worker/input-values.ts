// The checks of a batch's values that run in the worker rather than on the page: the same
// loops cost the page nothing here. The page checks only what it must (type and length,
// src/input.ts). A bad slot is reported alone; its batch-mates still run. Pure.
import { InputError, OptionError } from '../contract/errors.js';

/**
 * The first value of one input outside `[low, high]` (or not a number), in words; undefined
 * when every value is in range.
 */
export function valueProblem(values: Float32Array, [low, high]: readonly [number, number]): string | undefined {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v >= low && v <= high) continue;
    const what = Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? `${v}, outside [${low}, ${high}]` : String(v);
    return `value ${i} is ${what}; expected values in [${low}, ${high}] (the model's input range)`;
  }
  return undefined;
}

/**
 * Checks the given slots of a batch tensor (`length` values each). A slot with a bad value
 * gets an InputError and is zeroed, so that it cannot disturb the run.
 */
export function checkSlotValues(tensor: Float32Array, slots: Iterable<number>, length: number, range: readonly [number, number]): Map<number, Error> {
  const errors = new Map<number, Error>();
  for (const slot of slots) {
    const values = tensor.subarray(slot * length, (slot + 1) * length);
    const problem = valueProblem(values, range);
    if (problem) {
      errors.set(slot, new InputError(problem));
      values.fill(0);
    }
  }
  return errors;
}

/** topK comes with each call and is checked here, to keep the main-thread bundle small. */
export function topKProblem(topK: unknown, classes: number): Error | undefined {
  if (Number.isInteger(topK) && (topK as number) >= 1 && (topK as number) <= classes) return undefined;
  return new OptionError(`topK must be an integer from 1 to ${classes}; got ${String(topK)}`);
}

/** The options of a readDigits call, with their defaults; an OptionError for a bad one. */
export function readOptions({ maxDigits = 32, minProbability = 0 }: { maxDigits?: unknown; minProbability?: unknown }): { maxDigits: number; minProbability: number } | Error {
  if (!(Number.isInteger(maxDigits) && (maxDigits as number) >= 1)) return new OptionError(`maxDigits must be an integer of at least 1; got ${String(maxDigits)}`);
  if (!(typeof minProbability === 'number' && minProbability >= 0 && minProbability <= 1)) {
    return new OptionError(`minProbability must be a number from 0 to 1; got ${String(minProbability)}`);
  }
  return { maxDigits: maxDigits as number, minProbability };
}
