// worker/load/check-manifest.ts, from its TypeScript source: the bundled manifest passes, and a
// manifest the worker cannot serve is refused at load with a ModelLoadError naming the field.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ModelLoadError } from '../../contract/errors.ts';
import { checkManifest } from '../../worker/load/check-manifest.ts';

const bundled = JSON.parse(readFileSync(new URL('../../models/se-lenet-mnist.manifest.json', import.meta.url), 'utf8'));
const url = 'https://example.test/model.json';

/** The bundled manifest with one change; `edit` mutates a deep copy. */
const changed = (edit) => {
  const copy = structuredClone(bundled);
  edit(copy);
  return copy;
};

const refusal = (manifest) => {
  try {
    checkManifest(manifest, url);
  } catch (error) {
    assert.ok(error instanceof ModelLoadError, `a ModelLoadError, got ${error}`);
    assert.equal(error.code, 'MODEL_LOAD');
    assert.ok(error.message.includes(url), 'the message names the manifest URL');
    return error.message;
  }
  assert.fail('the manifest was accepted');
};

describe('checkManifest', () => {
  test('accepts the bundled model and derives its input length from input.shape', () => {
    const { manifest, inputLength } = checkManifest(bundled, url);
    assert.equal(manifest, bundled);
    assert.equal(inputLength, 784);
  });

  test('refuses an RGB 32x32 model for MNIST digit preprocessing, naming input.shape', () => {
    const message = refusal(changed((m) => (m.input.shape = ['N', 3, 32, 32])));
    assert.match(message, /"input\.shape" must be \[N, 1, 28, 28\] for "mnist-digit" preprocessing; got \[N, 3, 32, 32\]/);
  });

  const cases = {
    'not an object': [() => [1, 2], /not a JSON object/],
    'no name': [(m) => delete m.name, /"name" is missing/],
    'no model url': [(m) => delete m.model.url, /"model\.url" is missing/],
    'short sha256': [(m) => (m.model.sha256 = 'abc'), /"model\.sha256" must be 64 lowercase hex digits/],
    'no byte size': [(m) => delete m.model.bytes, /"model\.bytes"/],
    'empty labels': [(m) => (m.labels = []), /"labels" must be a non-empty array/],
    'numeric labels': [(m) => (m.labels = m.labels.map(Number)), /"labels" must be a non-empty array of strings/],
    'no input name': [(m) => delete m.input.name, /"input\.name" is missing/],
    'float16 input': [(m) => (m.input.dtype = 'float16'), /"input\.dtype" must be "float32"; got "float16"/],
    '3-D shape': [(m) => (m.input.shape = ['N', 28, 28]), /"input\.shape" must be \[N, channels, height, width\]/],
    'fractional size': [(m) => (m.input.shape = ['N', 1, 28.5, 28]), /"input\.shape" must be \[N, channels, height, width\] with positive integer sizes/],
    'no range': [(m) => delete m.input.range, /"input\.range" must be \[lowest, highest\]/],
    'reversed range': [(m) => (m.input.range = [1, 0]), /"input\.range" must be \[lowest, highest\], two finite numbers in increasing order; got \[1,0\]/],
    'range MNIST preprocessing cannot give': [(m) => (m.input.range = [-1, 1]), /"input\.range" must be \[0, 1\] for "mnist-digit" preprocessing/],
    'unknown preprocessing': [(m) => (m.input.preprocessing = { type: 'yolo-letterbox' }), /"input\.preprocessing\.type" is "yolo-letterbox"; this version of se-edge knows "mnist-digit"/],
    'no preprocessing': [(m) => delete m.input.preprocessing, /"input\.preprocessing\.type" is undefined/],
    'no logits name': [(m) => delete m.outputs.logits.name, /"outputs\.logits\.name" is missing/],
    'logits not one per label': [(m) => (m.outputs.logits.shape = ['N', 9]), /"outputs\.logits\.shape" must be \[N, 10\]/],
    'attention not an array': [(m) => (m.attention = {}), /"attention" must be an array/],
    'block without channels': [(m) => delete m.attention[1].channels, /"attention\[1\]" needs "name", "output" and "channels"/],
    'probe inputs of the wrong length': [(m) => (m.probe.inputs[0] = m.probe.inputs[0].slice(1)), /"probe\.inputs" must be rows of 784 values/],
    'probe logits of the wrong width': [(m) => m.probe.logits[2].pop(), /"probe\.logits" must hold one row of 10 logits per probe input/],
    'negative probe tolerance': [(m) => (m.probe.tolerance = -1), /"probe\.tolerance"/],
  };
  for (const [name, [edit, expected]] of Object.entries(cases)) {
    test(`refuses a manifest with ${name}, naming the field`, () => {
      const manifest = name === 'not an object' ? edit() : changed(edit);
      assert.match(refusal(manifest), expected);
    });
  }
});
