// The worker's API, exposed with Comlink by worker/index.ts. Its type, WorkerApi, is the one
// contract between the main thread and the worker: src/ imports it with `import type`.
import * as Comlink from 'comlink';
import { BackendError, InputError, OptionError, serializeError, type SerializedError } from '../src/errors.js';
import type { ResolvedOptions } from '../src/options.js';
import type { BackendName, LoadProgress, ModelManifest, ModelSource, Prediction } from '../src/types.js';
import { pickBackend, type BackendChoice } from './backend.js';
import { deleteSdkDatabases, FileCache } from './file-cache.js';
import { checkLoadOptions, defaultModel } from './load-options.js';
import { decodeToPixels } from './image-pixels.js';
import { loadManifest } from './manifest.js';
import { ModelSession } from './model-session.js';
import { loadOrt, type Ort } from './ort-runtime.js';
import { mnistFromRgba, PIXELS } from './preprocess.js';
import { loadVerifiedFile, type LoadContext } from './verified-file.js';
import type { GpuDevice } from './webgpu-types.js';

export interface LoadResult {
  manifest: ModelManifest;
  backend: BackendName;
  backendReason: string;
  modelSource: ModelSource;
  runtimeSource: ModelSource;
  warnings: string[];
  loadMs: number;
  /** The checked batch bound, for the main thread's batcher. */
  maxBatch: number;
}

/** An image still to be decoded and preprocessed here, and the batch slot it fills. */
export interface ImageItem {
  slot: number;
  source: ImageBitmap | Blob;
}

export interface RunRequest {
  /** count * 784 floats; slots of image items are filled here. Transferred. */
  tensor: Float32Array;
  images: ImageItem[];
  /** Per slot: how many top classes the call asked for. */
  topK: number[];
}

/** A prediction as the worker builds it; the main thread adds the timings it measures. */
export type PredictionCore = Omit<Prediction, 'timings'>;

export interface RunResult {
  /**
   * Per slot: its prediction, or the error of its input. The predictions' arrays are views
   * into one probabilities buffer and one buffer per attention block, all transferred.
   */
  slots: ({ prediction: PredictionCore } | { error: SerializedError })[];
  inferMs: number;
  backend: BackendName;
  backendReason: string;
}

interface SlotError {
  slot: number;
  error: SerializedError;
}

interface Loaded {
  ort: Ort;
  session: ModelSession;
  manifest: ModelManifest;
  model: Uint8Array;
  choice: BackendChoice;
}

let loaded: Loaded | null = null;
/** A session being rebuilt on WASM after the GPU device was lost. */
let recovering: Promise<void> | null = null;

