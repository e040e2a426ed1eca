// se-edge where there is no browser: the package's `node` export condition, which server
// renders (Next.js, SvelteKit, Angular) and Node resolve. It names the same exports as the
// browser entry (index.ts), but none of the worker, runtime or model files, so a server build
// copies none of them; what would classify rejects with the UnsupportedError of noWorker().
import { noWorker } from './no-worker.js';

export * from './public-errors.js';

export async function createClassifier(): Promise<never> {
  throw noWorker();
}

export async function clearCache(): Promise<never> {
  throw noWorker();
}

/** No classifier exists on a server: `instanceof Classifier` is false there. */
export class Classifier {
  private constructor() {
    throw noWorker();
  }
}
