// The image path in every engine: every input type classify() takes, drawn digits of any
// size and colour, preprocessed in the worker the way MNIST was made, and digits as people
// draw them on a screen (a round pen on a canvas, in many styles).
import assert from 'node:assert/strict';
import { DIGIT_STROKES } from '../../support/ink-drawing.mjs';
import { golden } from '../harness.mjs';

/**
 * Where a digit goes on a 280x280 canvas and how it is drawn: its box (left, top, width,
 * height in canvas pixels), the pen's width as a share of the box height, and a shear to the
 * right as a share of the height (italic writing). Real drawings differ from MNIST's scanned
 * pen strokes, which is what the model's augmentation is for.
 */
const STYLES = {
  regular: { box: [90, 40, 100, 200], pen: 0.09, slant: 0 },
  thin: { box: [90, 40, 100, 200], pen: 0.025, slant: 0 },
  thick: { box: [80, 40, 120, 200], pen: 0.2, slant: 0 },
  slanted: { box: [70, 40, 100, 200], pen: 0.09, slant: 0.3 },
  'small, in a corner': { box: [12, 14, 22, 40], pen: 0.12, slant: 0 },
  wide: { box: [40, 60, 200, 160], pen: 0.08, slant: 0 },
  narrow: { box: [100, 40, 80, 200], pen: 0.08, slant: 0 },
};