const api = {
  async load(requested: ResolvedOptions, onProgress?: (event: LoadProgress) => void): Promise<LoadResult> {
    const started = performance.now();
    const options = checkLoadOptions(requested);
    const warnings: string[] = [];
    const progress = (event: LoadProgress) => void onProgress?.(event);
    const warn = (warning: string) => {
      warnings.push(warning);
      progress({ phase: 'cache', loaded: 0, total: 0, warning });
    };
    try {
      let cache: FileCache | null = null;
      if (options.cacheName !== false) {
        const opened = await FileCache.open(options.cacheName);
        if (opened instanceof FileCache) cache = opened;
        else warn(`${opened.unavailable}; the model is loaded from the network each time`);
      }
      const context: LoadContext = { cache, timeoutMs: options.loadTimeoutMs, progress, warn };

      progress({ phase: 'manifest', loaded: 0, total: 1 });
      const { manifest } = await loadManifest(options.manifestUrl, cache, options.loadTimeoutMs, warn);
      progress({ phase: 'manifest', loaded: 1, total: 1 });

      const choice = await pickBackend(options.backend);
      const modelUrl = (options.manifestUrl === defaultModel.manifest.href ? defaultModel.onnx : new URL(manifest.model.url, options.manifestUrl)).href;
      const [model, runtime] = await Promise.all([
        loadVerifiedFile({ ...manifest.model, kind: 'model', family: manifest.name, url: modelUrl }, context),
        loadOrt(choice.backend, options, context),
      ]);

      progress({ phase: 'compile', loaded: 0, total: 1 });
      const session = await createTrustedSession(runtime.ort, model.bytes, manifest, choice);
      progress({ phase: 'compile', loaded: 1, total: 1 });
      loaded = { ort: runtime.ort, session, manifest, model: model.bytes, choice };
      watchDevice(loaded);
      // Awaited: progress events travel on their own channel, so without this one the app
      // could see 'ready' (and earlier events) after createClassifier has resolved.
      await onProgress?.({ phase: 'ready', loaded: 1, total: 1 });
      return {
        manifest,
        backend: choice.backend,
        backendReason: choice.reason,
        modelSource: model.source,
        runtimeSource: runtime.source,
        warnings,
        loadMs: performance.now() - started,
        maxBatch: options.maxBatch,
      };
    } finally {
      (onProgress as Partial<Comlink.Remote<unknown>> | undefined)?.[Comlink.releaseProxy]?.();
    }
  },

  async run(request: RunRequest): Promise<RunResult> {
    if (recovering) await recovering;
    const state = loaded;
    if (!state) throw new BackendError('The model is not loaded');
    const { tensor, topK } = request;
    const count = topK.length;
    const errors: SlotError[] = [];
    await Promise.all(
      request.images.map(async ({ slot, source }) => {
        try {
          tensor.set(await preprocessImage(source), slot * PIXELS);
        } catch (error) {
          errors.push({ slot, error: serializeError(error) });
        }
      }),
    );
    checkValues(tensor, count, errors);
    checkTopK(topK, state.manifest.labels.length, errors);
    const started = performance.now();
    const out = await runSurvivingDeviceLoss(state, tensor, count);
    const inferMs = performance.now() - started;
    const probabilities = softmaxRows(out.logits, count);
    const failed = new Map(errors.map(({ slot, error }) => [slot, error]));
    const result: RunResult = {
      slots: topK.map((k, slot) => {
        const error = failed.get(slot);
        return error ? { error } : { prediction: predictionAt(state.manifest, probabilities, out.attention, slot, k) };
      }),
      inferMs,
      backend: state.choice.backend,
      backendReason: state.choice.reason,
    };
    const buffers = [probabilities.buffer, ...Object.values(out.attention).map((a) => a.buffer)];
    return Comlink.transfer(result, buffers);
  },

  /** The 784 floats the model sees for an image (MNIST-style preprocessing). Transferred. */
  async preprocess(source: ImageBitmap | Blob): Promise<Float32Array> {
    const input = await preprocessImage(source);
    return Comlink.transfer(input, [input.buffer]);
  },

  /** Deletes the SDK's cache databases (see src/clear-cache.ts). */
  clearCache: deleteSdkDatabases,

  async dispose(): Promise<void> {
    const state = loaded;
    loaded = null;
    await state?.session.release();
  },
};

export type WorkerApi = typeof api;
export { api };

async function preprocessImage(source: ImageBitmap | Blob): Promise<Float32Array> {
  if (!(source instanceof Blob) && !(typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap)) {
    throw new InputError('preprocess takes an image (ImageData, ImageBitmap, a canvas, an <img> or a Blob)');
  }
  const { data, width, height } = await decodeToPixels(source);
  return mnistFromRgba(data, width, height);
}

/**
 * A session on the chosen backend; a WebGPU one must first reproduce the manifest's probe
 * outputs. If it cannot be created or fails the probe, the model runs on WASM instead and
 * `choice.reason` says why. The first run is also the warm-up.
 */
async function createTrustedSession(
  ort: Ort,
  model: Uint8Array,
  manifest: ModelManifest,
  choice: BackendChoice,
): Promise<ModelSession> {
  if (choice.backend === 'webgpu') {
    try {
      if (choice.adapter) ort.env.webgpu.adapter = choice.adapter as never;
      const session = await ModelSession.create(ort, model, manifest, 'webgpu');
      if (!manifest.probe) return session;
      const { error, output } = await session.probeError(manifest.probe);
      if (error <= manifest.probe.tolerance) return session;
      await session.release();
      fallBackToWasm(choice, `WebGPU self-check failed: ${output} differs from the reference by ${error.toPrecision(3)} (tolerance ${manifest.probe.tolerance})`);
    } catch (error) {
      fallBackToWasm(choice, `WebGPU session creation failed (${(error as Error).message})`);
    }
  }
  const session = await ModelSession.create(ort, model, manifest, 'wasm');
  if (manifest.probe) await session.probeError(manifest.probe); // warm-up: first run allocates
  return session;
}

