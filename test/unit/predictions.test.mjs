// worker/predictions.ts and worker/input-values.ts, from their TypeScript sources: softmax,
// top-K, per-slot views, and the checks of values and topK that run in the worker.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, OptionError } from '../../contract/errors.ts';
import { checkSlotValues, topKProblem, valueProblem } from '../../worker/input-values.ts';
import { predictionAt, rankClasses, softmaxRows } from '../../worker/predictions.ts';

const close = (actual, expected, tolerance = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

describe('softmaxRows', () => {
  test('each row sums to 1 and keeps the order of its logits', () => {
    const p = softmaxRows(Float32Array.from([1, 2, 3, 0, 0, 0]), 2);
    close(p[0] + p[1] + p[2], 1);
    close(p[3] + p[4] + p[5], 1);
    assert.ok(p[2] > p[1] && p[1] > p[0]);
    for (const v of p.subarray(3)) close(v, 1 / 3);
    close(p[2], Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)));
  });

  test('is stable for huge logits (no Infinity or NaN)', () => {
    const p = softmaxRows(Float32Array.from([1000, 999, -1000]), 1);
    close(p[0], 1 / (1 + Math.exp(-1)));
    assert.equal(p[2], 0);
    assert.ok(p.every(Number.isFinite));
  });
});

describe('rankClasses and predictionAt', () => {
  test('ranks by probability, ties by index', () => {
    assert.deepEqual(rankClasses(Float32Array.from([0.2, 0.5, 0.2, 0.1])), [1, 0, 2, 3]);
  });

  test("a slot's prediction: views into the batch buffers, label, and its topK classes", () => {
    const manifest = { labels: ['a', 'b', 'c'], attention: [{ name: 'se1', channels: 2 }] };
    const probabilities = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6]);
    const attention = { se1: Float32Array.from([0.1, 0.2, 0.3, 0.4]) };
    const p = predictionAt(manifest, probabilities, attention, 1, 2);
    assert.equal(p.index, 2);
    assert.equal(p.label, 'c');
    assert.deepEqual(Array.from(p.probabilities), Array.from(probabilities.subarray(3)));
    assert.equal(p.probabilities.buffer, probabilities.buffer, 'a view, not a copy');
    assert.deepEqual(p.top.map((t) => t.label), ['c', 'b']);
    close(p.top[0].probability, 0.6);
    assert.deepEqual(Array.from(p.attention.se1), [Math.fround(0.3), Math.fround(0.4)]);
    assert.equal(p.attention.se1.buffer, attention.se1.buffer);
  });
});

describe('value checks', () => {
  test('the first value outside the range, NaN or infinite is named with its index', () => {
    assert.equal(valueProblem(Float32Array.from([0, 0.5, 1]), [0, 1]), undefined);
    assert.match(valueProblem(Float32Array.from([0, NaN]), [0, 1]), /^value 1 is NaN; expected values in \[0, 1\]/);
    assert.match(valueProblem(Float32Array.from([2, 0]), [0, 1]), /^value 0 is 2, outside \[0, 1\]/);
    assert.match(valueProblem(Float32Array.from([0, 0, -Infinity]), [0, 1]), /^value 2 is -Infinity/);
    assert.equal(valueProblem(Float32Array.from([-2, 2]), [-2.5, 2.5]), undefined, 'the range comes from the manifest');
  });

  test('a bad slot gets its own InputError and is zeroed; the others are untouched', () => {
    const tensor = Float32Array.from([0.5, 0.5, 0.2, 7, 1, 0]);
    const errors = checkSlotValues(tensor, [0, 1, 2], 2, [0, 1]);
    assert.deepEqual([...errors.keys()], [1]);
    assert.ok(errors.get(1) instanceof InputError);
    assert.match(errors.get(1).message, /value 1 is 7/);
    assert.deepEqual(Array.from(tensor), [0.5, 0.5, 0, 0, 1, 0]);
  });

  test('only the slots asked for are checked (the rows of images are filled by the preprocessing)', () => {
    const tensor = Float32Array.from([0.5, 9, 0.2, 7]);
    const errors = checkSlotValues(tensor, [1], 2, [0, 1]);
    assert.deepEqual([...errors.keys()], [1]);
    assert.deepEqual(Array.from(tensor), [0.5, 9, 0, 0]);
  });

  test('topK must be an integer from 1 to the number of classes', () => {
    for (const good of [1, 5, 10]) assert.equal(topKProblem(good, 10), undefined);
    for (const bad of [0, 11, 2.5, NaN, '3', undefined]) {
      const error = topKProblem(bad, 10);
      assert.ok(error instanceof OptionError, String(bad));
      assert.match(error.message, /topK must be an integer from 1 to 10/);
    }
  });
});
