// The worker's engine: one loaded model and everything that serves it. It owns the session,
// the backend in use and the recovery when a WebGPU device is lost; worker/api.ts is only
// the Comlink adapter in front of it. An engine lives from load to dispose; a new load
// makes a new engine.
import { BackendError, InputError, serializeError } from '../contract/errors.js';
import type { BackendName, LoadProgress, LoadTimings, ModelManifest, ModelSource } from '../contract/types.js';
import type { RunRequest, RunResult, SlotResult } from '../contract/worker-api.js';
import { pickBackend, wasmFallback, type BackendChoice } from './backend.js';
import { FileCache } from './file-cache.js';
import { bundledModel } from './bundled-model.js';
import { runtimeProblem, threadsProblem } from './capabilities.js';
import { checkManifest } from './check-manifest.js';
import { decodeToPixels, isImage } from './image-pixels.js';
import { checkSlotValues, readOptions, topKProblem } from './input-values.js';
import type { LoadOptions } from './load-options.js';
import { loadManifest } from './manifest.js';
import { ModelSession, type RawOutputs } from './model-session.js';
import { loadRuntimeBinary, type BundledRuntime, type Ort } from './ort-runtime.js';
import { predictionAt, softmaxRows } from './predictions.js';
import { preprocessorFor, type Preprocessor } from './preprocessing/index.js';
import { chooseReading, planReading, readingOf, type ReadingPlan } from './reading/index.js';
import { startRuntime, type RuntimeStart } from './runtime-start.js';
import { createTrustedSession } from './trusted-session.js';
import { loadVerifiedFile, type LoadContext } from './verified-file.js';
import type { GpuDevice } from './webgpu-types.js';

/** What a load found out besides the engine itself. */
export interface LoadReport {
  modelSource: ModelSource;
  runtimeSource: ModelSource;
  /** WASM threads the runtime runs with. */
  threads: number;
  warnings: string[];
  timings: LoadTimings;
}

/** The value of a check that returns either it or an Error, thrown. */
function checked<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

/** A promise that never settles: what a run races when no GPU device can be lost. */
const never = () => new Promise<never>(() => undefined);

export class Engine {
  readonly manifest: ModelManifest;
  /** Values in one input: channels x height x width of the manifest's input shape. */
  readonly inputLength: number;
  readonly #ort: Ort;
  readonly #model: Uint8Array;
  readonly #preprocessor: Preprocessor;
  #session: ModelSession;
  #choice: BackendChoice;
  /** The session being rebuilt on WASM after the GPU device was lost. */
  #recovering: Promise<void> | null = null;
  /** Rejects when the GPU device of a WebGPU session is lost. */
  #deviceLost: Promise<never> = never();
  #deviceWasLost = false;
  #disposed = false;

  private constructor(ort: Ort, model: Uint8Array, manifest: ModelManifest, inputLength: number, session: ModelSession, choice: BackendChoice) {
    this.#ort = ort;
    this.#model = model;
    this.manifest = manifest;
    this.inputLength = inputLength;
    // checkManifest accepted the manifest only if its preprocessing can serve the input.
    this.#preprocessor = preprocessorFor(manifest.input);
    this.#session = session;
    this.#choice = choice;
    if (choice.backend === 'webgpu') this.#watchDevice();
  }

