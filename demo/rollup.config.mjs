// The demo's build (part of npm run build, after the SDK's): the page's script, built
// against the SDK's public entry as an app would use it, and its service worker. It reads
// the SDK's built files (for the offline precache list), never its sources.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { minify } from '../scripts/minify.mjs';
import { transpileTypeScript } from '../scripts/transpile-typescript.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const dist = new URL('../dist/', import.meta.url);

/**
 * `mnist-test-500.bin` and `fashion-test-500.bin`: the demo's samples, the first 50 images of
 * each class of the standard MNIST and Fashion-MNIST test sets (in test-set order, interleaved
 * by class so that any prefix shows every class), as 500 x 784 bytes, then 500 labels.
 * Fashion-MNIST comes from Debian's dataset-fashion-mnist (npm test installs it): without it
 * the build warns and the demo's clothing model has no gallery or atlas.
 */
function demoSamples() {
  return {
    name: 'demo-samples',
    async generateBundle() {
      const { loadFashion, loadMnist, PIXELS } = await import('../models/mnist-idx.mjs');
      this.emitFile({ type: 'asset', fileName: 'mnist-test-500.bin', source: sample(loadMnist('test'), PIXELS) });
      try {
        this.emitFile({ type: 'asset', fileName: 'fashion-test-500.bin', source: sample(loadFashion('test'), PIXELS) });
      } catch (error) {
        this.warn(`no clothing sample for the demo: ${error.message}`);
      }
    },
  };
}

function sample({ images, labels, count }, PIXELS) {
  const byClass = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < count; i++) if (byClass[labels[i]].length < 50) byClass[labels[i]].push(i);
  const chosen = byClass[0].flatMap((_, k) => byClass.map((indices) => indices[k]));
  const source = new Uint8Array(chosen.length * (PIXELS + 1));
  chosen.forEach((index, i) => {
    for (let p = 0; p < PIXELS; p++) source[i * PIXELS + p] = Math.round(images[index * PIXELS + p] * 255);
    source[chosen.length * PIXELS + i] = labels[index];
  });
  return source;
}

/**
 * `virtual:demo-precache`: what the demo's service worker keeps for offline visits: the
 * demo page and the SDK's JavaScript, by paths relative to dist/demo/sw.js, and a version
 * that changes with their contents. Built after the page's script, so it sees it.
 */
function demoPrecache() {
  const id = 'virtual:demo-precache';
  return {
    name: 'demo-precache',
    resolveId: (source) => (source === id ? '\0' + id : null),
    load(resolved) {
      if (resolved !== '\0' + id) return null;
      const sdk = readdirSync(dist).filter((f) => /\.m?js$/.test(f)).map((f) => `../${f}`);
      if (!sdk.includes('../index.js')) this.error('dist/index.js is missing: build the SDK first (npm run build)');
      const samples = ['./mnist-test-500.bin', './fashion-test-500.bin'].filter((f) => existsSync(new URL(f, new URL('demo/', dist))));
      const files = [...sdk, '../models/se-lenet-mnist.manifest.json', '../models/se-lenet-fashion.manifest.json', './main.js',
        ...samples, '../../demo/index.html', '../../demo/demo.css', '../../demo/favicon.svg'];
      const hash = createHash('sha256');
      for (const f of files) if (!f.endsWith('.bin')) hash.update(readFileSync(new URL(f, new URL('demo/', dist))));
      const precache = ['../../demo/', ...files];
      return `export const precache = ${JSON.stringify(precache)};\n` +
        `export const version = ${JSON.stringify(hash.digest('hex').slice(0, 12))};\n`;
    },
  };
}

export default [
  {
    input: here('main.ts'),
    external: ['se-edge', 'se-edge/digit-input'],
    output: { file: here('../dist/demo/main.js'), format: 'es', sourcemap: true, paths: { 'se-edge': '../index.js', 'se-edge/digit-input': '../digit-input.js' } },
    plugins: [transpileTypeScript(), minify, demoSamples()],
  },
  {
    input: here('service-worker/sw.ts'),
    output: { file: here('../dist/demo/sw.js'), format: 'es', sourcemap: true },
    plugins: [demoPrecache(), transpileTypeScript(), minify],
  },
];
