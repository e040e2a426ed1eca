// The committed Fashion-MNIST model, checked with ONNX Runtime (onnxruntime-node): its
// manifest against the file, parity with PyTorch on the golden images and the probe, gates
// that vary, and the accuracy on the standard test set (10,000 images, from Debian's
// dataset-fashion-mnist) that its model card states.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { FASHION_FILES, loadFashion, PIXELS } from '../../models/mnist-idx.mjs';
import { testAccuracy } from '../../models/onnx-accuracy.mjs';
import { checkManifest } from '../../worker/load/check-manifest.ts';

const models = new URL('../../models/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('se-lenet-fashion.manifest.json', models), 'utf8'));
const golden = JSON.parse(readFileSync(new URL('se-lenet-fashion.golden.json', models), 'utf8'));
const onnxBytes = readFileSync(new URL(manifest.model.url, models));
const testSet = loadFashion('test');
const LABELS = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

let session;
before(async () => {
  session = await ort.InferenceSession.create(onnxBytes);
});
const run = (inputs, count) => session.run({ input: new ort.Tensor('float32', inputs, [count, 1, 28, 28]) });
const maxAbsDiff = (actual, rows) => rows.flat().reduce((worst, v, i) => Math.max(worst, Math.abs(actual[i] - v)), 0);

describe('the Fashion-MNIST model file and its manifest', () => {
  test('sha256 and size as the manifest states; at most 1.5 MB', () => {
    assert.equal(createHash('sha256').update(onnxBytes).digest('hex'), manifest.model.sha256);
    assert.equal(onnxBytes.length, manifest.model.bytes);
    assert.ok(onnxBytes.length <= 1.5e6, `${onnxBytes.length} bytes`);
  });

  test('the worker serves it: grey pictures inverted and fitted into [1, 28, 28], ten clothing labels, three SE blocks', () => {
    assert.equal(checkManifest(manifest, 'se-lenet-fashion.manifest.json').inputLength, 784);
    assert.deepEqual(manifest.input.preprocessing, { type: 'fit', color: 'grayscale', invert: true });
    assert.deepEqual(manifest.input.range, [0, 1]);
    assert.deepEqual(manifest.labels, LABELS);
    assert.deepEqual(session.outputNames, ['logits', 'se1', 'se2', 'se3']);
    assert.deepEqual(manifest.attention.map((b) => [b.name, b.channels]), [['se1', 16], ['se2', 48], ['se3', 192]]);
  });
});

describe('parity with PyTorch', () => {
  test('the golden inputs are the first 64 standard test images, as the loader gives them', () => {
    golden.inputs.forEach((row, i) => {
      assert.equal(golden.labels[i], testSet.labels[i]);
      assert.deepEqual(Float32Array.from(row), testSet.images.subarray(i * PIXELS, (i + 1) * PIXELS));
    });
  });

  test('logits and every attention vector of the 64 golden images are within 1e-4 of PyTorch', async () => {
    const out = await run(Float32Array.from(golden.inputs.flat()), golden.inputs.length);
    assert.ok(maxAbsDiff(out.logits.data, golden.logits) < 1e-4);
    for (const block of manifest.attention) assert.ok(maxAbsDiff(out[block.output].data, golden.attention[block.name]) < 1e-4, block.name);
  });

  test("the probe's inputs are test images, and ONNX Runtime reproduces its outputs within its tolerance", async () => {
    const { probe } = manifest;
    probe.testIndex.forEach((k, row) => {
      assert.deepEqual(Float32Array.from(probe.inputs[row]), testSet.images.subarray(k * PIXELS, (k + 1) * PIXELS));
      assert.equal(probe.labels[row], testSet.labels[k]);
    });
    const out = await run(Float32Array.from(probe.inputs.flat()), probe.inputs.length);
    assert.ok(maxAbsDiff(out.logits.data, probe.logits) <= probe.tolerance);
    for (const block of manifest.attention) assert.ok(maxAbsDiff(out[block.output].data, probe.attention[block.name]) <= probe.tolerance);
  });
});

describe('on the 10,000 standard test images', () => {
  test('every gate lies in [0, 1], and each block gives different images different attention', async () => {
    const out = await run(testSet.images, testSet.count);
    for (const block of manifest.attention) {
      const data = out[block.output].data;
      let min = Infinity, max = -Infinity;
      for (const v of data) (min = Math.min(min, v)), (max = Math.max(max, v));
      assert.ok(min >= 0 && max <= 1, `${block.name} spans [${min}, ${max}]`);
      // The largest spread of one channel across images: a dead block would give ~0.
      let spread = 0;
      for (let c = 0; c < block.channels; c++) {
        let lo = Infinity, hi = -Infinity;
        for (let i = c; i < data.length; i += block.channels) (lo = Math.min(lo, data[i])), (hi = Math.max(hi, data[i]));
        spread = Math.max(spread, hi - lo);
      }
      assert.ok(spread > 0.2, `${block.name}: channels move by at most ${spread}`);
    }
  });

  test('ONNX Runtime reproduces every figure of the manifest, and the accuracy is at least 92.5%', async () => {
    const { correct, count, perClass, errors } = await testAccuracy(onnxBytes, { data: testSet });
    const stated = manifest.metrics.test;
    assert.equal(count, 10000);
    assert.equal(correct, stated.correct);
    assert.equal(Math.round(stated.pytorchAccuracy * count), correct, 'PyTorch and ONNX Runtime agree');
    assert.deepEqual(perClass, stated.perClass);
    assert.deepEqual(errors, stated.errors);
    assert.ok(stated.accuracy >= 0.925, `accuracy ${stated.accuracy}`);
  });

  test('the loader pins the same files and SHA-256 as its Python twin (models/data.py)', () => {
    const python = readFileSync(new URL('data.py', models), 'utf8');
    for (const set of ['train', 'test']) {
      for (const [file, sha256] of [FASHION_FILES[set].images, FASHION_FILES[set].labels]) {
        assert.ok(python.includes(`("${file}", "${sha256}")`), `${file} ${sha256} in data.py`);
      }
    }
  });
});
