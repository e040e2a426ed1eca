// The demo (npm start) in every engine, driven as a person would: drawing with the mouse
// (pointer events), writing a number on the wide pad, picking samples, reading the charts and
// the atlas, switching backends and models, giving pictures, going offline, and the layout at a
// phone's and a laptop's size, with screenshots kept in test-results/engines/<engine>/; all of
// it under the strict Content-Security-Policy the demo is served with, without violations.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HANDS, numberStrokes, shadowRect } from '../../support/handwriting.mjs';
import { DIGIT_STROKES } from '../../support/ink-drawing.mjs';
import { mulberry32 } from '../../support/number-images.mjs';
import { onlyInlineScriptReported } from '../csp.mjs';
import { pngSize } from '../drivers.mjs';
import { axeViolations, checkInspectView, choose, inspectState, textOf as textMatching, unfocusable } from '../demo-inspect.mjs';
import { digitPng } from '../in-page.mjs';

const DIGITS = {
  1: [[[0.5, 0.18], [0.52, 0.82]]],
  7: [[[0.28, 0.22], [0.72, 0.22], [0.45, 0.82]]],
  0: [
    Array.from({ length: 25 }, (_, i) => {
      const a = (i / 24) * 2 * Math.PI;
      return [0.5 + 0.22 * Math.sin(a), 0.5 - 0.3 * Math.cos(a)];
    }),
  ],
};
const CANVAS = '[data-testid="draw-canvas"]';
const NUMBER_CANVAS = '[data-testid="number-canvas"]';
const byTestId = (id) => `[data-testid="${id}"]`;


/**
 * Waits until the demo has loaded the model (its backend shown matching `backend`) and built the
 * atlas; records console errors (once per page load).
 */
async function demoReady(page, backend) {
  await textMatching(page, 'backend', backend, 60_000);
  await textMatching(page, 'atlas-status', /^Done: 500 digits/, 60_000);
  await page.evaluate(() => {
    if (window.pageErrors) return;
    window.pageErrors = [];
    addEventListener('error', (event) => window.pageErrors.push(String(event.error ?? event.message)));
    addEventListener('unhandledrejection', (event) => window.pageErrors.push(`unhandled rejection: ${event.reason}`));
    const error = console.error;
    console.error = (...args) => (window.pageErrors.push(`console.error: ${args.join(' ')}`), error.apply(console, args));
  });
}

