// Runs the browser examples of the README and of the guides in docs/ exactly as written, in
// every engine, in a page whose import map resolves 'se-edge' to the built dist/index.js, with
// golden digits as <img> elements (dark ink on white paper at 4x, as an app would have them).
// An example is found by its name wherever it lives (test/support/doc-examples.mjs), and each
// step's name says which file holds it. Examples after the quick start continue it, as the
// README says: they run one after another in the quick start's page, and an example that
// creates no classifier of its own uses the quick start's (one load for all of them).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DIGIT_STROKES } from '../../support/ink-drawing.mjs';
import { docExample } from '../../support/doc-examples.mjs';
import { databaseNames, digitPng } from '../in-page.mjs';
import { golden } from '../harness.mjs';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const DIGITS = [0, 1, 2, 3]; // golden indices of the <img> elements, in page order
const labels = DIGITS.map((i) => String(golden.labels[i]));

/** In the page: adds the digits as <img> elements (PNG, base64), in order. */
async function addImages(pngs) {
  for (const png of pngs) {
    const image = Object.assign(new Image(), { src: `data:image/png;base64,${png}`, alt: 'a digit' });
    await image.decode();
    document.body.append(image);
  }
}

/** In the page: runs `code` as a module script; resolves with what it logged, line by line. */
async function runModule(code) {
  const logs = [];
  const log = console.log;
  const text = (value) => (Array.isArray(value) ? `[${value.join(', ')}]` : String(value));
  console.log = (...args) => {
    logs.push(args.map(text).join(' '));
    log.apply(console, args);
  };
  try {
    await new Promise((resolve, reject) => {
      window.exampleDone = resolve;
      addEventListener('error', (event) => reject(new Error(`the example failed: ${event.error ?? event.message}`)));
      setTimeout(() => reject(new Error('the example did not finish within 60 s')), 60_000);
      const script = document.createElement('script');
      script.type = 'module';
      script.textContent = `${code}\nwindow.exampleDone();`;
      document.body.append(script);
    });
  } finally {
    console.log = log;
  }
  return logs;
}

/** In the page: adds a canvas with `text` written on it with a pen, dark on white, 800x200. */
function addNumberCanvas([text, strokes]) {
  const canvas = Object.assign(document.createElement('canvas'), { width: 800, height: 200 });
  const context = canvas.getContext('2d');
  context.fillStyle = '#fff';
  context.fillRect(0, 0, 800, 200);
  context.lineWidth = 14;
  context.lineCap = context.lineJoin = 'round';
  [...text].forEach((c, i) => {
    for (const line of strokes[c]) {
      context.beginPath();
      line.forEach(([u, v], j) => (j ? context.lineTo : context.moveTo).call(context, 60 + i * 150 + u * 90, 30 + v * 130));
      context.stroke();
    }
  });
  document.body.append(canvas);
}

/** Opens the examples' page, with the digits as <img> elements, in order. */
async function openExamples(t) {
  const page = await t.open('/test/pages/readme.html');
  const pngs = [];
  for (const i of DIGITS) pngs.push(await page.evaluate(digitPng, [golden.inputs[i], 4]));
  await page.evaluate(addImages, pngs);
  return page;
}

/**
 * Runs the example `name` in `page` as written; resolves with its log lines. What it made that
 * the test looks at afterwards, the names in `keep`, stays in window.examples[name]: the quick
 * start leaves its classifier to the examples that continue it (those that create none of their
 * own), as the rest of an app's module would have it.
 */
function runExample(page, name, { keep = name === 'quick-start' ? ['classifier'] : [] } = {}) {
  let { code } = docExample(name);
  if (!code.includes('createClassifier(')) code = `const { classifier } = window.examples['quick-start'];\n${code}`;
  if (keep.length) code = `${code}\n(window.examples ??= {})[${JSON.stringify(name)}] = { ${keep.join(', ')} };`;
  return page.evaluate(runModule, code);
}

/**
 * Python run after the documented export example, in the same process: PyTorch's outputs, for
 * the picture in picture.rgba (width x height RGBA), of the very model the example exported.
 */
const pytorchOutputs = (width, height) => `
# --- the test's: PyTorch's outputs for the picture the page classifies
import json
import numpy as np
from preprocessing import fit
manifest = json.load(open("public/models/pets.manifest.json"))
rgba = np.fromfile("picture.rgba", dtype=np.uint8).reshape(${height}, ${width}, 4)
x = torch.from_numpy(fit(rgba, manifest["input"]["preprocessing"], manifest["input"]["shape"][1:]))[None]
gates = {}
for block in manifest["attention"]:
    getattr(model, block["name"]).register_forward_hook(lambda m, i, o, name=block["name"]: gates.__setitem__(name, o[1][0].tolist()))
with torch.no_grad():
    probabilities = torch.softmax(model.eval()(x)[0].double(), 0).tolist()
print(json.dumps({"labels": manifest["labels"], "probabilities": probabilities, "attention": gates}))
`;

