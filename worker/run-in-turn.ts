// One ORT run at a time per runtime, across all of its sessions (the model's and its
// inspection graph's). onnxruntime-web's WebGPU build suspends a run with Asyncify while the
// GPU works: a second session's run started meanwhile re-enters the suspended module, and
// the runs never settle (seen in the demo: a classify after an inspect on WebGPU hung). The
// CPU build runs each call through in one go, so the turn costs it nothing.
import type { Ort } from './load/ort-runtime.js';

const turns = new WeakMap<Ort, Promise<unknown>>();

/**
 * Forgets the runs queued on `ort`: after the GPU device is lost, a run on it may never
 * settle, and the runs of the WASM session that replaces it must not wait behind it.
 */
export function abandonTurns(ort: Ort): void {
  turns.delete(ort);
}

/** Runs `work` once every run queued before it on `ort` has settled. */
export function runInTurn<T>(ort: Ort, work: () => Promise<T>): Promise<T> {
  const next = (turns.get(ort) ?? Promise.resolve()).then(work);
  turns.set(ort, next.catch(() => undefined));
  return next;
}