  /**
   * Loads a model: manifest (checked: can this worker serve it?), backend choice, model and
   * runtime bytes (cache or network, verified), then a trusted, warmed-up session.
   */
  static async load(
    runtime: BundledRuntime,
    options: LoadOptions,
    progress: (event: LoadProgress) => void,
    scope: RuntimeStart['scope'],
  ): Promise<{ engine: Engine; report: LoadReport } | { switchTo: BackendName }> {
    const missing = runtimeProblem();
    if (missing) throw new BackendError(`onnxruntime-web cannot run: ${missing}`);
    // The worker's clock starts at its creation: now is when its script has loaded and run.
    let mark = performance.now();
    const timings: Partial<LoadTimings> = { workerStart: mark };
    const lap = (phase: 'manifest' | 'backend' | 'files' | 'session') => {
      const now = performance.now();
      timings[phase] = now - mark;
      mark = now;
    };
    const warnings: string[] = [];
    const warn = (warning: string) => {
      warnings.push(warning);
      progress({ phase: 'cache', loaded: 0, total: 0, warning });
    };
    let cache: FileCache | null = null;
    if (options.cacheName !== false) {
      const opened = await FileCache.open(options.cacheName);
      if (opened instanceof FileCache) cache = opened;
      else warn(`${opened.unavailable}; the model is loaded from the network each time`);
    }
    const context: LoadContext = { cache, timeoutMs: options.loadTimeoutMs, progress, warn, timings };

    progress({ phase: 'manifest', loaded: 0, total: 1 });
    const { manifestUrl } = options;
    const { manifest, inputLength } = manifestUrl
      ? await loadManifest(manifestUrl, cache, options.loadTimeoutMs, warn)
      : checkManifest(bundledModel.manifest, 'the bundled model');
    progress({ phase: 'manifest', loaded: 1, total: 1 });
    lap('manifest');

    let requested = await pickBackend(options.backend);
    if (!runtime.backends.includes(requested.backend)) {
      // This worker file holds the CPU-only runtime; the page can load the one with WebGPU.
      if (options.canSwitchWorker) return { switchTo: requested.backend };
      requested = wasmFallback(`${requested.reason}, but this worker holds onnxruntime-web's CPU-only build (worker-webgpu.js runs WebGPU)`);
    }
    lap('backend');
    const modelUrl = manifestUrl ? new URL(manifest.model.url, manifestUrl) : bundledModel.onnx();
    const [model, binary] = await Promise.all([
      loadVerifiedFile({ ...manifest.model, kind: 'model', family: manifest.name, url: modelUrl.href }, context),
      loadRuntimeBinary(runtime, options.wasmPaths, context),
    ]);
    lap('files');

    progress({ phase: 'compile', loaded: 0, total: 1 });
    let { numThreads } = options;
    const noThreads = numThreads > 1 ? threadsProblem() : undefined;
    if (noThreads) {
      warn(`WASM runs on one thread, not the ${numThreads} asked for: ${noThreads}`);
      numThreads = 1;
    }
    const start: RuntimeStart = { ort: runtime.ort, binary: binary.bytes, numThreads, limitMs: options.loadTimeoutMs, scope };
    const { session, choice, firstRunMs } = await startRuntime(start, (ort) => createTrustedSession(ort, model.bytes, manifest, requested));
    lap('session');
    progress({ phase: 'compile', loaded: 1, total: 1 });
    const phases = ['modelRead', 'modelHash', 'modelDownload', 'runtimeRead', 'runtimeHash', 'runtimeDownload'] as const;
    for (const phase of phases) timings[phase] ??= 0;
    return {
      engine: new Engine(runtime.ort, model.bytes, manifest, inputLength, session, choice),
      report: {
        modelSource: model.source,
        runtimeSource: binary.source,
        // ORT itself drops to one thread where threads cannot run (no cross-origin isolation).
        threads: runtime.ort.env.wasm.numThreads ?? 1,
        warnings,
        // The first run happened inside the session's creation: counted apart.
        timings: { ...timings, session: timings.session! - firstRunMs, firstRun: firstRunMs } as LoadTimings,
      },
    };
  }

  /** The backend that runs now, and why. */
  get backend(): BackendChoice {
    return this.#choice;
  }

