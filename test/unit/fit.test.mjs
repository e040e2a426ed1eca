// The `fit` preprocessing and mean/std normalisation (worker/preprocessing/fit.ts,
// normalization.ts), from their TypeScript sources: what they make of pictures, that they
// agree with their Python twin (models/preprocessing.py) on the RGB fixture's pictures, and
// that a manifest they cannot serve is refused at load naming the field. (The fixture model
// itself against PyTorch, in onnxruntime-node: test/node/rgb-fixture.test.mjs.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { ModelLoadError } from '../../contract/errors.ts';
import { checkManifest } from '../../worker/load/check-manifest.ts';
import { fitPicture } from '../../worker/preprocessing/fit.ts';
import { preprocessorFor } from '../../worker/preprocessing/index.ts';

const fixture = new URL('../fixtures/rgb-se-cnn/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('se-cnn.manifest.json', fixture), 'utf8'));
const { pictures } = JSON.parse(readFileSync(new URL('pictures.json', fixture), 'utf8'));
const rgbaOf = (p) => new Uint8ClampedArray(Buffer.from(p.rgba, 'base64'));
const floatsOf = (b64) => {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};
const maxDiff = (a, b) => a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);

/** A width x height RGBA picture filled with `colour`, with `rect` [x0, y0, x1) in `ink`. */
function picture(width, height, colour, rect, ink) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set(colour, i * 4);
  if (rect) for (let y = rect[1]; y < rect[3]; y++) for (let x = rect[0]; x < rect[2]; x++) rgba.set(ink, (y * width + x) * 4);
  return rgba;
}

describe('fit preprocessing', () => {
  const grey = { rgb: false, invert: false, pad: 0, width: 8, height: 8 };

  test('keeps the aspect ratio: a wide picture fills the width, centred, padded above and below', () => {
    const out = fitPicture(picture(16, 8, [255, 255, 255, 255]), 16, 8, { ...grey, pad: 0.25 });
    const rows = Array.from({ length: 8 }, (_, y) => Array.from(out.subarray(y * 8, y * 8 + 8)));
    assert.deepEqual(rows.map((r) => r[0]), [0.25, 0.25, 1, 1, 1, 1, 0.25, 0.25]);
    assert.ok(rows.every((r) => r.every((v) => v === r[0])), 'each row is uniform');
  });

  test('does not crop to the content or centre it by mass: an off-centre square stays where it was', () => {
    // A black square in the top-left quarter of a white 16x16 picture, fitted into 8x8.
    const out = fitPicture(picture(16, 16, [255, 255, 255, 255], [0, 0, 8, 8], [0, 0, 0, 255]), 16, 16, grey);
    assert.equal(out[0], 0);
    assert.equal(out[3 * 8 + 3], 0);
    assert.equal(out[4 * 8 + 4], 1);
    assert.equal(out[7 * 8 + 7], 1);
  });

  test('grey is luma; RGB keeps the channels in order; invert gives 1 - v; transparent pixels are white', () => {
    const red = picture(8, 8, [255, 0, 0, 255]);
    const [luma] = fitPicture(red, 8, 8, grey);
    assert.ok(Math.abs(luma - 0.299) < 1e-6);
    const rgb = fitPicture(red, 8, 8, { ...grey, rgb: true });
    assert.deepEqual([rgb[0], rgb[64], rgb[128]], [1, 0, 0]);
    const inverted = fitPicture(red, 8, 8, { ...grey, rgb: true, invert: true });
    assert.deepEqual([inverted[0], inverted[64], inverted[128]], [0, 1, 1]);
    const clear = fitPicture(picture(8, 8, [0, 0, 0, 0]), 8, 8, grey);
    assert.ok(clear.every((v) => v === 1));
  });

  test('enlarges a small picture and reduces a large one to the input size', () => {
    for (const [w, h] of [[2, 2], [100, 100], [3, 50]]) {
      const out = fitPicture(picture(w, h, [128, 128, 128, 255]), w, h, grey);
      assert.equal(out.length, 64);
    }
  });

  test("agrees with its Python twin on the fixture's pictures, mean/std included (within 1e-6)", () => {
    const preprocessor = preprocessorFor(manifest.input);
    assert.equal(pictures.length, 5);
    for (const p of pictures) {
      const mine = preprocessor.fromRgba(rgbaOf(p), p.width, p.height);
      const python = floatsOf(p.input);
      assert.equal(mine.length, 3 * 32 * 32);
      assert.ok(maxDiff(mine, python) < 1e-6, `${p.width}x${p.height}: ${maxDiff(mine, python)}`);
    }
  });
});