function fallBackToWasm(choice: BackendChoice, why: string) {
  choice.backend = 'wasm';
  choice.reason = `${why}; running on WASM`;
  delete choice.adapter;
}

/** Rejects when the GPU device of a WebGPU session is lost; never settles otherwise. */
let deviceLost: Promise<never> = new Promise(() => undefined);

/**
 * If the GPU device is lost, rebuild the session on WASM and say so in the reason. A run
 * that was on the GPU then may never settle, so runs race the loss and are redone on WASM.
 */
function watchDevice(state: Loaded) {
  if (state.choice.backend !== 'webgpu') return;
  // ORT types this as a promise; some versions hand back the device itself.
  deviceLost = Promise.resolve(state.ort.env.webgpu.device as unknown as GpuDevice | Promise<GpuDevice>)
    .then((device) => device.lost)
    .then((info) => {
      if (loaded === state) {
        recovering = (async () => {
          fallBackToWasm(state.choice, `WebGPU device lost (${info.message || info.reason})`);
          state.session = await ModelSession.create(state.ort, state.model, state.manifest, 'wasm');
        })().finally(() => {
          recovering = null;
        });
      }
      throw new BackendError('WebGPU device lost');
    });
  deviceLost.catch(() => undefined);
  // What ORT still had queued on the dead device rejects with nobody listening: expected noise.
  self.addEventListener('unhandledrejection', (event) => {
    if (state.choice.backend === 'wasm' && /device|GPU/i.test(String(event.reason))) event.preventDefault();
  });
}

async function runSurvivingDeviceLoss(state: Loaded, tensor: Float32Array, count: number) {
  if (state.choice.backend !== 'webgpu') return state.session.run(tensor, count);
  try {
    return await Promise.race([state.session.run(tensor, count), deviceLost]);
  } catch (error) {
    if (state.choice.backend === 'webgpu') throw error; // a GPU error, not a lost device
    await recovering;
    return state.session.run(tensor, count);
  }
}

/** topK comes with each call; checked here to keep the main-thread bundle small. */
function checkTopK(topK: number[], classes: number, errors: SlotError[]) {
  topK.forEach((k, slot) => {
    if (!Number.isInteger(k) || k < 1 || k > classes) {
      errors.push({ slot, error: serializeError(new OptionError(`topK must be an integer from 1 to ${classes}; got ${k}`)) });
    }
  });
}

/**
 * Inputs must be finite and in [0, 1] (MNIST convention). Checked here, not on the main
 * thread: the same loop costs the page nothing. A bad slot is zeroed and reported alone.
 */
function checkValues(tensor: Float32Array, count: number, errors: SlotError[]) {
  for (let slot = 0; slot < count; slot++) {
    const offset = slot * PIXELS;
    for (let i = 0; i < PIXELS; i++) {
      const v = tensor[offset + i]!;
      if (v >= 0 && v <= 1) continue;
      const what = Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? `${v}, outside [0, 1]` : String(v);
      errors.push({ slot, error: serializeError(new InputError(`value ${i} is ${what}; expected values in [0, 1] (MNIST convention)`)) });
      tensor.fill(0, offset, offset + PIXELS);
      break;
    }
  }
}

/** One slot's prediction: views into the batch's buffers (no copies), the top classes sorted. */
function predictionAt(
  { labels, attention: blocks }: ModelManifest,
  all: Float32Array,
  attentionOut: Record<string, Float32Array>,
  slot: number,
  topK: number,
): PredictionCore {
  const classes = labels.length;
  const probabilities = all.subarray(slot * classes, (slot + 1) * classes);
  const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b]! - probabilities[a]!);
  const attention: Record<string, Float32Array> = {};
  for (const { name, channels } of blocks) attention[name] = attentionOut[name]!.subarray(slot * channels, (slot + 1) * channels);
  return {
    index: order[0]!,
    label: labels[order[0]!]!,
    probabilities,
    top: order.slice(0, topK).map((index) => ({ index, label: labels[index]!, probability: probabilities[index]! })),
    attention,
  };
}

function softmaxRows(logits: Float32Array, count: number): Float32Array {
  const classes = logits.length / count;
  const out = new Float32Array(logits.length);
  for (let r = 0; r < count; r++) {
    const o = r * classes;
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[o + c]!);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += out[o + c] = Math.exp(logits[o + c]! - max);
    for (let c = 0; c < classes; c++) out[o + c]! /= sum;
  }
  return out;
}
