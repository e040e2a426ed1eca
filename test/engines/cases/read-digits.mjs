// readDigits in every engine, through the built SDK as an app uses it, on one classifier in
// turn: numbers written with a pen on a wide canvas, every kind of image input, each digit's
// prediction against classify of it alone, bad input, a huge canvas, and numbers of MNIST test
// digits read as the Node pipeline reads them. (Whether the main thread stays free is measured
// with the Long Tasks API, which only Chromium has: test/browser/main-thread.spec.ts.)
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DIGIT_STROKES } from '../../support/ink-drawing.mjs';
import { installPen } from '../in-page.mjs';

const COUNT = 20; // numbers per condition in the comparison with Node
let inNode; // the Node pipeline's readings, computed once per process (they do not depend on the engine)
/** The Node pipeline's readings, clear and touching: started at once, so that Node reads while the browser does. */
function nodeReadings() {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const read = async (touching) => {
    const args = ['--import', './test/support/typescript-register.mjs', 'test/support/read-numbers.mjs', '77', String(COUNT), touching ? 'touching' : 'clear'];
    const { stdout } = await promisify(execFile)(process.execPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });
    return JSON.parse(stdout);
  };
  inNode ??= (async () => ({ false: await read(false), true: await read(true) }))();
  return inNode;
}