/** Opens the demo and waits until it is ready (demoReady) on the backend 'auto' chose. */
async function openDemo(t, options) {
  const page = await t.open('/demo/', options);
  // 'auto' runs the bundled model on WASM in every browser: it is small for a GPU.
  await demoReady(page, /^wasm \(auto chose WASM: the model is small for a GPU/);
  return page;
}

async function clear(page) {
  await page.click(byTestId('clear'));
  await textMatching(page, 'prediction', /^–$/);
}

/** Empties the number pad. */
async function clearNumber(page) {
  await page.click(byTestId('number-clear'));
  await textMatching(page, 'number-reading', /^–$/);
}

/** Writes `text` on the wide number pad with the mouse: digits 0.6 of its height, a third of one apart. */
async function writeNumber(page, text) {
  const box = await page.box(NUMBER_CANVAS);
  const size = 0.6 * box.height, width = 0.7 * size;
  const strokes = [];
  let left = 0.06 * box.width;
  for (const c of text) {
    for (const line of DIGIT_STROKES[c] ?? []) {
      strokes.push(line.map(([u, v]) => [(left + u * width) / box.width, 0.2 + (v * size) / box.height]));
    }
    left += width * 1.35;
  }
  await page.draw(NUMBER_CANVAS, strokes);
  // The pad is read live, once per frame while ink comes in: wait until the last reading is
  // shown (the status stays the same for half a second), so that a click on a digit's button is
  // not undone by a reading that was still on its way.
  let before = null, since = Date.now();
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    const now = await page.evaluate(() => document.querySelector('[data-testid="number-status"]').textContent);
    if (now !== before) [before, since] = [now, Date.now()];
    else if (now && Date.now() - since >= 500) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The number of buttons, one per digit read, under the number pad. */
const digitButtons = (page) => page.evaluate(() => document.querySelectorAll('[data-testid="number-digits"] button').length);


/** The heights of the value bars of one attention chart, in order. */
const attentionValues = (page, block) =>
  page.evaluate((block) => [...document.querySelectorAll(`[data-testid="attention-${block}"] .mark > i.value`)].map((bar) => bar.style.height), block);

/**
 * The layout at `width` x `height` (the page's viewport now): no horizontal scrolling, panels
 * inside the page and apart, a drawing and a number read; screenshots kept.
 */
async function checkLayout(t, page, width, height) {
  await clear(page);
  await page.draw(CANVAS, DIGITS[7]);
  await textMatching(page, 'prediction', /^7$/);
  const layout = await page.evaluate(() => {
    scrollTo(0, 0);
    const rect = (element) => {
      const { left, right, top, bottom, width } = element.getBoundingClientRect();
      return { left, right, top, bottom, width };
    };
    return {
      innerWidth,
      // The page's width without a classic scrollbar (Firefox draws one; Chromium's headless
      // and WebKit's overlay ones take no room).
      clientWidth: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      panels: [...document.querySelectorAll('.status, .panel')].map(rect),
      canvas: rect(document.querySelector('[data-testid="draw-canvas"]')),
      prediction: rect(document.querySelector('[data-testid="prediction"]')),
    };
  });
  assert.equal(layout.innerWidth, width, 'the viewport has the width asked for');
  const { clientWidth } = layout;
  assert.ok(clientWidth > width - 20, `clientWidth ${clientWidth}`);
  assert.ok(layout.scrollWidth <= clientWidth, `horizontal scrolling: scrollWidth ${layout.scrollWidth} > ${clientWidth}`);
  for (const panel of layout.panels) assert.ok(panel.left >= 0 && panel.right <= clientWidth + 0.5, `a panel sticks out: ${JSON.stringify(panel)}`);
  layout.panels.forEach((a, i) =>
    layout.panels.slice(i + 1).forEach((b) => {
      const apart = a.right <= b.left + 0.5 || b.right <= a.left + 0.5 || a.bottom <= b.top + 0.5 || b.bottom <= a.top + 0.5;
      assert.ok(apart, `panels overlap: ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
    }),
  );
  assert.ok(layout.canvas.width >= 200 && layout.canvas.right <= clientWidth, `drawing area: ${JSON.stringify(layout.canvas)}`);
  assert.ok(layout.prediction.width > 0 && layout.prediction.right <= clientWidth, `prediction: ${JSON.stringify(layout.prediction)}`);
  const file = t.artifact(`demo-${width}x${height}.png`);
  await page.screenshot(file, { fullPage: true });
  const shot = pngSize(file);
  assert.ok(shot.width >= clientWidth && shot.width <= width, `the screenshot is of the whole width: ${shot.width}`);
  assert.ok(shot.height >= height - 20, `the screenshot is of the whole page: ${shot.height}`);
  // The number pad at this size: a number read, a digit picked, still no horizontal scrolling.
  await clearNumber(page);
  await writeNumber(page, '1984');
  await textMatching(page, 'number-reading', /^1984$/);
  await page.click(byTestId('number-digit-1'));
  await textMatching(page, 'shown', /^Digit 2 of the number "1984"$/);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= clientWidth, `horizontal scrolling with a number read: scrollWidth ${scrollWidth} > ${clientWidth}`);
  await page.screenshot(t.artifact(`demo-number-${width}x${height}.png`), { fullPage: true });
}

export const cases = [
  {
    name: 'the demo in one visit, driven with the mouse and keyboard: layout at 1280x800, drawing, attention charts, the atlas, the gallery, the number pad, the form, the backend and model switches, layout at 390x844, no violation of its strict CSP; then offline a reload still works',
    timeout: 420_000,
    async run(t) {
      const page = await t.setUp(() => openDemo(t, { viewport: { width: 1280, height: 800 } }));
      await t.step('layout at 1280x800: no horizontal scrolling, panels inside the page and apart; screenshot kept', () => checkLayout(t, page, 1280, 800));
      await t.step('drawing a 1, a 7 and a 0 with the mouse gives those predictions', async () => {
        for (const [digit, strokes] of Object.entries(DIGITS)) {
          await clear(page);
          await page.draw(CANVAS, strokes);
          await textMatching(page, 'prediction', new RegExp(`^${digit}$`));
        }
      });
      await t.step('attention charts show one mark per channel and change with the drawing; hovering reads a channel out', async () => {
        await clear(page);
        await page.draw(CANVAS, DIGITS[1]);
        await textMatching(page, 'prediction', /^1$/);
        const counts = await page.evaluate(() =>
          Object.fromEntries(['se1', 'se2', 'se3'].map((b) => [b, document.querySelectorAll(`[data-testid="attention-${b}"] .mark`).length])),
        );
        assert.deepEqual(counts, { se1: 6, se2: 16, se3: 120 });
        const before = { se2: await attentionValues(page, 'se2'), se3: await attentionValues(page, 'se3') };
        await clear(page);
        await page.draw(CANVAS, DIGITS[0]);
        await textMatching(page, 'prediction', /^0$/);
        assert.notDeepEqual(await attentionValues(page, 'se2'), before.se2);
        assert.notDeepEqual(await attentionValues(page, 'se3'), before.se3);
        await page.hover('[data-testid="attention-se2"] .mark:nth-child(6)');
        await textMatching(page, 'attention-readout', /^se2 channel 5: 0\.\d{3} \(test mean 0\.\d{3}, [+-]0\.\d{3}\)$/);
      });
      await t.step('the Inspect view (keyboard and mouse): every block inside, channels switched off and on with the later blocks and the prediction answering, the ranked effects agreeing with it, a map over the input; every control reachable by keyboard; axe-core WCAG 2.1 A/AA: no violation; screenshot kept', async () => {
        await clear(page);
        await page.draw(CANVAS, DIGITS[7]);
        await textMatching(page, 'prediction', /^7$/);
        await checkInspectView(page, '7');
        assert.deepEqual(await unfocusable(page), []);
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot(t.artifact('demo-inspect-1280x800.png'), { fullPage: true });
      });
      await t.step('the atlas completes over the bundled sample, its class rows differ, and a class can be picked', async () => {
        const atlas = await page.evaluate(() => ({
          progress: document.querySelector('[data-testid="atlas-progress"]').value,
          rows: Object.fromEntries(
            ['se1', 'se2', 'se3'].map((block) => {
              const canvas = document.querySelector(`[data-testid="atlas-${block}"]`);
              const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
              const width = canvas.width * 4;
              const rows = Array.from({ length: canvas.height }, (_, r) => Array.from(data.subarray(r * width, (r + 1) * width)).join());
              return [block, { count: rows.length, distinct: new Set(rows).size }];
            }),
          ),
        }));
        assert.equal(atlas.progress, 1);
        for (const [block, rows] of Object.entries(atlas.rows)) assert.deepEqual(rows, { count: 10, distinct: 10 }, block);
        await page.click('[aria-label="Class 3: channels it relies on"]');
        await textMatching(page, 'atlas-detail', /^Class 3 relies most.*se1: #\d.*se2: #\d.*se3: #\d/);
      });
      await t.step('picking a test sample from the gallery (keyboard) classifies it', async () => {
        await page.evaluate(() => [...document.querySelectorAll('[data-testid="gallery"] button')].find((b) => / a 4$/.test(b.getAttribute('aria-label'))).focus());
        await page.press('Enter');
        await textMatching(page, 'prediction', /^4$/);
        await textMatching(page, 'shown', /^Test sample \d+, a 4$/);
        await textMatching(page, 'inspect-subject', /^Test sample \d+, a 4$/);
        await textMatching(page, 'inspect-prediction', /^digit 4 \(/);
      });
      await t.step('writing a number on the wide pad reads it live, boxes each digit, and a picked digit shows its prediction', async () => {
        await clearNumber(page);
        await writeNumber(page, '2026');
        await textMatching(page, 'number-reading', /^2026$/);
        assert.equal(await digitButtons(page), 4);
        await textMatching(page, 'number-status', /^4 digits · worker [\d.]+ ms/);
        // Each digit's box is drawn over the ink, on the overlay (the pad itself stays as written).
        const boxed = await page.evaluate(() => {
          const canvas = document.querySelector('[data-testid="number-boxes"]');
          const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          let coloured = 0;
          for (let i = 3; i < data.length; i += 4) if (data[i] > 0) coloured++;
          return coloured;
        });
        assert.ok(boxed > 1000, `${boxed} pixels of boxes`);
        // Picking the third digit shows its probabilities and attention, as for a drawn digit.
        await page.click(byTestId('number-digit-2'));
        await page.waitFor(() => document.querySelector('[data-testid="number-digit-2"]').getAttribute('aria-pressed') === 'true');
        await textMatching(page, 'shown', /^Digit 3 of the number "2026"$/);
        // The picked digit, cut out at its box, in the Inspect view.
        await textMatching(page, 'inspect-subject', /^Digit 3 of the number "2026" \(its box, preprocessed\)$/);
        await textMatching(page, 'inspect-prediction', /^digit 2 \(/);
        const marks = await page.evaluate(() => ({
          top: document.querySelectorAll('[data-testid="probabilities"] .mark.top').length,
          se3: document.querySelectorAll('[data-testid="attention-se3"] .mark').length,
        }));
        assert.deepEqual(marks, { top: 1, se3: 120 });
        const before = await attentionValues(page, 'se2');
        await page.click(byTestId('number-digit-1'));
        await textMatching(page, 'shown', /^Digit 2 of the number "2026"$/);
        assert.notDeepEqual(await attentionValues(page, 'se2'), before);
        // More ink updates the reading live; Clear empties it.
        await writeNumber(page, '20264');
        await textMatching(page, 'number-reading', /^20264|2026 ?4$/);
        await page.click(byTestId('number-clear'));
        await textMatching(page, 'number-reading', /^–$/);
        assert.equal(await digitButtons(page), 0);
      });
      await t.step('the form: a quantity written in its <se-digit-input> with the mouse and a PIN typed are sent with the form', async () => {
        const pad = await page.evaluate(shadowRect, ['#order-quantity', '[part~="pad"]']);
        await page.strokes(numberStrokes('12', pad, HANDS[0], mulberry32(12)));
        await page.waitFor(() => document.getElementById('order-quantity').value === '12', undefined, { timeout: 60_000 });
        await page.click('label[for="order-pin"]');
        for (const key of '2468') await page.press(key);
        await page.click(byTestId('order-send'));
        await textMatching(page, 'order-sent', /^Sent: quantity 12, pin 2468$/);
      });
      await t.step('the backend switch reloads the classifier, reports what runs, and times one image on each backend side by side', async () => {
        await textMatching(page, 'backend-speeds', /^One image, median of 15 here: wasm \d+\.\d\d ms \(pick the other backend to compare\)$/);
        if (t.engine === 'chromium') {
          // Chromium has WebGPU here (SwiftShader): a person can pick it and compare.
          await choose(page, 'backend-select', 'webgpu');
          await textMatching(page, 'backend', /^webgpu \(requested/, 60_000);
          await textMatching(page, 'backend-speeds', /^One image, median of 15 here: wasm \d+\.\d\d ms · webgpu \d+\.\d\d ms$/, 60_000);
        }
        await choose(page, 'backend-select', 'wasm');
        await textMatching(page, 'backend', /^wasm \(requested\)$/);
        await textMatching(page, 'model-status', /model from cache, runtime from cache, ready in \d+ ms/);
        await clear(page);
        await page.draw(CANVAS, DIGITS[7]);
        await textMatching(page, 'prediction', /^7$/);
      });
      await t.step('the model switch: clothing with its own gallery and atlas, a picked test image, a chosen and a dropped picture; back to digits', async () => {
        await choose(page, 'model-select', 'clothing');
        await textMatching(page, 'model-status', /^se-lenet-fashion 1\.1\.0: model from network/, 60_000);
        await textMatching(page, 'atlas-status', /^Done: 500 images/, 60_000);
        const shown = await page.evaluate(() =>
          Object.fromEntries(['draw-input', 'number-panel', 'picture-input'].map((id) => [id, !document.querySelector(`[data-testid="${id}"]`).hidden])),
        );
        assert.deepEqual(shown, { 'draw-input': false, 'number-panel': false, 'picture-input': true });
        await textMatching(page, 'input-title', /^Picture$/);
        const widths = await page.evaluate(() => ['se1', 'se2', 'se3'].map((b) => document.querySelector(`[data-testid="atlas-${b}"]`).width));
        assert.deepEqual(widths, [16, 48, 192]);
        await page.click('[aria-label="Class Sneaker: channels it relies on"]');
        await textMatching(page, 'atlas-detail', /^Class Sneaker relies most.*se1: #\d.*se2: #\d.*se3: #\d/);
        // A test image from the gallery: the Fashion-MNIST test images, labelled by name.
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-testid="gallery"] button').length), 30);
        await page.click('[data-testid="gallery"] button[aria-label$=", a Trouser"]');
        await textMatching(page, 'prediction', /^Trouser$/);
        await textMatching(page, 'shown', /^Test image \d+, a Trouser$/);
        assert.equal(await page.evaluate(() => document.querySelectorAll('[data-testid="attention-se3"] .mark').length), 192);
        // The Inspect view follows the picked test image, with the clothing model's blocks.
        await textMatching(page, 'inspect-subject', /^Test image \d+, a Trouser$/);
        await textMatching(page, 'inspect-prediction', /^Trouser \(\d+\.\d%\)$/);
        await textMatching(page, 'effects-summary', /^256 channels/);
        assert.deepEqual((await inspectState(page)).tiles, { se1: 16, se2: 48, se3: 192 });
        // Pictures given as files: product photos (dark on white, 4x) of test images the model reads right.
        const golden = JSON.parse(readFileSync(new URL('../../../models/se-lenet-fashion.golden.json', import.meta.url), 'utf8'));
        const argmax = (row) => row.indexOf(Math.max(...row));
        const firstRight = (label) => golden.labels.findIndex((l, i) => l === label && argmax(golden.logits[i]) === label);
        const photo = (label) => page.evaluate(digitPng, [golden.inputs[firstRight(label)], 4]);
        // Chosen with the file input (its files set as a file chooser sets them, then 'change').
        await page.evaluate(
          ([base64, name]) => {
            const input = document.querySelector('[data-testid="picture-file"]');
            const chosen = new DataTransfer();
            chosen.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
            input.files = chosen.files;
            input.dispatchEvent(new Event('change', { bubbles: true }));
          },
          [await photo(8), 'bag.png'],
        );
        await textMatching(page, 'prediction', /^Bag$/);
        await textMatching(page, 'shown', /^The picture you gave$/);
        // Dropped on the picture.
        await page.evaluate(
          ([base64, name]) => {
            const dropped = new DataTransfer();
            dropped.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
            document.querySelector('[data-testid="picture"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
          },
          [await photo(7), 'sneaker.png'],
        );
        await textMatching(page, 'prediction', /^Sneaker$/);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        assert.ok(scrollWidth <= clientWidth, `horizontal scrolling: ${scrollWidth} > ${clientWidth}`);
        await page.screenshot(t.artifact('demo-clothing.png'), { fullPage: true });
        // Back to digits: the pads return, and drawing reads digits again.
        await choose(page, 'model-select', 'digits');
        await textMatching(page, 'model-status', /^se-lenet-mnist 2\.1\.0: model from cache/, 60_000);
        await textMatching(page, 'atlas-status', /^Done: 500 digits/, 60_000);
        await clear(page);
        await page.draw(CANVAS, DIGITS[7]);
        await textMatching(page, 'prediction', /^7$/);
      });
      await t.step('layout at 390x844: no horizontal scrolling, panels inside the page and apart; screenshot kept', async () => {
        // The same page at a phone's size (WebKit's driver shows it again, in a frame of that size: drivers.mjs).
        await page.setViewport(390, 844);
        await demoReady(page, /^wasm/);
        await checkLayout(t, page, 390, 844);
        // The Inspect view at this size: the drawn digit's, readable, still checked by axe.
        await clear(page);
        await page.draw(CANVAS, DIGITS[7]);
        await textMatching(page, 'inspect-prediction', /^digit 7 \(/);
        await textMatching(page, 'effects-summary', /^142 channels/);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        assert.ok(scrollWidth <= clientWidth, `horizontal scrolling with the Inspect view: ${scrollWidth} > ${clientWidth}`);
        assert.deepEqual(await axeViolations(page), []);
        await page.screenshot(t.artifact('demo-inspect-390x844.png'), { fullPage: true });
      });
      // The demo always runs under the strict Content-Security-Policy (scripts/serve.mjs).
      await t.step('the demo runs under a strict Content-Security-Policy without violations: none reported over this whole visit', () =>
        onlyInlineScriptReported(t, page, 0),
      );
      // Last: the server goes offline.
      await t.step('offline after the first visit: a reload still loads and classifies a drawing (service worker and SDK cache)', async () => {
        await page.waitFor(() => document.documentElement.dataset.offlineReady === 'true');
        t.server.setOffline(true);
        try {
          await page.reload();
          // The page, its scripts and the SDK's come from the service worker; model and runtime
          // from the SDK's IndexedDB. (navigator.onLine stays true: the server is cut, not the
          // browser's network, so the demo's offline badge is not checked here.)
          await textMatching(page, 'backend', /^wasm/, 60_000);
          await textMatching(page, 'model-status', /model from cache, runtime from cache/, 60_000);
          await page.draw(CANVAS, DIGITS[1]);
          await textMatching(page, 'prediction', /^1$/);
        } finally {
          t.server.setOffline(false);
        }
      });
    },
  },
];
