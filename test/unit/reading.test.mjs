// readDigits in the worker (worker/reading/) from its TypeScript sources: planning a reading
// from a picture, choosing among the cuts with the model's probabilities, and writing the
// text. (With the committed model in onnxruntime-node, end to end on pen strokes as the demo
// draws them: test/node/reading-pen.test.mjs.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, OptionError, UnsupportedError } from '../../contract/errors.ts';
import { readOptions } from '../../worker/input-values.ts';
import { mnistDigit } from '../../worker/preprocessing/mnist-digit.ts';
import { chooseReading, planReading, readingOf } from '../../worker/reading/index.ts';
import { planFromRgba, symbolsOf } from '../../worker/reading/reading-plan.ts';
import { rgbaOf, sheet, stroke, write } from '../support/ink-drawing.mjs';

const symbols = mnistDigit.symbols;

const plan = (page, maxDigits = 32, options) => planFromRgba(rgbaOf(page, options), page.width, page.height, symbols, maxDigits);

describe('planFromRgba', () => {
  test('a blank picture is an InputError: no ink found', () => {
    assert.throws(() => plan(sheet(120, 40)), (e) => e instanceof InputError && /no ink was found/.test(e.message));
  });

  test('more digits than maxDigits is an InputError naming the count', () => {
    const page = write('1234567890', { size: 30 });
    assert.throws(() => plan(page, 8), (e) => e instanceof InputError && /holds (at least )?10 digits, more than maxDigits \(8\)/.test(e.message));
    const many = sheet(40 * 12 + 20, 60);
    for (let i = 0; i < 40; i++) stroke(many, [[10 + 12 * i, 8], [10 + 12 * i, 52]], 4);
    assert.throws(() => plan(many, 32), /holds at least 40 digits, more than maxDigits \(32\)/);
    assert.equal(plan(page, 10).line.count, 10);
  });

  test('dark on light and light on dark give the same inputs', () => {
    const page = write('305');
    const dark = plan(page), light = plan(page, 32, { light: true });
    assert.equal(light.inputs.length, dark.inputs.length);
    const worst = dark.inputs.reduce((m, v, i) => Math.max(m, Math.abs(v - light.inputs[i])), 0);
    assert.ok(worst < 1e-6, `differs by ${worst}`);
  });

  test("a digit's input is exactly what the preprocessing gives for a picture of that digit alone", () => {
    const page = write('4096', { size: 40, thickness: 5 });
    const line = plan(page);
    const glyphs = line.line.groups.map((g) => g.pieces.find((p) => p.from === 0 && p.to === g.end).glyph);
    assert.equal(glyphs.length, 4);
    glyphs.forEach((glyph, i) => {
      // The same picture with every other digit erased.
      const alone = sheet(page.width, page.height);
      const { x, width } = page.boxes[i];
      for (let y = 0; y < page.height; y++) {
        for (let px = Math.floor(x - 6); px < Math.ceil(x + width + 6); px++) alone.ink[y * page.width + px] = page.ink[y * page.width + px];
      }
      const expected = mnistDigit.fromRgba(rgbaOf(alone), page.width, page.height);
      const actual = symbols.fromInk(glyph.ink, glyph.width, glyph.height);
      const worst = expected.reduce((m, v, j) => Math.max(m, Math.abs(v - actual[j])), 0);
      assert.ok(worst < 1e-6, `digit ${i}: differs by ${worst}`);
    });
  });

  test('boxes are in the picture\'s pixels, through the working size and any crop', () => {
    const page = write('71', { size: 200, thickness: 24, margin: 50 });
    const p = planFromRgba(rgbaOf(page), page.width, page.height, symbols, 32, { scale: 0.5, x: 100, y: 20 });
    const chosen = chooseReading(p, () => 0.9);
    assert.equal(chosen.boxes.length, 2);
    chosen.boxes.forEach((box, i) => {
      const truth = page.boxes[i];
      // The picture was a half-size copy of a region starting at (100, 20).
      assert.ok(box.y >= 20 + 2 * truth.y - 30 && box.y <= 20 + 2 * truth.y + 30, `y ${box.y}`);
      assert.ok(box.height >= 2 * 160 && box.height <= 2 * 240, `height ${box.height}`);
    });
    assert.ok(chosen.boxes[0].x < chosen.boxes[1].x);
  });
});