export const cases = [
  {
    name: "readDigits on one classifier, in turn: pen-written numbers with boxes, every image input, each digit as classify sees it, bad input, a 16384-pixel canvas, MNIST numbers as Node reads them",
    timeout: 300_000,
    async run(t) {
      const node = nodeReadings();
      node.catch(() => undefined); // its failure is the last step's
      const page = await t.setUp(async () => {
        const page = await t.openSdk();
        await page.evaluate(installPen, DIGIT_STROKES);
        await page.evaluate(async () => {
          window.clf = await window.seEdge.createClassifier({ backend: 'wasm' });
        });
        return page;
      });
      await t.step('numbers written with the pen on a wide canvas are read, with a box, prediction and attention per digit', async () => {
        const readings = await page.evaluate(async () => {
          const out = [];
          for (const text of ['2026', '0123456789', '31 41', '7', '45']) {
            const size = text.length > 6 ? 100 : 180;
            const reading = await window.clf.readDigits(window.writeNumber(text, { size, pen: size / 8 }));
            out.push({
              text: reading.text,
              confidence: reading.confidence,
              boxes: reading.digits.map((d) => d.box),
              blocks: reading.digits.map((d) => Object.entries(d.prediction.attention).map(([name, gates]) => `${name}:${gates.length}`).join(' ')),
              top: reading.digits.map((d) => d.prediction.top.length),
              timings: reading.timings,
              shared: reading.digits.every((d) => d.prediction.timings === reading.timings),
            });
          }
          return out;
        });
        assert.deepEqual(readings.map((r) => r.text), ['2026', '0123456789', '31 41', '7', '45']);
        // Boxes in the canvas's pixels: 180 high from y = 60, each digit 126 wide, 0.3 of that apart.
        readings[0].boxes.forEach((box, i) => {
          const left = 60 + i * 126 * 1.3;
          assert.ok(box.x > left - 30 && box.x + box.width < left + 126 + 30, `digit ${i}: ${JSON.stringify(box)}`);
          assert.ok(box.y > 60 - 30 && box.y + box.height < 240 + 30, `digit ${i}: ${JSON.stringify(box)}`);
        });
        for (const reading of readings) {
          assert.deepEqual([...new Set(reading.blocks)], ['se1:6 se2:16 se3:120']);
          assert.deepEqual([...new Set(reading.top)], [3]);
          assert.ok(reading.confidence > 0.3, `${reading.text}: confidence ${reading.confidence}`);
          assert.equal(reading.shared, true);
          for (const key of ['queueMs', 'prepareMs', 'inferMs', 'totalMs']) assert.ok(reading.timings[key] >= 0, key);
        }
      });
      await t.step('every kind of image input, dark on light or light on dark, is read alike', async () => {
        const texts = await page.evaluate(async () => {
          const canvas = window.writeNumber('409', { width: 600, height: 200, size: 120 });
          const light = window.writeNumber('409', { width: 600, height: 200, size: 120, light: true });
          const offscreen = new OffscreenCanvas(600, 200);
          offscreen.getContext('2d').drawImage(canvas, 0, 0);
          const blob = await offscreen.convertToBlob({ type: 'image/png' });
          const image = Object.assign(new Image(), { src: URL.createObjectURL(blob) });
          await image.decode();
          const inputs = [canvas, light, canvas.getContext('2d').getImageData(0, 0, 600, 200), await createImageBitmap(canvas), offscreen, image, blob];
          return Promise.all(inputs.map((input) => window.clf.readDigits(input).then((r) => r.text, (e) => `${e.name}: ${e.message}`)));
        });
        assert.deepEqual(texts, Array(7).fill('409'));
      });
      await t.step("each digit's prediction is classify's for that digit alone", async () => {
        const outcome = await page.evaluate(async () => {
          const { clf } = window;
          // Small enough that neither path reduces it: digits 40 pixels high on a 256 x 80 canvas.
          const options = { width: 256, height: 80, size: 40, pen: 5, x: 16 };
          const reading = await clf.readDigits(window.writeNumber('3852', options));
          const alone = await Promise.all([...'3852'].map((digit, i) => clf.classify(window.writeNumber(' '.repeat(i) + digit, options))));
          let worst = 0;
          reading.digits.forEach(({ prediction }, i) => {
            const other = alone[i];
            prediction.probabilities.forEach((p, c) => (worst = Math.max(worst, Math.abs(p - other.probabilities[c]))));
            for (const block of Object.keys(other.attention)) {
              prediction.attention[block].forEach((g, c) => (worst = Math.max(worst, Math.abs(g - other.attention[block][c]))));
            }
          });
          return { text: reading.text, alone: alone.map((p) => p.label).join(''), worst };
        });
        assert.equal(outcome.text, '3852');
        assert.equal(outcome.alone, '3852');
        assert.ok(outcome.worst < 1e-5, `worst difference ${outcome.worst}`);
      });
      await t.step('bad input: blank, too many digits, numbers instead of an image, bad options, abort and timeout; the classifier stays usable', async () => {
        const outcomes = await page.evaluate(async () => {
          const { SeEdgeError } = window.seEdge;
          const { clf } = window;
          const blank = Object.assign(document.createElement('canvas'), { width: 800, height: 200 });
          const many = window.writeNumber('1'.repeat(40), { width: 4000, height: 120, size: 80, pen: 8, gap: 0.2, x: 20 });
          const good = window.writeNumber('58', { width: 400, height: 160, size: 100 });
          const calls = [
            ['blank', () => clf.readDigits(blank)],
            ['too many', () => clf.readDigits(many)],
            ['maxDigits', () => clf.readDigits(good, { maxDigits: 1 })],
            ['values', () => clf.readDigits(new Float32Array(784))],
            ['bad maxDigits', () => clf.readDigits(good, { maxDigits: 0 })],
            ['bad minProbability', () => clf.readDigits(good, { minProbability: 2 })],
            ['aborted', () => clf.readDigits(good, { signal: AbortSignal.abort() })],
            ['timeout', () => clf.readDigits(good, { timeoutMs: 0 })],
          ];
          const results = {};
          for (const [name, call] of calls) {
            results[name] = await call().then(
              () => 'resolved',
              (e) => ({ name: e.name, code: e.code, message: e.message, typed: e instanceof SeEdgeError }),
            );
          }
          const controller = new AbortController();
          const pending = clf.readDigits(good, { signal: controller.signal });
          controller.abort();
          results['abort in flight'] = await pending.then(() => 'resolved', (e) => e.name);
          results['after'] = (await clf.readDigits(good, { minProbability: 0.999999 })).text;
          results['after, relaxed'] = (await clf.readDigits(good)).text;
          return results;
        });
        const error = (name) => {
          const outcome = outcomes[name];
          assert.notEqual(outcome, 'resolved', `${name} resolved`);
          assert.equal(outcome.typed, true, name);
          return outcome;
        };
        assert.deepEqual([error('blank').name, error('blank').code], ['InputError', 'INVALID_INPUT']);
        assert.match(error('blank').message, /no ink was found/);
        assert.equal(error('too many').name, 'InputError');
        assert.match(error('too many').message, /holds (at least )?40 digits, more than maxDigits \(32\)/);
        assert.match(error('maxDigits').message, /holds (at least )?2 digits, more than maxDigits \(1\)/);
        assert.equal(error('values').name, 'InputError');
        assert.match(error('values').message, /readDigits takes an image/);
        assert.equal(error('bad maxDigits').name, 'OptionError');
        assert.match(error('bad maxDigits').message, /maxDigits must be an integer/);
        assert.equal(error('bad minProbability').name, 'OptionError');
        assert.match(error('bad minProbability').message, /minProbability must be a number from 0 to 1/);
        assert.deepEqual([error('aborted').name, error('aborted').code], ['AbortError', 'ABORTED']);
        assert.deepEqual([error('timeout').name, error('timeout').code], ['TimeoutError', 'TIMEOUT']);
        assert.equal(outcomes['abort in flight'], 'AbortError');
        assert.equal(outcomes['after'], '??'); // below minProbability: shown as ?, still listed
        assert.equal(outcomes['after, relaxed'], '58');
      });
      await t.step('a huge image is reduced by the height of its ink: a long number across a 16384-pixel canvas is read', async () => {
        const outcome = await page.evaluate(async () => {
          // 20 digits, each 400 pixels high: reduced by the longer side to 256 pixels, each digit
          // would be 6 pixels high; reduced by the ink's height, each keeps the working height.
          const text = '31415926535897932384';
          const canvas = window.writeNumber(text, { width: 16384, height: 2048, size: 400, pen: 40, gap: 0.35, x: 300 });
          const reading = await window.clf.readDigits(canvas);
          return { text: reading.text, truth: text, last: reading.digits.at(-1).box };
        });
        assert.equal(outcome.text, outcome.truth);
        // The last digit starts at 300 + 19 x 378 pixels, and keeps its size in its box.
        assert.ok(Math.abs(outcome.last.x - 7482) < 60, `last digit at x ${outcome.last.x}`);
        assert.ok(outcome.last.height > 300, `last digit ${outcome.last.height} high`);
      }, { timeout: 180_000 });
      await t.step('numbers of MNIST test digits are read as the Node pipeline reads them', async () => {
        const inBrowser = await page.evaluate(async (count) => {
          const bytes = await (await fetch('/__test__/mnist-test.bin')).arrayBuffer();
          const total = bytes.byteLength / (784 * 4 + 1);
          const set = { images: new Float32Array(bytes, 0, total * 784), labels: new Uint8Array(bytes, total * 784 * 4, total), count: total };
          const { numberSample } = await import('/test/support/number-images.mjs');
          const out = {};
          for (const touching of [false, true]) {
            const numbers = numberSample(set, 77, count, touching);
            out[touching] = await Promise.all(
              numbers.map(async (n) => ({
                truth: n.text,
                read: await window.clf.readDigits(new ImageData(n.rgba, n.width, n.height)).then((r) => r.text, (e) => `(${e.message})`),
              })),
            );
          }
          return out;
        }, COUNT);
        const expectedReadings = await node;
        const right = (rows) => rows.filter((r) => r.read === r.truth).length;
        for (const touching of [false, true]) {
          const browser = inBrowser[touching], expected = expectedReadings[touching];
          assert.deepEqual(browser.map((r) => r.truth), expected.map((r) => r.truth)); // the same numbers
          const agree = browser.filter((r, i) => r.read === expected[i].read).length;
          // The page reduces the picture with a canvas, Node by area averaging: the texts may differ on a rare hard number.
          const figures = `${t.engine} ${right(browser)}/${COUNT} right, Node ${right(expected)}/${COUNT}, same text ${agree}/${COUNT}`;
          assert.ok(agree >= COUNT - 3, `${touching ? 'touching' : 'clear'}: ${figures}\n${JSON.stringify({ browser, expected })}`);
          assert.ok(right(browser) >= right(expected) - 2, `${touching ? 'touching' : 'clear'}: ${figures}`);
        }
      }, { timeout: 180_000 });
      await page.evaluate(() => window.clf.dispose());
    },
  },
];
