// The benchmark pages (npm run bench): se-edge through its built package, raw onnxruntime-web
// on the main thread and in a hand-written worker, TensorFlow.js. Kept out of the SDK build.
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import { transpileTypeScript } from '../../scripts/transpile-typescript.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default [
  {
    input: { bench: here('pages/bench.ts'), 'ort-worker-thread': here('pages/ort-worker-thread.ts'), startup: here('pages/startup.ts') },
    external: ['se-edge'],
    output: { dir: here('../../dist/bench'), format: 'es', paths: { 'se-edge': '../index.js' }, chunkFileNames: '[name]-[hash].js' },
    plugins: [nodeResolve({ browser: true }), commonjs(), transpileTypeScript()],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'EVAL') return;
      warn(warning);
    },
  },
  {
    // The start-up floor's worker: one file, as a hand-written app's worker would be.
    input: here('pages/floor-worker.ts'),
    output: { file: here('../../dist/bench/floor-worker.js'), format: 'es' },
    plugins: [nodeResolve({ browser: true }), transpileTypeScript()],
    onwarn(warning, warn) {
      if (warning.code === 'EVAL') return;
      warn(warning);
    },
  },
];