export const cases = [
  {
    name: 'images on one classifier, in turn: dark digits drawn large and off-centre, every input type, what preprocess shows, pen-stroke digits in many styles',
    timeout: 240_000,
    async run(t) {
      const page = await t.setUp(async () => {
        const page = await t.openSdk();
        await page.evaluate(async () => {
          window.clf = await window.seEdge.createClassifier({ backend: 'wasm' });
        });
        return page;
      });
      await t.step('dark digits on a white canvas, drawn large and off-centre, are classified correctly', async () => {
        const labels = await page.evaluate(async (digits) => {
          const canvases = digits.map((digit, i) => {
            const { canvas, context } = window.paper(480, 360);
            context.imageSmoothingQuality = 'high';
            context.drawImage(window.digitCanvas(digit, { dark: true }), 20 + 25 * i, 10 + 10 * i, 168, 168); // 6x larger, off-centre
            return canvas;
          });
          const predictions = await Promise.all(canvases.map((canvas) => window.clf.classify(canvas)));
          return predictions.map((p) => p.label);
        }, golden.inputs.slice(0, 10));
        assert.deepEqual(labels, golden.labels.slice(0, 10).map(String));
      });
      await t.step('ImageData, ImageBitmap, canvas, OffscreenCanvas, <img>, PNG and JPEG Blobs, and a transparent drawing all classify', async () => {
        const labels = await page.evaluate(async (digit) => {
          const { canvas, context } = window.paper(140, 140);
          const small = window.digitCanvas(digit); // white on black
          context.drawImage(small, 0, 0, 140, 140);
          const offscreen = new OffscreenCanvas(140, 140);
          offscreen.getContext('2d').drawImage(canvas, 0, 0);
          const blob = (type) => new Promise((ok) => canvas.toBlob(ok, type));
          const png = await blob('image/png');
          const jpeg = await blob('image/jpeg');
          const image = new Image();
          image.src = URL.createObjectURL(png);
          // Black strokes of a drawing on a transparent canvas: transparent pixels are paper.
          const drawing = document.createElement('canvas');
          drawing.width = drawing.height = 140;
          const pen = drawing.getContext('2d');
          pen.drawImage(small, 0, 0, 140, 140);
          const ink = pen.getImageData(0, 0, 140, 140);
          for (let i = 0; i < ink.data.length; i += 4) ink.data.set([0, 0, 0, ink.data[i]], i); // alpha = ink
          pen.putImageData(ink, 0, 0);
          const inputs = {
            ImageData: context.getImageData(0, 0, 140, 140),
            ImageBitmap: await createImageBitmap(canvas),
            canvas,
            OffscreenCanvas: offscreen,
            img: image,
            'PNG Blob': png,
            'JPEG Blob': jpeg,
            transparent: drawing,
          };
          const labels = {};
          for (const [name, input] of Object.entries(inputs)) {
            labels[name] = await window.clf.classify(input).then((p) => p.label, (e) => `${e.name}: ${e.message}`);
          }
          return labels;
        }, golden.inputs[2]);
        const label = String(golden.labels[2]);
        assert.deepEqual(labels, Object.fromEntries(Object.keys(labels).map((name) => [name, label])));
        assert.equal(Object.keys(labels).length, 8);
      });
      await t.step('preprocess shows what the model saw: a 28x28 digit in a 20x20 box, centred by mass', async () => {
        const seen = await page.evaluate(async () => {
          const { canvas, context } = window.paper(300, 200);
          context.fillStyle = '#000';
          context.fillRect(200, 20, 16, 150); // a "1": dark vertical bar, far right
          const input = await window.clf.preprocess(canvas);
          const prediction = await window.clf.classify(canvas);
          return { input: Array.from(input), label: prediction.label };
        });
        assert.equal(seen.input.length, 784);
        let mass = 0, mx = 0, my = 0, top = 28, bottom = -1;
        seen.input.forEach((v, i) => {
          const x = i % 28, y = Math.floor(i / 28);
          mass += v;
          mx += v * (x + 0.5);
          my += v * (y + 0.5);
          if (v > 0.1) {
            top = Math.min(top, y);
            bottom = Math.max(bottom, y);
          }
        });
        assert.ok(Math.abs(Math.max(...seen.input) - 1) < 0.005);
        assert.equal(bottom - top + 1, 20); // the longer side is fitted to 20 pixels
        assert.ok(Math.abs(mx / mass - 14) <= 0.5, `x centre ${mx / mass}`);
        assert.ok(Math.abs(my / mass - 14) <= 0.5, `y centre ${my / mass}`);
        assert.equal(seen.label, '1');
      });
      await t.step('digits drawn as pen strokes in many styles are classified right at least 95% of the time', async () => {
        const outcome = await page.evaluate(
          async ({ strokes, styles }) => {
            // A seeded wobble, so that each variant is a slightly different hand.
            let seed = 7;
            const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
            const results = [];
            for (const [style, { box, pen, slant }] of Object.entries(styles)) {
              for (const [digit, lines] of Object.entries(strokes)) {
                for (let variant = 0; variant < 3; variant++) {
                  const { canvas, context } = window.paper(280, 280);
                  context.strokeStyle = '#111';
                  context.lineCap = context.lineJoin = 'round';
                  const [left, top, width, height] = box;
                  context.lineWidth = Math.max(1.5, pen * height * (1 + random() * 0.4));
                  const wobble = variant === 0 ? 0 : 0.04;
                  for (const line of lines) {
                    context.beginPath();
                    line.forEach(([u, v], i) => {
                      const x = left + (u + random() * wobble) * width + slant * (1 - v) * height;
                      const y = top + (v + random() * wobble) * height;
                      if (i === 0) context.moveTo(x, y);
                      else context.lineTo(x, y);
                    });
                    context.stroke();
                  }
                  results.push({ style, digit, label: (await window.clf.classify(canvas)).label });
                }
              }
            }
            return results;
          },
          { strokes: DIGIT_STROKES, styles: STYLES },
        );
        assert.equal(outcome.length, Object.keys(STYLES).length * 10 * 3);
        const wrong = outcome.filter((r) => r.label !== r.digit).map((r) => `${r.style}: ${r.digit} read as ${r.label}`);
        const right = outcome.length - wrong.length;
        console.log(`  ${t.engine}: drawn digits ${right}/${outcome.length} right${wrong.length ? ` (${wrong.join('; ')})` : ''}`);
        assert.ok(right / outcome.length >= 0.95, `${right}/${outcome.length} right: ${wrong.join('; ')}`);
      }, { timeout: 180_000 });
      await page.evaluate(() => window.clf.dispose());
    },
  },
];
