// Whether backend 'auto' should consider WebGPU at all for this model: only when one run is
// large enough for a GPU to win. Decided from the manifest before any adapter is asked for or
// any WebGPU file fetched.
//
// The evidence (issue 25; 2026-12-04, NVIDIA H200, driver 580, 16 CPU cores, onnxruntime-node
// 1.30, native WebGPU EP (Dawn on Vulkan) against the CPU EP in one run; p50 of 500 single
// runs, batches p50 of 15):
//
//   SE-LeNet MNIST, 0.43 M MACs per image     CPU             WebGPU
//     1 image                                  0.094 ms        2.97 ms (32x slower)
//     batch 16        (0.007 G MACs per run)   69,900 img/s    5,500 img/s
//     batch 256       (0.11 G)                 252,800 img/s   74,800 img/s
//     batch 1,024     (0.44 G)                 331,600 img/s   222,100 img/s
//     batch 4,096     (1.7 G)                  274,700 img/s   396,600 img/s  (the GPU's one win)
//   SE-LeNet Fashion, 2.5 M MACs per image
//     1 image                                  0.13 ms         4.98 ms (38x slower)
//     batch 256       (0.64 G)                 135,000 img/s   39,900 img/s
//     batch 4,096     (10.3 G)                 the CPU still ahead
//
// Work per run (MACs per image x images per run) is what a GPU amortises its fixed cost of
// dispatch and readback over. The largest run the CPU still won was 10.3 G MACs; the threshold
// is twice that. It errs toward WASM on purpose: a user's GPU is usually far smaller than an
// H200 while the CPU is a few times smaller than 16 cores, and in a browser every dispatch
// crosses a process; WASM's worst case here is a fraction of a millisecond per image, WebGPU's
// was 38 times that. Not measured yet: se-edge's own WebGPU path (onnxruntime-web's JSEP
// build) in a browser on a real GPU; a model of 20 G MACs or more (none ships).
import type { ModelManifest } from '../../contract/types.js';

/** Multiply-accumulates per run from which 'auto' considers WebGPU. */
export const WEBGPU_MIN_MACS_PER_RUN = 20e9;

export interface GpuWorth {
  /** Whether WebGPU may be faster: then 'auto' asks for an adapter. */
  readonly worthIt: boolean;
  /** Why, in words for an app developer: `backendReason` begins with it. */
  readonly reason: string;
}

export function gpuWorth(manifest: Pick<ModelManifest, 'model'>, expectedBatch: number): GpuWorth {
  const { macs } = manifest.model;
  const threshold = amount(WEBGPU_MIN_MACS_PER_RUN);
  if (macs === undefined) {
    return {
      worthIt: false,
      reason:
        `auto chose WASM: the manifest does not say how much work the model is ("model.macs", which models/export.py writes), ` +
        `and WebGPU is only faster from about ${threshold} multiply-accumulates per run; pass backend: 'webgpu' to run on the GPU anyway`,
    };
  }
  const perRun = macs * expectedBatch;
  const work = `${amount(macs)} multiply-accumulates per image x expectedBatch ${expectedBatch} = ${amount(perRun)} per run`;
  if (perRun < WEBGPU_MIN_MACS_PER_RUN) {
    return {
      worthIt: false,
      reason:
        `auto chose WASM: the model is small for a GPU (${work}, below the ${threshold} from which WebGPU can be faster; ` +
        `models this small ran 3 to 38 times slower on a GPU); pass backend: 'webgpu' to run on the GPU anyway`,
    };
  }
  return { worthIt: true, reason: `auto: the model is large enough for a GPU (${work}, at least ${threshold})` };
}

/** 425568 -> "0.43 M", 2e10 -> "20 G": the sizes people compare. */
function amount(n: number): string {
  const [scale, unit] = n >= 1e9 ? [1e9, 'G'] : n >= 1e5 ? [1e6, 'M'] : n >= 1e3 ? [1e3, 'k'] : [1, ''];
  const value = n / scale;
  return `${Number(value.toPrecision(value < 10 ? 2 : 3))}${unit ? ` ${unit}` : ''}`;
}