describe('manifests for fit and mean/std, checked at load', () => {
  const url = 'https://example.test/se-cnn.manifest.json';
  const changed = (edit) => {
    const copy = structuredClone(manifest);
    edit(copy);
    return copy;
  };
  const refusal = (m) => {
    try {
      checkManifest(m, url);
    } catch (error) {
      assert.ok(error instanceof ModelLoadError);
      return error.message;
    }
    assert.fail('accepted');
  };

  test('accepts the RGB fixture: 3 x 32 x 32, range what its mean and std make of [0, 1]', () => {
    assert.equal(checkManifest(manifest, url).inputLength, 3072);
  });

  const cases = {
    'an unknown colour': [(m) => (m.input.preprocessing.color = 'cmyk'), /"input\.preprocessing\.color" must be "grayscale" or "rgb"; got "cmyk"/],
    'RGB for a one-channel input': [(m) => (m.input.shape = ['N', 1, 32, 32]), /"input\.shape" must have 3 channels for "fit" preprocessing with color "rgb"; got \[N, 1, 32, 32\]/],
    'grey for a three-channel input': [(m) => delete m.input.preprocessing.color, /"input\.shape" must have 1 channel for "fit" preprocessing with color "grayscale"/],
    'an input too large to serve': [(m) => (m.input.shape = ['N', 3, 2048, 2048]), /"input\.shape" is \[N, 3, 2048, 2048\]; "fit" preprocessing serves inputs up to 1024 x 1024/],
    'invert that is not a boolean': [(m) => (m.input.preprocessing.invert = 'yes'), /"input\.preprocessing\.invert" must be true or false/],
    'pad outside [0, 1]': [(m) => (m.input.preprocessing.pad = 255), /"input\.preprocessing\.pad" must be a number from 0 to 1; got 255/],
    'mean without std': [(m) => delete m.input.preprocessing.std, /needs both "mean" and "std"/],
    'a mean per channel missing': [(m) => m.input.preprocessing.mean.pop(), /"input\.preprocessing\.mean" must hold 3 finite numbers/],
    'a std of 0': [(m) => (m.input.preprocessing.std[1] = 0), /"input\.preprocessing\.std" must hold 3 numbers above 0/],
    'a range the mean and std do not give': [(m) => (m.input.range = [0, 1]), /"input\.range" must be \[-2\.11790\d*, 2\.64000\d*\] for "fit" preprocessing with this mean and std/],
    'a range without mean and std that is not [0, 1]': [(m) => (delete m.input.preprocessing.mean, delete m.input.preprocessing.std), /"input\.range" must be \[0, 1\] for "fit" preprocessing; got \[-2\.11/],
    'an unknown preprocessing': [(m) => (m.input.preprocessing = { type: 'imagenet' }), /"input\.preprocessing\.type" is "imagenet"; this version of se-edge knows "mnist-digit", "fit"/],
  };
  for (const [name, [edit, expected]] of Object.entries(cases)) {
    test(`refuses ${name}, naming the field`, () => assert.match(refusal(changed(edit)), expected));
  }

  test('mnist-digit takes mean and std too: the digit, then (v - mean) / std', () => {
    const mnist = JSON.parse(readFileSync(new URL('../../models/se-lenet-mnist.manifest.json', import.meta.url), 'utf8'));
    const input = { ...mnist.input, range: [-0.5, 1.5], preprocessing: { type: 'mnist-digit', mean: [0.25], std: [0.5] } };
    assert.equal(checkManifest({ ...mnist, input, probe: undefined }, url).inputLength, 784);
    const seven = picture(60, 60, [255, 255, 255, 255], [20, 10, 40, 50], [0, 0, 0, 255]);
    const plain = preprocessorFor(mnist.input).fromRgba(seven, 60, 60);
    const normalised = preprocessorFor(input).fromRgba(seven, 60, 60);
    assert.ok(maxDiff(normalised, plain.map((v) => (v - 0.25) / 0.5)) < 1e-6);
  });
});