describe('chooseReading and readingOf', () => {
  const touching = plan(write('38', { touch: 0.1 }));
  const group = touching.line.groups[0];
  const rowOf = (piece) => group.pieces.indexOf(piece);
  const whole = group.pieces.find((p) => p.from === 0 && p.to === group.end);

  test('the chain the model reads most confidently wins over a cheaper shape the model doubts', () => {
    // The model unsure of the whole, sure of every smaller piece: a chain of several.
    const chosen = chooseReading(touching, (row) => (row === rowOf(whole) ? 0.01 : 0.99));
    assert.ok(chosen.rows.length >= 2);
    // Sure of the whole only: one digit.
    assert.deepEqual(chooseReading(touching, (row) => (row === rowOf(whole) ? 0.99 : 0.01)).rows, [rowOf(whole)]);
  });

  test('the text: labels left to right, a space for a gap of about a digit, ? below minProbability', () => {
    const spaced = plan(write('12 34'));
    const chosen = chooseReading(spaced, () => 0.9);
    assert.deepEqual(chosen.spaceBefore, [false, false, true, false]);
    const prediction = (label, p) => ({ index: Number(label), label, probabilities: Float32Array.from({ length: 10 }, (_, i) => (i === Number(label) ? p : (1 - p) / 9)), top: [], attention: {} });
    const predictions = [prediction('1', 0.99), prediction('2', 0.6), prediction('3', 0.97), prediction('4', 0.95)];
    const reading = readingOf(chosen, predictions, 0.7, { prepareMs: 1, inferMs: 2 });
    assert.equal(reading.text, '1? 34');
    assert.ok(Math.abs(reading.confidence - 0.6) < 1e-6);
    assert.equal(reading.digits.length, 4);
    assert.equal(reading.digits[1].prediction.label, '2', 'an unsure digit stays in digits');
    assert.equal(reading.digits[0].prediction.timings, reading.timings, 'one timings object, shared');
    assert.equal(readingOf(chosen, predictions, 0, reading.timings).text, '12 34');
  });
});

describe('which models can read digits', () => {
  test('a preprocessing that reads symbols one by one can (mnist-digit); any other is an UnsupportedError naming it', () => {
    assert.equal(symbolsOf(mnistDigit, 'mnist-digit'), mnistDigit.symbols);
    const other = { problemWith: () => undefined, fromRgba: () => new Float32Array(3 * 32 * 32) };
    assert.throws(
      () => symbolsOf(other, 'imagenet-rgb'),
      (e) => e instanceof UnsupportedError && e.code === 'UNSUPPORTED' && /"mnist-digit".*this model's is "imagenet-rgb"/.test(e.message),
    );
  });

  test("the engine's entry checks the model first, then that it was sent an image", async () => {
    const other = { problemWith: () => undefined, fromRgba: () => new Float32Array(3 * 32 * 32) };
    const values = new Float32Array(784);
    await assert.rejects(planReading(values, other, 'imagenet-rgb', 32), (e) => e instanceof UnsupportedError && /"imagenet-rgb"/.test(e.message));
    await assert.rejects(planReading(values, mnistDigit, 'mnist-digit', 32), (e) => e instanceof InputError && /readDigits takes an image/.test(e.message));
  });
});

describe('readDigits options, checked in the worker', () => {
  test('defaults: maxDigits 32, minProbability 0; bad values are OptionErrors', () => {
    assert.deepEqual(readOptions({}), { maxDigits: 32, minProbability: 0 });
    assert.deepEqual(readOptions({ maxDigits: 5, minProbability: 0.5 }), { maxDigits: 5, minProbability: 0.5 });
    for (const bad of [{ maxDigits: 0 }, { maxDigits: 2.5 }, { maxDigits: '8' }, { minProbability: 1.5 }, { minProbability: NaN }]) {
      const result = readOptions(bad);
      assert.ok(result instanceof OptionError, JSON.stringify(bad));
      assert.match(result.message, /maxDigits must be an integer of at least 1|minProbability must be a number from 0 to 1/);
    }
  });
});
