// se-edge, used as an app would: the built package's public API.
import { createClassifier, type BackendRequest, type Classifier } from 'se-edge';
import { PIXELS, type Target } from './target.js';

/** se-edge on `backend`; `numThreads` as createClassifier takes it (default: se-edge's own choice). */
export function seEdgeTarget(backend: BackendRequest, numThreads?: number): Target {
  let clf: Classifier;
  return {
    async load() {
      clf = await createClassifier({ backend, numThreads });
    },
    threads: () => clf.threads,
    ranOn: () => (clf.backend === 'webgpu' ? 'webgpu, self-check passed' : backend === 'webgpu' ? `wasm: ${clf.backendReason}` : 'wasm'),
    one: (input) => clf.classify(input).then((p) => p.index),
    each: (inputs) => Promise.all(inputs.map((x) => clf.classify(x).then((p) => p.index))),
    async batched(images, count) {
      const inputs = Array.from({ length: count }, (_, i) => images.subarray(i * PIXELS, (i + 1) * PIXELS));
      return (await clf.classifyBatch(inputs, { topK: 1 })).map((p) => p.index);
    },
    dispose: () => clf.dispose(),
  };
}