  /**
   * Runs one batch: images are decoded and preprocessed into their slots, values and topK
   * checked; a slot that fails gets its own error and the others still run. The image of a
   * readDigits slot is read as a line of digits, and each digit it holds joins the batch.
   * Returns the result and the buffers to transfer with it.
   */
  async run({ tensor, images, topK, read }: RunRequest): Promise<{ result: RunResult; buffers: ArrayBuffer[] }> {
    if (this.#recovering) await this.#recovering;
    const count = topK.length;
    const length = this.inputLength;
    const slotErrors = new Map<number, unknown>();
    const readings = new Map<number, { plan: ReadingPlan; minProbability: number; prepareMs: number; row: number }>();
    await Promise.all(
      images.map(async ({ slot, source }) => {
        try {
          if (read[slot]) {
            const started = performance.now();
            const { maxDigits, minProbability } = checked(readOptions(read[slot]!));
            const plan = await this.#planReading(source, maxDigits);
            readings.set(slot, { plan, minProbability, prepareMs: performance.now() - started, row: 0 });
          } else {
            tensor.set(await this.preprocess(source), slot * length);
          }
        } catch (error) {
          slotErrors.set(slot, error);
        }
      }),
    );
    read.forEach((options, slot) => {
      if (options && !readings.has(slot) && !slotErrors.has(slot)) slotErrors.set(slot, new InputError('readDigits takes an image (ImageData, ImageBitmap, a canvas, an <img> or a Blob), not model input values'));
    });
    // Image slots were made by the preprocessing, in range by construction: only the app's tensors are checked.
    const valueErrors = checkSlotValues(tensor, count, length, this.manifest.input.range);
    // The digits of each reading run in the same batch, in rows after the calls' own.
    let rows = count;
    for (const reading of readings.values()) (reading.row = rows), (rows += reading.plan.glyphs.length);
    let input = tensor;
    if (rows > count) {
      input = new Float32Array(rows * length);
      input.set(tensor);
      for (const { plan, row } of readings.values()) input.set(plan.inputs, row * length);
    }
    const started = performance.now();
    const out = await this.#runSurvivingDeviceLoss(input, rows);
    const inferMs = performance.now() - started;
    const probabilities = softmaxRows(out.logits, rows);
    const classes = this.manifest.labels.length;
    const slots = topK.map((k, slot): SlotResult => {
      const error = slotErrors.get(slot) ?? valueErrors.get(slot) ?? topKProblem(k, classes);
      if (error) return { error: serializeError(error) };
      const reading = readings.get(slot);
      if (!reading) return { result: { ...predictionAt(this.manifest, probabilities, out.attention, slot, k), timings: { inferMs } } };
      const { plan, row, minProbability, prepareMs } = reading;
      const chosen = chooseReading(plan, (r) => Math.max(...probabilities.subarray((row + r) * classes, (row + r + 1) * classes)));
      const predictions = chosen.rows.map((r) => predictionAt(this.manifest, probabilities, out.attention, row + r, k));
      return { result: readingOf(chosen, predictions, minProbability, { prepareMs, inferMs }) };
    });
    const { backend, reason: backendReason } = this.#choice;
    return {
      result: { slots, backend, backendReason },
      buffers: [probabilities.buffer as ArrayBuffer, ...Object.values(out.attention).map((a) => a.buffer as ArrayBuffer)],
    };
  }

  /** Finds the digits of a picture, for readDigits (a preprocessing that reads symbols one by one). */
  async #planReading(source: ImageBitmap | Blob, maxDigits: number): Promise<ReadingPlan> {
    return planReading(source, this.#preprocessor, this.manifest.input.preprocessing.type, maxDigits);
  }

  /** The model's input for one image, by the manifest's preprocessing. */
  async preprocess(source: ImageBitmap | Blob): Promise<Float32Array> {
    if (!isImage(source)) throw new InputError('preprocess takes an image (ImageData, ImageBitmap, a canvas, an <img> or a Blob)');
    const { data, width, height } = await decodeToPixels(source, this.#preprocessor.workingSide);
    return this.#preprocessor.fromRgba(data, width, height);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#session.release();
  }

  /**
   * Whether an unhandled rejection is what ORT still had queued on a lost GPU device:
   * expected noise once the engine runs on WASM, which the worker then silences.
   */
  isDeviceLossNoise(reason: unknown): boolean {
    return this.#deviceWasLost && /device|GPU/i.test(String(reason));
  }

  /**
   * If the GPU device is lost, the session is rebuilt on WASM and the reason says so. A run
   * that was on the GPU then may never settle, so runs race the loss and are redone on WASM.
   */
  #watchDevice(): void {
    // ORT types this as a promise; some versions hand back the device itself.
    this.#deviceLost = Promise.resolve(this.#ort.env.webgpu.device as unknown as GpuDevice | Promise<GpuDevice>)
      .then((device) => device.lost)
      .then((info) => {
        this.#deviceWasLost = true;
        this.#choice = wasmFallback(`WebGPU device lost (${info.message || info.reason})`);
        if (!this.#disposed) {
          this.#recovering = (async () => {
            this.#session = await ModelSession.create(this.#ort, this.#model, this.manifest, 'wasm');
          })().finally(() => {
            this.#recovering = null;
          });
        }
        throw new BackendError('WebGPU device lost');
      });
    this.#deviceLost.catch(() => undefined);
  }

  async #runSurvivingDeviceLoss(tensor: Float32Array, count: number): Promise<RawOutputs> {
    const session = this.#session;
    if (session.backend !== 'webgpu') return session.run(tensor, count);
    try {
      return await Promise.race([session.run(tensor, count), this.#deviceLost]);
    } catch (error) {
      if (!this.#deviceWasLost) throw error; // a GPU error, not a lost device
      await this.#recovering;
      return this.#session.run(tensor, count);
    }
  }
}
