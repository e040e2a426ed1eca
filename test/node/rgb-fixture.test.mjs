// The RGB fixture (test/fixtures/rgb-se-cnn/, an SE-CNN exported by models/export.py) in
// onnxruntime-node: the exported model gives PyTorch's outputs for the pictures its Python twin
// of \`fit\` preprocessed. (The preprocessing itself: test/unit/fit.test.mjs.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';

const fixture = new URL('../fixtures/rgb-se-cnn/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('se-cnn.manifest.json', fixture), 'utf8'));
const { pictures } = JSON.parse(readFileSync(new URL('pictures.json', fixture), 'utf8'));
const floatsOf = (b64) => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};
const maxDiff = (a, b) => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);

describe('the RGB fixture model in onnxruntime-node', () => {
  test("gives PyTorch's logits and gates for the Python-preprocessed pictures (within 1e-4)", async () => {
    const session = await ort.InferenceSession.create(readFileSync(new URL('se-cnn.onnx', fixture)));
    assert.deepEqual(session.outputNames, ['logits', 'se1', 'se2', 'se3']);
    const input = new Float32Array(pictures.length * 3072);
    pictures.forEach((p, i) => input.set(floatsOf(p.input), i * 3072));
    const out = await session.run({ input: new ort.Tensor('float32', input, [pictures.length, 3, 32, 32]) });
    assert.ok(maxDiff(out.logits.data, pictures.flatMap((p) => p.logits)) < 1e-4);
    for (const block of manifest.attention) {
      assert.deepEqual(out[block.output].dims, [pictures.length, block.channels]);
      assert.ok(maxDiff(out[block.output].data, pictures.flatMap((p) => p.attention[block.name])) < 1e-4, block.name);
    }
  });
});
