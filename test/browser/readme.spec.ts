// Runs the README's browser examples exactly as written, in a page whose import map resolves
// 'se-edge' to the built dist/index.js, with golden digits as <img> elements (dark ink on white
// paper at 4x, as an app would have them). Examples after the quick start continue it: when an
// example does not create its own classifier, the quick start's two set-up lines run first.
import type { Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DIGIT_STROKES } from '../support/ink-drawing.mjs';
import { readmeExample } from '../support/readme-examples.mjs';
import { digitPng, expect, golden, test } from './fixtures.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

const DIGITS = [0, 1, 2, 3]; // golden indices of the <img> elements, in page order
const labels = DIGITS.map((i) => String(golden.labels[i]));

/** Adds the golden digits as <img> elements: PNGs at 4x. */
async function addDigitImages(page: Page) {
  const pngs = await Promise.all(DIGITS.map((i) => digitPng(page, golden.inputs[i]!, 4)));
  await page.evaluate(async (pngs) => {
    for (const png of pngs) {
      const image = Object.assign(new Image(), { src: `data:image/png;base64,${png}`, alt: 'a digit' });
      await image.decode();
      document.body.append(image);
    }
  }, pngs);
}

/** Adds a canvas with `text` written on it with a pen, dark on white, 800x200. */
async function addNumberCanvas(page: Page, text: string) {
  await page.evaluate(([text, strokes]) => {
    const canvas = Object.assign(document.createElement('canvas'), { width: 800, height: 200 });
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, 800, 200);
    context.lineWidth = 14;
    context.lineCap = context.lineJoin = 'round';
    [...text].forEach((c, i) => {
      for (const line of strokes[c]!) {
        context.beginPath();
        line.forEach(([u, v], j) => (j ? context.lineTo : context.moveTo).call(context, 60 + i * 150 + u! * 90, 30 + v! * 130));
        context.stroke();
      }
    });
    document.body.append(canvas);
  }, [text, DIGIT_STROKES as unknown as Record<string, number[][][]>] as const);
}

/** Runs a README example as a module script; resolves with what it logged, line by line. */
async function runExample(page: Page, name: string, setup?: (page: Page) => Promise<void>): Promise<string[]> {
  await page.goto('/test/pages/readme.html');
  await addDigitImages(page);
  await setup?.(page);
  const logs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'log') logs.push(message.text());
  });
  let code = readmeExample(name);
  if (!code.includes('createClassifier(')) {
    code = `import { createClassifier } from 'se-edge';\nconst classifier = await createClassifier();\n${code}`;
  }
  await page.addScriptTag({ type: 'module', content: `${code}\nconsole.log('example done');` });
  await expect.poll(() => logs.at(-1), { timeout: 60_000 }).toBe('example done');
  return logs.slice(0, -1);
}

test('README quick start: classifies the image on the page', async ({ page }) => {
  const [line, ...rest] = await runExample(page, 'quick-start');
  expect(rest).toEqual([]);
  const [label, probability] = line!.split(' ');
  expect(label).toBe(labels[0]);
  expect(Number(probability)).toBeGreaterThan(0.5);
});

test('README options: reports loading progress and the backend', async ({ page }) => {
  const logs = await runExample(page, 'options');
  const phases = logs.slice(0, -1).map((line) => line.split(' ')[0]);
  expect(phases[0]).toBe('manifest');
  expect(phases).toContain('download');
  expect(phases.at(-1)).toBe('ready');
  expect(logs.at(-1)).toMatch(/^wasm /);
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).toContain('se-edge-cache:my-app');
});

test('README batch: concurrent classify calls and classifyBatch give every image its label', async ({ page }) => {
  expect(await runExample(page, 'batch')).toEqual([labels.join(' '), labels.join(' ')]);
});

test('README attention: top classes, each block\'s gates, and the 28x28 image shown', async ({ page }) => {
  const logs = await runExample(page, 'attention');
  expect(logs).toHaveLength(5);
  expect(logs[0]!.split(' ')[0]).toBe(labels[0]);
  expect(logs.slice(2).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['se1 6', 'se2 16', 'se3 120']);
  // The canvas it appended holds the preprocessed digit: ink on black.
  const ink = await page.evaluate(() => {
    const canvas = document.querySelector('canvas')!;
    const data = canvas.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i]! > 128) lit++;
    return lit;
  });
  expect(ink).toBeGreaterThan(40);
  expect(ink).toBeLessThan(400);
});