/** In the page: the first <img> as the worker decodes it, RGBA. */
async function firstPicture() {
  const img = document.querySelector('img');
  // Decoded as the SDK decodes an <img> (src/input.ts): no colour-space conversion, no
  // premultiplied alpha; the canvas then holds exactly the bitmap's pixels.
  await img.decode();
  const bitmap = await createImageBitmap(img, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  const canvas = Object.assign(document.createElement('canvas'), { width: bitmap.width, height: bitmap.height });
  const context = canvas.getContext('2d');
  context.drawImage(bitmap, 0, 0);
  return { width: canvas.width, height: canvas.height, rgba: Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) };
}

/** In the page: the probabilities and attention of the prediction the example `name` kept, and its classifier's backend, which it disposes. */
async function keptOutputs(name) {
  const { pets, prediction: p } = window.examples[name];
  const outputs = {
    backend: pets.backend,
    probabilities: Array.from(p.probabilities),
    attention: Object.fromEntries(Object.entries(p.attention).map(([k, v]) => [k, Array.from(v)])),
  };
  await pets.dispose();
  return outputs;
}

/** Where the example `name` lives and its name, for a case's title: "docs/models.md clothing". */
const where = (name) => `${docExample(name).file} ${name}`;

export const cases = [
  {
    name: "the README's and docs/ examples, as written, in one page: the quick start, then batch, errors, cancel, read-digits, attention, inspect and cache on its classifier; then options and clothing, each with its own",
    timeout: 180_000,
    async run(t) {
      const page = await t.setUp(() => openExamples(t));
      await t.step(`${where('quick-start')}: classifies the image on the page`, async () => {
        const logs = await runExample(page, 'quick-start');
        assert.equal(logs.length, 1, logs.join('\n'));
        const [label, probability] = logs[0].split(' ');
        assert.equal(label, labels[0]);
        assert.ok(Number(probability) > 0.5, probability);
      });
      await t.step(`${where('batch')}: concurrent classify calls and classifyBatch give every image its label`, async () => {
        assert.deepEqual(await runExample(page, 'batch'), [labels.join(' '), labels.join(' ')]);
      });
      await t.step(`${where('errors')}: a wrong input is an InputError with its code`, async () => {
        const logs = await runExample(page, 'errors');
        assert.match(logs[0], /^INVALID_INPUT .*784/);
      });
      await t.step(`${where('cancel')}: an aborted call rejects with AbortError`, async () => {
        assert.deepEqual(await runExample(page, 'cancel'), ['AbortError ABORTED']);
      });
      await t.step(`${where('read-digits')}: the number on a canvas, its confidence, and each digit with its box and attention`, async () => {
        await page.evaluate(addNumberCanvas, ['2026', DIGIT_STROKES]);
        let logs;
        try {
          logs = await runExample(page, 'read-digits');
        } finally {
          await page.evaluate(() => document.querySelector('canvas').remove()); // the page as the other examples know it
        }
        const [line, ...digits] = logs;
        const [text, confidence] = line.split(' ');
        assert.equal(text, '2026');
        assert.ok(Number(confidence) > 0.5, confidence);
        assert.equal(digits.length, 4, logs.join('\n'));
        digits.forEach((digit, i) => {
          const [label, at, size, ...blocks] = digit.split(' ');
          assert.equal(label, '2026'[i]);
          const [x, y] = at.split(',').map(Number);
          assert.ok(Math.abs(x - (60 + i * 150)) < 25, `digit ${i} at x ${x}`);
          assert.ok(Math.abs(y - 30) < 15, `digit ${i} at y ${y}`);
          assert.ok(Number(size.split('x')[1]) > 110, `digit ${i} is ${size}`);
          assert.deepEqual(blocks, ['se1', 'se2', 'se3']);
        });
      });
      await t.step(`${where('attention')}: top classes, each block's gates, and the 28x28 image shown`, async () => {
        const logs = await runExample(page, 'attention');
        assert.equal(logs.length, 5, logs.join('\n'));
        assert.equal(logs[0].split(' ')[0], labels[0]);
        assert.deepEqual(logs.slice(2).map((line) => line.split(' ').slice(0, 2).join(' ')), ['se1 6', 'se2 16', 'se3 120']);
        // The canvas it appended holds the preprocessed digit: ink on black.
        const ink = await page.evaluate(() => {
          const data = document.querySelector('canvas').getContext('2d').getImageData(0, 0, 28, 28).data;
          let lit = 0;
          for (let i = 0; i < data.length; i += 4) if (data[i] > 128) lit++;
          return lit;
        });
        assert.ok(ink > 40 && ink < 400, `${ink} lit pixels`);
      });
      await t.step(`${where('inspect')}: every block's shape, squeeze and gate; a channel switched off; the channels ranked`, async () => {
        const logs = await runExample(page, 'inspect');
        assert.equal(logs.length, 7, logs.join('\n'));
        const blocks = logs.slice(0, 3).map((line) => line.split(' '));
        assert.deepEqual(blocks.map(([name, shape]) => `${name} ${shape}`), ['se1 6x14x14', 'se2 16x5x5', 'se3 120x1x1']);
        for (const [, , channel, squeeze, gate] of blocks) {
          assert.ok(Number.isInteger(Number(channel)) && Number(squeeze) >= 0 && Number(gate) > 0 && Number(gate) <= 1, blocks.join('; '));
        }
        const [label, before, arrow, , after] = logs[3].split(' ');
        assert.deepEqual([label, arrow], [labels[0], '->']);
        assert.ok(Number(before) > 0.5 && Number(after) >= 0 && Number(after) <= 1, logs[3]);
        const drops = logs.slice(4).map((line) => Number(line.split(' ')[2]));
        assert.ok(drops.every((d, i) => i === 0 || drops[i - 1] <= d), drops.join());
        assert.ok(logs.slice(4).every((line) => /^se[123] \d+ -?\d\.\d{3}$/.test(line)), logs.slice(4).join('; '));
      });
      // The quick start's classifier came from the network (this origin's first load); the example disposes it.
      await t.step(`${where('cache')}: where the bytes came from, then clearCache deletes the SDK's database`, async () => {
        assert.deepEqual(await runExample(page, 'cache'), ['network network', '[se-edge-cache]']);
        assert.ok(!(await page.evaluate(databaseNames)).includes('se-edge-cache'));
      });
      await t.step(`${where('options')}: reports loading progress and the backend`, async () => {
        const logs = await runExample(page, 'options');
        const phases = logs.slice(0, -1).map((line) => line.split(' ')[0]);
        assert.equal(phases[0], 'manifest');
        assert.ok(phases.includes('download'), phases.join());
        assert.equal(phases.at(-1), 'ready');
        assert.match(logs.at(-1), /^wasm /);
        assert.ok((await page.evaluate(databaseNames)).includes('se-edge-cache:my-app'));
      });
      await t.step(`${where('clothing')}: the Fashion-MNIST model shipped in the package loads by its manifest URL`, async () => {
        assert.deepEqual(await runExample(page, 'clothing'), ['T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot']);
      });
    },
  },
  {
    name: `${where('own-model-python')} and own-model-js: your own SE model, the Python export as written, then the page classifies a picture as PyTorch does (within 1e-4)`,
    timeout: 150_000, // PyTorch starts in a few seconds on a quiet machine, more on a busy one
    async run(t) {
      const app = mkdtempSync(join(tmpdir(), 'se-edge-own-model-'));
      try {
        // An app with the package installed: node_modules/se-edge is this project.
        mkdirSync(join(app, 'node_modules'));
        symlinkSync(root, join(app, 'node_modules', 'se-edge'));
        const page = await openExamples(t);
        // The picture the example classifies (the page's first <img>), as the worker decodes it.
        const { width, height, rgba } = await page.evaluate(firstPicture);
        writeFileSync(join(app, 'picture.rgba'), Uint8Array.from(rgba));
        writeFileSync(join(app, 'export_pets.py'), docExample('own-model-python').code + pytorchOutputs(width, height));
        const { stdout } = await run('/usr/bin/python3', ['export_pets.py'], { cwd: app });
        const pytorch = JSON.parse(stdout.trim().split('\n').pop());
        t.server.mount('/models/pets.', join(app, 'public')); // the app serves public/
        const logs = await runExample(page, 'own-model-js', { keep: ['pets', 'prediction'] });
        const argmax = (row) => row.indexOf(Math.max(...row));
        assert.deepEqual(logs, [`${pytorch.labels[argmax(pytorch.probabilities)]} 16 32`]);
        // The example's prediction of that picture, all its outputs against PyTorch's (on WASM).
        const sdk = await page.evaluate(keptOutputs, 'own-model-js');
        assert.equal(sdk.backend, 'wasm');
        let worst = 0;
        sdk.probabilities.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - pytorch.probabilities[i]))));
        for (const [name, gates] of Object.entries(pytorch.attention)) {
          assert.equal(sdk.attention[name].length, gates.length, name);
          gates.forEach((v, i) => (worst = Math.max(worst, Math.abs(sdk.attention[name][i] - v))));
        }
        assert.ok(worst < 1e-4, `largest difference from PyTorch: ${worst}`);
      } finally {
        rmSync(app, { recursive: true, force: true });
      }
    },
  },
];
