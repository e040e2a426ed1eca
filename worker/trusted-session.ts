// A session on the chosen backend that can be trusted: a WebGPU one must first reproduce
// the manifest's probe outputs. If it cannot be created or fails the probe, the model runs
// on WASM instead, and the returned choice says why.
import type { ModelManifest } from '../contract/types.js';
import { wasmFallback, type BackendChoice } from './backend.js';
import { ModelSession } from './model-session.js';
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
      if (!manifest.probe) return { session, choice, firstRunMs: 0 };
      const started = performance.now();
      const { error, output } = await session.probeError(manifest.probe);
      if (error <= manifest.probe.tolerance) return { session, choice, firstRunMs: performance.now() - started };
      await session.release();
      choice = wasmFallback(`WebGPU self-check failed: ${output} differs from the reference by ${error.toPrecision(3)} (tolerance ${manifest.probe.tolerance})`);
    } catch (error) {
      choice = wasmFallback(`WebGPU session creation failed (${(error as Error).message})`);
    }
  }
  const session = await ModelSession.create(ort, model, manifest, 'wasm');
  const started = performance.now();
  if (manifest.probe) await session.probeError(manifest.probe); // warm-up: the first run allocates
  return { session, choice, firstRunMs: performance.now() - started };
}