test('README read-digits: the number on a canvas, its confidence, and each digit with its box and attention', async ({ page }) => {
  const [line, ...digits] = await runExample(page, 'read-digits', (p) => addNumberCanvas(p, '2026'));
  const [text, confidence] = line!.split(' ');
  expect(text).toBe('2026');
  expect(Number(confidence)).toBeGreaterThan(0.5);
  expect(digits).toHaveLength(4);
  digits.forEach((digit, i) => {
    const [label, at, size, ...blocks] = digit.split(' ');
    expect(label).toBe('2026'[i]);
    const [x, y] = at!.split(',').map(Number);
    expect(Math.abs(x! - (60 + i * 150))).toBeLessThan(25);
    expect(Math.abs(y! - 30)).toBeLessThan(15);
    expect(Number(size!.split('x')[1])).toBeGreaterThan(110);
    expect(blocks).toEqual(['se1', 'se2', 'se3']);
  });
});

test('README clothing: the Fashion-MNIST model shipped in the package loads by its manifest URL', async ({ page }) => {
  expect(await runExample(page, 'clothing')).toEqual(['T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot']);
});

/**
 * Python run after the README's export example, in the same process: PyTorch's outputs, for
 * the picture in picture.rgba (width x height RGBA), of the very model the example exported.
 */
const pytorchOutputs = (width: number, height: number) => `
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

test('README your own SE model: the Python export as written, then the page classifies a picture as PyTorch does (within 1e-4)', async ({ page }) => {
  test.slow(); // PyTorch starts in a few seconds on a quiet machine, more on a busy one
  const app = mkdtempSync(join(tmpdir(), 'se-edge-own-model-'));
  try {
    // An app with the package installed: node_modules/se-edge is this project.
    mkdirSync(join(app, 'node_modules'));
    symlinkSync(root, join(app, 'node_modules', 'se-edge'));
    let pytorch: { labels: string[]; probabilities: number[]; attention: Record<string, number[]> } | undefined;
    const logs = await runExample(page, 'own-model-js', async (page) => {
      // The picture the example classifies (the page's first <img>), as the worker decodes it.
      const { width, height, rgba } = await page.evaluate(() => {
        const img = document.querySelector('img')!;
        const canvas = Object.assign(document.createElement('canvas'), { width: img.naturalWidth, height: img.naturalHeight });
        const context = canvas.getContext('2d')!;
        context.drawImage(img, 0, 0);
        return { width: canvas.width, height: canvas.height, rgba: Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data) };
      });
      writeFileSync(join(app, 'picture.rgba'), Uint8Array.from(rgba));
      writeFileSync(join(app, 'export_pets.py'), readmeExample('own-model-python') + pytorchOutputs(width, height));
      const { stdout } = await run('/usr/bin/python3', ['export_pets.py'], { cwd: app });
      pytorch = JSON.parse(stdout.trim().split('\n').pop()!);
      // The app serves public/.
      await page.route('**/models/pets.*', (route) =>
        route.fulfill({ path: join(app, 'public', new URL(route.request().url()).pathname), headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }),
      );
    });
    const argmax = (row: number[]) => row.indexOf(Math.max(...row));
    expect(logs).toEqual([`${pytorch!.labels[argmax(pytorch!.probabilities)]} 16 32`]);
    // The same picture through the SDK, all its outputs against PyTorch's.
    const sdk = await page.evaluate(async () => {
      const { createClassifier } = (await import('/dist/index.js' as string)) as typeof window.seEdge;
      const clf = await createClassifier({ model: '/models/pets.manifest.json', backend: 'wasm', cache: false });
      const p = await clf.classify(document.querySelector('img')!);
      await clf.dispose();
      return { probabilities: Array.from(p.probabilities), attention: Object.fromEntries(Object.entries(p.attention).map(([k, v]) => [k, Array.from(v as Float32Array)])) };
    });
    let worst = 0;
    sdk.probabilities.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - pytorch!.probabilities[i]!))));
    for (const [name, gates] of Object.entries(pytorch!.attention)) {
      expect(sdk.attention[name]).toHaveLength(gates.length);
      gates.forEach((v, i) => (worst = Math.max(worst, Math.abs(sdk.attention[name]![i]! - v))));
    }
    expect(worst).toBeLessThan(1e-4);
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});

test('README errors: a wrong input is an InputError with its code', async ({ page }) => {
  const [line] = await runExample(page, 'errors');
  expect(line).toMatch(/^INVALID_INPUT .*784/);
});

test('README cancel: an aborted call rejects with AbortError', async ({ page }) => {
  expect(await runExample(page, 'cancel')).toEqual(['AbortError ABORTED']);
});

test('README cache: where the bytes came from, then clearCache deletes the SDK\'s database', async ({ page }) => {
  const logs = await runExample(page, 'cache');
  expect(logs).toEqual(['network network', '[se-edge-cache]']);
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name))).not.toContain('se-edge-cache');
});
