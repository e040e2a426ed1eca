// Digits as people draw them on a screen (issue: full MNIST): strokes drawn with a round pen on
// a canvas, the way the demo's pen draws, in the styles real drawings have (thin, thick,
// slanted, small in a corner, wide, narrow), classified through classify(canvas). Real
// drawings differ from MNIST's scanned pen strokes, which is what the augmentation is for.
import { DIGIT_STROKES } from '../support/ink-drawing.mjs';
import { expect, openSdkPage, test } from './fixtures.js';

/** Where a digit goes on a 280x280 canvas and how it is drawn. */
interface Style {
  /** Box of the digit: left, top, width, height in canvas pixels. */
  box: [number, number, number, number];
  /** Pen width as a share of the box height. */
  pen: number;
  /** Shear to the right, as a share of the height (italic writing). */
  slant: number;
}
const styles: Record<string, Style> = {
  regular: { box: [90, 40, 100, 200], pen: 0.09, slant: 0 },
  thin: { box: [90, 40, 100, 200], pen: 0.025, slant: 0 },
  thick: { box: [80, 40, 120, 200], pen: 0.2, slant: 0 },
  slanted: { box: [70, 40, 100, 200], pen: 0.09, slant: 0.3 },
  'small, in a corner': { box: [12, 14, 22, 40], pen: 0.12, slant: 0 },
  wide: { box: [40, 60, 200, 160], pen: 0.08, slant: 0 },
  narrow: { box: [100, 40, 80, 200], pen: 0.08, slant: 0 },
};

test('digits drawn as pen strokes in many styles are classified right at least 95% of the time', async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(
    async ({ strokes, styles }) => {
      // A seeded wobble, so that each variant is a slightly different hand.
      let seed = 7;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5;
      const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
      const results: { style: string; digit: string; label: string }[] = [];
      for (const [style, { box, pen, slant }] of Object.entries(styles)) {
        for (const [digit, lines] of Object.entries(strokes)) {
          for (let variant = 0; variant < 3; variant++) {
            const canvas = Object.assign(document.createElement('canvas'), { width: 280, height: 280 });
            const context = canvas.getContext('2d')!;
            context.fillStyle = '#fff';
            context.fillRect(0, 0, 280, 280);
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
            results.push({ style, digit, label: (await clf.classify(canvas)).label });
          }
        }
      }
      await clf.dispose();
      return results;
    },
    { strokes: DIGIT_STROKES as unknown as Record<string, number[][][]>, styles },
  );
  const right = outcome.filter((r) => r.label === r.digit);
  const byStyle = Object.fromEntries(
    Object.keys(styles).map((style) => {
      const all = outcome.filter((r) => r.style === style);
      return [style, `${all.filter((r) => r.label === r.digit).length}/${all.length}`];
    }),
  );
  const wrong = outcome.filter((r) => r.label !== r.digit).map((r) => `${r.style}: ${r.digit} read as ${r.label}`);
  console.log(`drawn digits: ${right.length}/${outcome.length} right`, byStyle, wrong);
  expect(outcome).toHaveLength(Object.keys(styles).length * 10 * 3);
  expect(right.length / outcome.length, wrong.join('; ')).toBeGreaterThanOrEqual(0.95);
});
