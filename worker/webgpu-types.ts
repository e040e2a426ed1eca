// The few WebGPU names the worker uses. TypeScript's WebWorker library has no WebGPU
// types, and a whole @webgpu/types dependency would be more than these four lines need.
export interface GpuAdapterInfo {
  vendor?: string;
  architecture?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
export interface GpuAdapter {
  info?: GpuAdapterInfo;
  /** Older Chromium put the flag on the adapter itself. */
  isFallbackAdapter?: boolean;
}
export interface GpuDevice {
  lost: Promise<{ reason: string; message: string }>;
}
export interface Gpu {
  requestAdapter(options?: { powerPreference?: 'low-power' | 'high-performance' }): Promise<GpuAdapter | null>;
}

export function navigatorGpu(): Gpu | undefined {
  return (globalThis.navigator as { gpu?: Gpu } | undefined)?.gpu;
}
