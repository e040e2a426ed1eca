// A session on the chosen backend that can be trusted: a WebGPU one must first reproduce
// the manifest's probe outputs. If it cannot be created or fails the probe, the model runs
// on WASM instead, and the returned choice says why. On either, a model whose outputs do not
// have the manifest's sizes fails the load (ModelSession.selfCheck).
import type { ModelManifest } from '../../contract/types.js';
import { wasmFallback, type BackendChoice } from './backend.js';
import { ModelSession } from '../model-session.js';
import type { Ort } from './ort-runtime.js';

export async function createTrustedSession(
  ort: Ort,
  model: Uint8Array,
  manifest: ModelManifest,
  choice: BackendChoice,
): Promise<{ session: ModelSession; choice: BackendChoice; firstRunMs: number }> {
  if (choice.backend === 'webgpu') {
    try {
      if (choice.adapter) ort.env.webgpu.adapter = choice.adapter as never;
      const session = await ModelSession.create(ort, model, manifest, 'webgpu');
      const started = performance.now();
      const { error, output } = await session.selfCheck();
      const tolerance = manifest.probe?.tolerance ?? 0;
      if (error <= tolerance) return { session, choice, firstRunMs: performance.now() - started };
      await session.release();
      choice = wasmFallback(`WebGPU self-check failed: ${output} differs from the reference by ${error.toPrecision(3)} (tolerance ${tolerance})`);
    } catch (error) {
      choice = wasmFallback(`WebGPU session creation failed (${(error as Error).message})`);
    }
  }
  const session = await ModelSession.create(ort, model, manifest, 'wasm');
  const started = performance.now();
  try {
    await session.selfCheck(); // the first run allocates; a model whose outputs do not fit its manifest fails here
  } catch (error) {
    await session.release();
    throw error;
  }
  return { session, choice, firstRunMs: performance.now() - started };
}
