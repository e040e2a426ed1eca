// readDigits end to end with the committed model in onnxruntime-node: numbers written with a
// pen, as the demo draws them, read by the worker's own pipeline (test/support/read-accuracy.mjs).
// (Planning and choosing alone, from the TypeScript sources: test/unit/reading.test.mjs.)
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { rgbaOf, write } from '../support/ink-drawing.mjs';
import { modelRunner, readNumber } from '../support/read-accuracy.mjs';

describe('reading numbers written with a pen (the committed model, onnxruntime-node)', () => {
  let run;
  before(async () => {
    run = await modelRunner();
  });

  test('each digit, a year, a number with a space, in several sizes and pens', async () => {
    for (const [text, options] of [
      ['0123456789', {}],
      ['2026', {}],
      ['12 34', {}],
      ['2026', { slant: 0.2 }],
      ['3141', { size: 64, thickness: 4 }],
      ['789', { size: 28, thickness: 4, gap: 6 }],
    ]) {
      const page = write(text, options);
      const reading = await readNumber(run, rgbaOf(page), page.width, page.height);
      assert.equal(reading.text, text, `${text} ${JSON.stringify(options)}`);
      assert.equal(reading.digits.length, text.replace(/ /g, '').length);
      assert.ok(reading.confidence > 0.3);
      for (const { prediction } of reading.digits) {
        assert.deepEqual(Object.keys(prediction.attention), ['se1', 'se2', 'se3']);
        assert.equal(prediction.top.length, 3);
      }
    }
  });

  test('digits that touch, as a hurried pen joins them', async () => {
    for (const [text, touch] of [['45', 0.05], ['38', 0.05], ['20', 0.05], ['90', 0.1], ['27', 0.15], ['71', 0.15]]) {
      const page = write(text, { touch });
      assert.equal((await readNumber(run, rgbaOf(page), page.width, page.height)).text, text, `${text} touching`);
    }
  });
});
