// The benchmark pages (npm run bench): se-edge through its built package, raw onnxruntime-web
// on the main thread and in a hand-written worker, TensorFlow.js. Kept out of the SDK build.
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';

const plugins = () => [
  nodeResolve({ browser: true }),
  commonjs(),
  typescript({ tsconfig: 'tsconfig.bench.json', declaration: false, outDir: 'dist/bench', sourceMap: false }),
];

export default [
  {
    input: { bench: 'test/bench/pages/bench.ts', 'ort-worker-thread': 'test/bench/pages/ort-worker-thread.ts' },
    external: ['se-edge'],
    output: { dir: 'dist/bench', format: 'es', paths: { 'se-edge': '../index.js' }, chunkFileNames: '[name]-[hash].js' },
    plugins: plugins(),
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'EVAL') return;
      warn(warning);
    },
  },
];
