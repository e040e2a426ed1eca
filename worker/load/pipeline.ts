// The load pipeline: from a checked load request to a trusted, warmed-up session and the
// facts the page learns of it. Each step starts as soon as what it needs is there, and no
// unverified byte ever runs:
//
//   cache open ─┬─ manifest ─┬─ model: read (or, once the backend is known, download) ─ hash ───────┐
//               │            └─ backend choice ('auto': a model large enough for a GPU? an adapter?) ─┤
//               └─ runtime .wasm: read (or, once the backend is known, download) ─ hash ∥ compile ────┴─ runtime start + session ─ first run
//
// The runtime's .wasm depends only on this worker file, so it is read and verified while the
// manifest is checked and the model read; the network waits for the backend choice, since a
// load that moves to the other worker file needs neither file here. Downloaded files are stored
// in the cache while the runtime starts, and are there before the load reports ready.
import { BackendError } from '../../contract/errors.js';
import type { LoadInfo, ModelManifest } from '../../contract/types.js';
import type { WorkerSwitch } from '../../contract/worker-api.js';
import type { ModelSession } from '../model-session.js';
import { navigatorGpu } from '../webgpu-types.js';
import { pickBackend, wasmFallback, type BackendChoice } from './backend.js';
import { bundledModel } from './bundled-model.js';
import { runtimeProblem, threadsProblem } from './capabilities.js';
import { checkManifest } from './check-manifest.js';
import { FileCache } from './file-cache.js';
import { gpuWorth } from './gpu-worth.js';
import { loadManifest } from './manifest.js';
import type { LoadOptions } from './options.js';
import { loadRuntimeBinary, type BundledRuntime, type Ort } from './ort-runtime.js';
import { LoadReport } from './report.js';
import { startRuntime, type RuntimeStart } from './runtime-start.js';
import { createTrustedSession } from './trusted-session.js';
import { loadVerifiedFile, type LoadContext } from './verified-file.js';

/** What running the model needs: the started runtime, the model and its trusted session. */
export interface LoadedSession {
  ort: Ort;
  /** The verified model bytes (a session is rebuilt from them if the GPU device is lost). */
  model: Uint8Array;
  manifest: ModelManifest;
  inputLength: number;
  session: ModelSession;
  choice: BackendChoice;
  /**
   * The model's inspection graph, verified (cache or network), for the first inspect; absent
   * when the manifest has none.
   */
  inspectionFile?: () => Promise<Uint8Array>;
}

export async function loadModel(
  runtime: BundledRuntime,
  options: LoadOptions,
  scope: RuntimeStart['scope'],
  report: LoadReport,
): Promise<{ loaded: LoadedSession; info: LoadInfo } | WorkerSwitch> {
  const missing = runtimeProblem();
  if (missing) throw new BackendError(`onnxruntime-web cannot run: ${missing}`);
  report.progress({ phase: 'manifest', loaded: 0, total: 1 });
  const cache = await report.time('cacheOpen', () => openCache(options.cacheName, options.loadTimeoutMs, report));
  try {
    const result = await loadWithCache(runtime, options, scope, report, cache);
    // The load goes on in the other worker file: this worker is stopped next.
    if ('switchTo' in result) await cache?.close();
    return result;
  } catch (error) {
    // The page stops this worker on a failed load: steps still under way must not leave a
    // transaction open in the database (file-cache.ts: STORAGE_WAIT_MS).
    await cache?.close();
    throw error;
  }
}

