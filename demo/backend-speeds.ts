// The demo's speeds side by side: each backend that ran in this visit, timed in this browser on
// the same input, so a person who switches to WebGPU sees what it costs against WASM here
// (for models this small a GPU is usually slower: docs/browser-support.md#backends).
import type { BackendName, Classifier } from 'se-edge';

/** Single-image calls timed per backend: enough for a median, short enough on software WebGPU. */
const RUNS = 15;

export class BackendSpeeds {
  /** Per model and backend, the median worker inference time of one image, in ms. */
  readonly #measured = new Map<string, Map<BackendName, number>>();

  constructor(private readonly output: HTMLElement) {}

  /** Times `classifier` on a blank input, one call at a time, then shows every backend measured for its model. */
  async measure(classifier: Classifier, isCurrent: () => boolean): Promise<void> {
    const model = classifier.model.name;
    const input = new Float32Array(classifier.inputLength);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      if (!isCurrent()) return;
      const { timings } = await classifier.classify(input);
      times.push(timings.inferMs);
    }
    times.sort((a, b) => a - b);
    const perModel = this.#measured.get(model) ?? new Map<BackendName, number>();
    perModel.set(classifier.backend, times[times.length >> 1]!);
    this.#measured.set(model, perModel);
    this.show(model);
  }

  /** The speeds measured for `model`, WASM first. */
  show(model: string): void {
    const perModel = this.#measured.get(model);
    if (!perModel) {
      this.output.textContent = '';
      return;
    }
    const speeds = (['wasm', 'webgpu'] as const)
      .filter((backend) => perModel.has(backend))
      .map((backend) => `${backend} ${perModel.get(backend)!.toFixed(2)} ms`);
    const missing = perModel.size < 2 ? ' (pick the other backend to compare)' : '';
    this.output.textContent = `One image, median of ${RUNS} here: ${speeds.join(' · ')}${missing}`;
  }
}
