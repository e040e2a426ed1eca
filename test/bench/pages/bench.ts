// The benchmark page: ?target=se-edge|ort-main|ort-worker|tfjs and ?backend=..., driven by
// test/bench/run.mjs through window.runBench. ?threads=N starts se-edge with N WASM threads
// (threads.mjs); ?model=URL runs another .onnx in the hand-written worker (model-throughput.mjs).
import { runTarget, soak, type RunConfig } from './runner.js';
import type { Target } from './target.js';

const params = new URLSearchParams(location.search);
const backend = params.get('backend') ?? 'wasm';
// WASM threads (`?threads=N`); default: each implementation's own choice.
const threads = params.has('threads') ? Number(params.get('threads')) : undefined;

async function makeTarget(): Promise<Target> {
  switch (params.get('target')) {
    case 'se-edge':
      return (await import('./se-edge.js')).seEdgeTarget(backend as 'wasm' | 'webgpu', threads);
    case 'ort-main':
      return (await import('./ort-main.js')).ortMainTarget(threads);
    case 'ort-worker':
      return (await import('./ort-worker.js')).ortWorkerTarget(threads, params.get('model') ?? undefined);
    case 'tfjs':
      return (await import('./tfjs.js')).tfjsTarget(backend as 'wasm' | 'webgl' | 'webgpu');
    default:
      throw new Error(`unknown target ${params.get('target')}`);
  }
}

declare global {
  interface Window {
    runBench: (config: RunConfig) => Promise<unknown>;
    soak: (predictions: number, burst: number) => Promise<void>;
    disposeTarget: () => Promise<void>;
    coldStart: () => Promise<unknown>;
  }
}

let target: Target | null = null;
let images: Float32Array;

window.runBench = async (config) => {
  // The standard MNIST test set: float32 images, then one label byte each.
  const bytes = await (await fetch('/__bench__/mnist-test.bin')).arrayBuffer();
  const count = bytes.byteLength / (784 * 4 + 1);
  images = new Float32Array(bytes, 0, count * 784);
  target = await makeTarget();
  const result = await runTarget(target, images, new Uint8Array(bytes, count * 784 * 4, count), config);
  return { ...result, threads: target.threads?.(), ranOn: target.ranOn?.() };
};

// Kept apart so that test/bench/run.mjs can read the worker's heap (over CDP) around it.
window.soak = (predictions, burst) => soak(target!, images, predictions, burst);
window.disposeTarget = async () => target?.dispose();

// Start-up of se-edge as a page sees it: createClassifier, then the first prediction.
window.coldStart = async () => {
  const { createClassifier } = await import('se-edge');
  const t0 = performance.now();
  const clf = await createClassifier({ backend: 'wasm', numThreads: threads });
  await clf.classify(new Float32Array(784).fill(0).map((_, i) => (i % 28 > 12 && i % 28 < 16 ? 1 : 0)));
  const ms = performance.now() - t0;
  const result = { ms, modelSource: clf.modelSource, runtimeSource: clf.runtimeSource, loadMs: clf.loadMs, timings: clf.loadTimings, threads: clf.threads };
  await clf.dispose();
  return result;
};
