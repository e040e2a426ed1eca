// Which backend runs, and why. WebGPU is used on request, or under 'auto' only when one run
// of the model is large enough for a GPU to win (gpu-worth.ts: decided from the manifest,
// before any adapter is asked for) and the adapter is a real GPU: a fallback adapter
// (software, e.g. SwiftShader) is slower than WASM.
import type { BackendName, BackendRequest } from '../../contract/types.js';
import type { GpuWorth } from './gpu-worth.js';
import { navigatorGpu, type GpuAdapter } from '../webgpu-types.js';

/** Which backend runs and why. Never edited: a fallback makes a new one. */
export interface BackendChoice {
  readonly backend: BackendName;
  readonly reason: string;
  /** The adapter the WebGPU session is to use. */
  readonly adapter?: GpuAdapter;
}

/** The choice after the SDK had to leave WebGPU: WASM, saying why. */
export function wasmFallback(why: string): BackendChoice {
  return { backend: 'wasm', reason: `${why}; running on WASM` };
}

/**
 * The backend for `requested`; for 'auto', `worth` says whether the model is large enough for
 * WebGPU to be worth an adapter at all.
 */
export async function pickBackend(requested: BackendRequest, worth?: GpuWorth): Promise<BackendChoice> {
  if (requested === 'wasm') return { backend: 'wasm', reason: 'requested' };
  if (requested === 'auto' && worth && !worth.worthIt) return { backend: 'wasm', reason: worth.reason };
  const fallback = (why: string): BackendChoice => ({
    backend: 'wasm',
    reason: requested === 'webgpu' ? `WebGPU was requested but ${why}; running on WASM` : worth ? `${worth.reason}, but ${why}; running on WASM` : why,
  });
  const gpu = navigatorGpu();
  if (!gpu) return fallback('no WebGPU in this browser (navigator.gpu is missing)');
  let adapter: GpuAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (error) {
    return fallback(`no WebGPU adapter (requestAdapter failed: ${(error as Error).message})`);
  }
  if (!adapter) return fallback('no WebGPU adapter');
  const name = describeAdapter(adapter);
  if (requested === 'webgpu') return { backend: 'webgpu', reason: `requested (adapter: ${name})`, adapter };
  if (adapter.info?.isFallbackAdapter ?? adapter.isFallbackAdapter) {
    return fallback(`the adapter is a fallback adapter (${name}): software WebGPU is slower than WASM`);
  }
  return { backend: 'webgpu', reason: `${worth ? `${worth.reason}, and ` : ''}a WebGPU adapter (${name})`, adapter };
}

function describeAdapter(adapter: GpuAdapter): string {
  const { vendor, architecture, description } = adapter.info ?? {};
  return [vendor, architecture, description].filter(Boolean).join(' ') || 'unknown';
}
