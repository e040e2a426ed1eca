// worker/preprocessing/mnist-digit.ts and resample.ts, from their TypeScript sources, on
// synthetic pixel arrays: what the model sees for pictures of any size, ink and paper.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError } from '../../contract/errors.ts';
import { mnistDigit } from '../../worker/preprocessing/mnist-digit.ts';
import { resampleArea } from '../../worker/preprocessing/resample.ts';

/** An RGBA picture of `paper` with `ink` in the rectangles given as [x0, y0, x1, y1) . */
function picture(width, height, rects, { paper = [255, 255, 255, 255], ink = [0, 0, 0, 255] } = {}) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set(paper, i * 4);
  for (const [x0, y0, x1, y1] of rects) {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) rgba.set(ink, (y * width + x) * 4);
  }
  return rgba;
}

/** Bounding box, centre of mass and peak of a 28x28 result. */
function measure(out) {
  let mass = 0, mx = 0, my = 0, x0 = 28, y0 = 28, x1 = -1, y1 = -1, peak = 0;
  out.forEach((v, i) => {
    const x = i % 28, y = Math.floor(i / 28);
    mass += v;
    mx += v * (x + 0.5);
    my += v * (y + 0.5);
    peak = Math.max(peak, v);
    if (v > 0.1) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  });
  return { width: x1 - x0 + 1, height: y1 - y0 + 1, cx: mx / mass, cy: my / mass, peak };
}

describe('mnist-digit preprocessing', () => {
  // A "7": a bar across the top and a stroke down the right, off-centre on a wide canvas.
  const seven = [[120, 20, 200, 35], [185, 20, 200, 140]];

  test('a dark digit on white paper becomes white on black, 20 pixels high, centred by mass', () => {
    const out = mnistDigit.fromRgba(picture(300, 200, seven), 300, 200);
    assert.equal(out.length, 784);
    const m = measure(out);
    assert.equal(m.peak, 1, 'strokes reach full intensity');
    assert.ok(out.every((v) => v >= 0 && v <= 1));
    assert.equal(m.height, 20, 'the longer side fills the 20x20 box');
    assert.ok(m.width >= 12 && m.width <= 14, `aspect kept (width ${m.width})`);
    assert.ok(Math.abs(m.cx - 14) <= 0.5 && Math.abs(m.cy - 14) <= 0.5, `mass centred at ${m.cx}, ${m.cy}`);
    assert.equal(out[0], 0, 'the background is black');
  });

  test('light ink on dark paper and dark ink on light paper give the same input', () => {
    const dark = mnistDigit.fromRgba(picture(300, 200, seven), 300, 200);
    const light = mnistDigit.fromRgba(picture(300, 200, seven, { paper: [0, 0, 0, 255], ink: [255, 255, 255, 255] }), 300, 200);
    assert.deepEqual(Array.from(light), Array.from(dark));
  });

  test('black strokes on a transparent canvas count as ink on white paper', () => {
    const transparent = picture(300, 200, seven, { paper: [0, 0, 0, 0] });
    assert.deepEqual(Array.from(mnistDigit.fromRgba(transparent, 300, 200)), Array.from(mnistDigit.fromRgba(picture(300, 200, seven), 300, 200)));
  });

  test('the position and size of the digit on the canvas do not matter', () => {
    const small = mnistDigit.fromRgba(picture(80, 80, [[10, 10, 30, 15], [26, 10, 30, 40]]), 80, 80);
    const big = mnistDigit.fromRgba(picture(400, 400, [[250, 250, 350, 275], [330, 250, 350, 400]]), 400, 400);
    const difference = small.reduce((worst, v, i) => Math.max(worst, Math.abs(v - big[i])), 0);
    assert.ok(difference < 0.15, `max difference ${difference}`);
  });

  test('a blank picture, or one with too little contrast, is an InputError', () => {
    assert.throws(() => mnistDigit.fromRgba(picture(50, 50, []), 50, 50), (e) => e instanceof InputError && /blank: no ink/.test(e.message));
    const faint = picture(50, 50, [[20, 20, 30, 30]], { ink: [250, 250, 250, 255] });
    assert.throws(() => mnistDigit.fromRgba(faint, 50, 50), InputError);
  });

  test('serves only [N, 1, 28, 28] models with inputs in [0, 1], and says why not', () => {
    const input = (shape, range = [0, 1]) => ({ name: 'x', shape, range, dtype: 'float32', preprocessing: { type: 'mnist-digit' } });
    assert.equal(mnistDigit.problemWith(input(['N', 1, 28, 28])), undefined);
    assert.match(mnistDigit.problemWith(input(['N', 1, 32, 32])), /"input\.shape" must be \[N, 1, 28, 28\]/);
    assert.match(mnistDigit.problemWith(input(['N', 1, 28, 28], [0, 255])), /"input\.range" must be \[0, 1\]/);
  });
});

describe('resampleArea', () => {
  test('the same size is the identity', () => {
    const src = Float32Array.from({ length: 12 }, (_, i) => i / 12);
    assert.deepEqual(Array.from(resampleArea(src, 4, 3, 4, 3)), Array.from(src));
  });

  test('downscaling averages areas and keeps the mean, even at fractional steps', () => {
    const src = Float32Array.from({ length: 49 }, (_, i) => (i * 37) % 11);
    const out = resampleArea(src, 7, 7, 3, 3);
    const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
    assert.ok(Math.abs(mean(out) - mean(src)) < 1e-5);
    const halves = resampleArea(Float32Array.from([1, 1, 0, 0]), 4, 1, 2, 1);
    assert.deepEqual(Array.from(halves), [1, 0]);
  });

  test('a one-pixel stroke survives downscaling as grey, not skipped', () => {
    const src = new Float32Array(100);
    for (let y = 0; y < 10; y++) src[y * 10 + 3] = 1;
    const out = resampleArea(src, 10, 10, 4, 4);
    assert.ok(out.some((v) => v > 0.3), 'the stroke is still there');
  });
});