async function loadWithCache(
  runtime: BundledRuntime,
  options: LoadOptions,
  scope: RuntimeStart['scope'],
  report: LoadReport,
  cache: FileCache | null,
): Promise<{ loaded: LoadedSession; info: LoadInfo } | WorkerSwitch> {
  const { manifestUrl } = options;
  const checking = report.time('manifest', () =>
    manifestUrl ? loadManifest(manifestUrl, cache, options.loadTimeoutMs, (warning) => report.warn(warning)) : checkManifest(bundledModel.manifest, 'the bundled model'),
  );
  // 'auto' weighs the model's size (its manifest) before it asks for any adapter.
  const choosing = checking.then(({ manifest }) => report.time('backend', () => chooseBackend(runtime, options, manifest)));
  // Settles when this worker is to run the model: never, when the load moves to the other worker file.
  const staying = choosing.then((choice) => ('switchTo' in choice ? new Promise<never>(() => undefined) : undefined));
  const context: LoadContext = { cache, timeoutMs: options.loadTimeoutMs, report, mayDownload: staying };
  // Where the load may move, the runtime of this file is not even read until it is known to stay.
  const mayMove = options.canSwitchWorker && options.backend !== 'wasm' && !runtime.backends.includes('webgpu') && !!navigatorGpu();
  const modelBytes = checking.then(({ manifest }) => {
    const url = manifestUrl ? new URL(manifest.model.url, manifestUrl) : bundledModel.onnx();
    return loadVerifiedFile({ ...manifest.model, kind: 'model', family: manifest.name, url: url.href }, context);
  });
  // IndexedDB serves one database's reads one after the other: the bundled model's few hundred
  // kilobytes, known at once, are read before the runtime's 14 MB, not behind them. A manifest
  // from the network takes longer than the runtime's read: that read starts at once.
  const runtimeWaits = mayMove ? staying : manifestUrl ? Promise.resolve() : checking.then(() => undefined, () => undefined);
  const runtimeBinary = runtimeWaits.then(() => loadRuntimeBinary(runtime, options.wasmPaths, context));
  // Each is awaited below, in the order its errors take precedence; one failing first must not
  // leave the others' rejections unhandled.
  for (const step of [choosing, runtimeBinary, modelBytes]) step.catch(() => undefined);

  const { manifest, inputLength } = await checking;
  report.progress({ phase: 'manifest', loaded: 1, total: 1 });
  const requested = await choosing;
  if ('switchTo' in requested) return requested;
  const [binary, model] = await Promise.all([runtimeBinary, modelBytes]);

  report.progress({ phase: 'compile', loaded: 0, total: 1 });
  const numThreads = threadCount(options.numThreads, report);
  const from = performance.now();
  const start: RuntimeStart = { ort: runtime.ort, binary: binary.bytes, module: await binary.module, numThreads, limitMs: options.loadTimeoutMs, scope };
  const { session, choice, firstRunMs } = await startRuntime(start, (ort) => createTrustedSession(ort, model.bytes, manifest, requested));
  const to = performance.now();
  // The first run happened inside the session's creation: counted apart.
  report.add('session', from, to - firstRunMs);
  report.add('firstRun', to - firstRunMs, to);
  // Downloaded files were stored while the runtime started; the cache holds them before ready.
  await Promise.all([binary.stored, model.stored]);
  report.progress({ phase: 'compile', loaded: 1, total: 1 });
  const { inspection } = manifest;
  // Fetched on the first inspect, not now: an app that never inspects never downloads it.
  const inspectionFile =
    inspection &&
    (() => {
      const url = manifestUrl ? new URL(inspection.url, manifestUrl) : bundledModel.inspection();
      const file = { ...inspection, kind: 'model' as const, family: `${manifest.name}.inspection`, url: url.href };
      // A report of its own: the load's progress callback (the page's, through a Comlink proxy)
      // is released once the load has returned, long before a first inspect.
      const quiet = new LoadReport(() => undefined);
      return loadVerifiedFile(file, { cache, timeoutMs: options.loadTimeoutMs, report: quiet }).then((verified) => verified.bytes);
    });
  return {
    loaded: { ort: runtime.ort, model: model.bytes, manifest, inputLength, session, choice, inspectionFile },
    info: {
      model: manifest,
      inputLength,
      backend: choice.backend,
      backendReason: choice.reason,
      modelSource: model.source,
      runtimeSource: binary.source,
      // ORT itself drops to one thread where threads cannot run (no cross-origin isolation).
      threads: runtime.ort.env.wasm.numThreads ?? 1,
      warnings: report.warnings,
      loadMs: performance.now() - report.started,
      loadTimings: report.timings(),
    },
  };
}

/** The SDK's cache, or null: with `cache: false`, or when IndexedDB cannot be used (a warning). */
async function openCache(name: string | false, waitMs: number, report: LoadReport): Promise<FileCache | null> {
  if (name === false) return null;
  const opened = await FileCache.open(name, waitMs);
  if (opened instanceof FileCache) return opened;
  report.warn(`${opened.unavailable}; the model is loaded from the network each time`);
  return null;
}

/** The backend to run here, or the other worker file that can run the one chosen. */
async function chooseBackend(runtime: BundledRuntime, options: LoadOptions, manifest: ModelManifest): Promise<BackendChoice | WorkerSwitch> {
  const worth = options.backend === 'auto' ? gpuWorth(manifest, options.expectedBatch) : undefined;
  const requested = await pickBackend(options.backend, worth);
  if (runtime.backends.includes(requested.backend)) return requested;
  // This worker file holds the CPU-only runtime; the page can load the one with WebGPU.
  if (options.canSwitchWorker) return { switchTo: requested.backend };
  return wasmFallback(`${requested.reason}, but this worker holds onnxruntime-web's CPU-only build (worker-webgpu.js runs WebGPU)`);
}

/** The WASM threads to start: one, with a warning, where threads cannot run. */
function threadCount(asked: number, report: LoadReport): number {
  const problem = asked > 1 ? threadsProblem() : undefined;
  if (!problem) return asked;
  report.warn(`WASM runs on one thread, not the ${asked} asked for: ${problem}`);
  return 1;
}
