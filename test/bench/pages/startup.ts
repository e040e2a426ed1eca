// One start, as a page lives it: from navigation to the first prediction of a digit. The
// target comes from the query: `se-edge` (the built package, its public API) or `floor`
// (a bare onnxruntime-web worker that only fetches, creates a session and runs once).
// The result lands in window.startup for test/bench/startup.mjs.
import { createClassifier } from 'se-edge';

interface Startup {
  /** ms from navigation start to the first prediction. */
  firstPredictionMs: number;
  /** ms from navigation start to this script running (page and script load). */
  scriptMs: number;
  /** What the target reports of its own phases, in ms. */
  phases: Record<string, number>;
  label: string;
}

declare global {
  interface Window {
    startup?: Startup | { error: string };
  }
}

const digit = new Float32Array(784);
for (let y = 4; y < 24; y++) digit[y * 28 + 14] = 1; // a "1"

const query = new URLSearchParams(location.search);
const numThreads = query.has('threads') ? Number(query.get('threads')) : undefined;

async function seEdge(): Promise<Omit<Startup, 'scriptMs'>> {
  const classifier = await createClassifier({ backend: 'wasm', numThreads });
  const { label } = await classifier.classify(digit);
  const firstPredictionMs = performance.now();
  const phases = { ...classifier.loadTimings, load: classifier.loadMs };
  await classifier.dispose();
  return { firstPredictionMs, phases, label };
}

async function floor(): Promise<Omit<Startup, 'scriptMs'>> {
  const worker = new Worker(new URL('./floor-worker.js', import.meta.url), { type: 'module' });
  const threads = numThreads ?? (crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency) : 1);
  const result = await new Promise<{ label: string; phases: Record<string, number> }>((resolve, reject) => {
    worker.onmessage = (event) => resolve(event.data);
    worker.onerror = (event) => reject(new Error(event.message || 'the floor worker failed'));
    worker.postMessage({ threads, input: digit });
  });
  const firstPredictionMs = performance.now();
  worker.terminate();
  return { firstPredictionMs, ...result };
}

const scriptMs = performance.now();
const target = query.get('target');
(target === 'floor' ? floor() : seEdge()).then(
  (result) => (window.startup = { ...result, scriptMs }),
  (error: Error) => (window.startup = { error: String(error.message ?? error) }),
);
