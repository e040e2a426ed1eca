// Public types shared by the main thread and the worker. No DOM- or worker-only names
// here: both sides compile against this file.

/** An execution backend that actually runs the model. */
export type BackendName = 'webgpu' | 'wasm';

/** What the app asks for: 'auto' picks WebGPU only on a real (non-fallback) adapter. */
export type BackendRequest = 'auto' | BackendName;

/** One Squeeze-and-Excitation block whose gate the model exports as an output. */
export interface AttentionBlock {
  /** Block name; also the key in `Prediction.attention`. */
  name: string;
  /** Name of the model output holding the block's gate, shape [N, channels]. */
  output: string;
  /** Number of channels, i.e. the length of the block's attention vector. */
  channels: number;
  /** Width of the block's bottleneck (channels / reduction, at least 2), when known. */
  hidden?: number;
  /** The block's reduction ratio r (the bottleneck is channels / r wide), when known. */
  reduction?: number;
  /** Where the block sits in the network, in words. */
  position: string;
  /**
   * The maps the gate scales, for one input: [channels, height, width] (height and width 1
   * where the block gates a vector). Written by the export tool; needed by `inspect`.
   */
  map?: [number, number, number];
}

/** Reference outputs for a few inputs, used to check a GPU backend before it serves. */
export interface ModelProbe {
  tolerance: number;
  /** The probe inputs' true classes, when they come from a data set. */
  labels?: number[];
  inputs: number[][];
  logits: number[][];
  attention: Record<string, number[][]>;
}

/**
 * How the worker turns an image into the model's input tensor. The manifest names it; the
 * worker refuses at load a manifest whose preprocessing it does not know, or that cannot
 * give the model's input (its shape, its range).
 * - `mnist-digit`: the way the MNIST digits were made (grayscale, white ink on black,
 *   cropped to the ink, fitted into 20x20, centred by mass in 28x28). Needs [N, 1, 28, 28].
 * - `fit`: the whole picture, grey (`color: 'grayscale'`, the default, 1 channel) or RGB (3
 *   channels), inverted if `invert`, resized to fit the input's height x width keeping its
 *   aspect ratio (area averaging), centred, the rest filled with `pad` (default 0). No
 *   cropping, no centring by mass. Transparent pixels count as white.
 *
 * Either gives values in [0, 1]; with `mean` and `std` (one each per channel) each value v
 * becomes (v - mean) / std, and `input.range` must be what that makes of [0, 1].
 */
export type Preprocessing =
  | ({ type: 'mnist-digit' } & Normalization)
  | ({ type: 'fit'; color?: 'grayscale' | 'rgb'; invert?: boolean; pad?: number } & Normalization);

/** Per-channel normalisation after a preprocessing: (v - mean[c]) / std[c]. */
export interface Normalization {
  mean?: number[];
  std?: number[];
}

/** The model's one input: its geometry, value range and the preprocessing images need. */
export interface ModelInput {
  /** Name of the ONNX input. */
  name: string;
  /** [N, channels, height, width]; N (the batch) is dynamic: a name such as "N". */
  shape: [string | number, number, number, number];
  dtype: 'float32';
  /** The smallest and largest value an input may hold; `classify(Float32Array)` checks it. */
  range: [number, number];
  preprocessing: Preprocessing;
  /** The input convention, in words. */
  convention?: string;
}

/** The model manifest (se-lenet-mnist.manifest.json): the model's whole description. */
export interface ModelManifest {
  name: string;
  version: string;
  task?: string;
  model: {
    /** URL of the .onnx file, relative to the manifest. */
    url: string;
    /** Hex SHA-256 of the .onnx bytes: the bytes are rejected unless they match. */
    sha256: string;
    bytes: number;
    format: 'onnx';
    opset?: number;
    /** Parameters of the exported graph. */
    parameters?: number;
    /**
     * Multiply-accumulates per input (convolutions, fully connected layers and each SE
     * block's scaling), as models/export.py counts them: what `backend: 'auto'` weighs.
     */
    macs?: number;
  };
  /**
   * The model's inspection graph (the export tool writes it beside the .onnx): the same
   * network with the inside of every SE block as outputs and an input per block that
   * overrides its gates. Fetched, verified and cached only on the first `inspect` or
   * `channelEffects`. Without it, those reject with an UnsupportedError.
   */
  inspection?: {
    /** URL of the inspection .onnx, relative to the manifest. */
    url: string;
    sha256: string;
    bytes: number;
  };
  input: ModelInput;
  outputs: { logits: { name: string; shape?: (number | string)[] } };
  labels: string[];
  attention: AttentionBlock[];
  /** Measured figures (e.g. accuracy on a test set), as the model's authors state them. */
  metrics?: Record<string, unknown>;
  probe?: ModelProbe;
}

/** Loading phases reported through `onProgress`, in order. */
export type LoadPhase = 'manifest' | 'download' | 'cache' | 'compile' | 'ready';

export interface LoadProgress {
  phase: LoadPhase;
  /** Bytes (download, cache) or steps done so far. */
  loaded: number;
  /** Bytes or steps expected; 0 when unknown. */
  total: number;
  /** Which file the event is about: 'model' or 'runtime'. */
  file?: 'model' | 'runtime';
  /** Set when something degraded without failing (e.g. IndexedDB unavailable). */
  warning?: string;
}

/**
 * Where one load spent its time, step by step, in ms, measured in the worker. Steps that do
 * not wait for each other run at the same time: the runtime's .wasm is read and verified while
 * the manifest is checked and the model is read, downloaded and verified. So the steps add up
 * to more than `loadMs`; `files` is the span of the six file steps. A step that did not happen
 * on this load (a download when both files came from the cache) is 0.
 */
export interface LoadTimings {
  /** From the worker's creation to the load request: fetching, parsing and starting its script. */
  workerStart: number;
  /** Opening the IndexedDB cache (0 with `cache: false`). */
  cacheOpen: number;
  /** Getting and checking the manifest (the bundled model's is in the worker). */
  manifest: number;
  /** Choosing the backend (asking for a WebGPU adapter). */
  backend: number;
  /** Getting the model and the runtime's .wasm, verified: the span of the six below. */
  files: number;
  modelRead: number;
  modelHash: number;
  modelDownload: number;
  runtimeRead: number;
  runtimeHash: number;
  runtimeDownload: number;
  /**
   * Starting onnxruntime-web once its .wasm is verified (instantiating the module compiled
   * while it was hashed, starting its threads) and creating the model's session.
   */
  session: number;
  /** The first run, which allocates (on WebGPU: the self-check). */
  firstRun: number;
}

/**
 * What a load found out, as the worker fills it in: the classifier's read-only fields of
 * the same names.
 */
export interface LoadInfo {
  /** The model manifest: input shape and range, preprocessing, labels, attention blocks, version, sha256. */
  model: ModelManifest;
  /**
   * How many values one input holds (channels x height x width of `model.input.shape`):
   * the length `classify` takes a Float32Array of.
   */
  inputLength: number;
  /** The backend that actually runs: 'webgpu' or 'wasm'. Changes if the SDK has to fall back. */
  backend: BackendName;
  /** Why that backend runs, e.g. 'requested' or 'fallback adapter (...)'. */
  backendReason: string;
  /** Where the model bytes came from on this load. */
  modelSource: ModelSource;
  /** Where the onnxruntime-web .wasm came from on this load. */
  runtimeSource: ModelSource;
  /** WASM threads the runtime runs with: 1 unless the page is cross-origin isolated and they could start (see `warnings`). */
  threads: number;
  /** Things that degraded without failing (e.g. IndexedDB unavailable). */
  warnings: readonly string[];
  /** Time from starting the load in the worker to ready, in ms. */
  loadMs: number;
  /** Where that time went, step by step (worker start, files, runtime start, session, first run...). */
  loadTimings: LoadTimings;
}

/** Where the model bytes came from on this load. */
export type ModelSource = 'network' | 'cache';

/** One of the most probable classes. */
export interface TopClass {
  index: number;
  label: string;
  probability: number;
}

/** The result of classifying one input. */
export interface Prediction {
  /** Index of the most probable class. */
  index: number;
  /** Label of the most probable class (from the manifest). */
  label: string;
  /** Softmax probabilities, one per class, in label order. */
  probabilities: Float32Array;
  /** The `topK` most probable classes, most probable first. */
  top: TopClass[];
  /** Per-channel attention (the SE gate, each in [0, 1]) of every SE block, by block name. */
  attention: Record<string, Float32Array>;
  timings: {
    /** From the call until its batch was sent to the worker. */
    queueMs: number;
    /** Inference time of the batch this call ran in, measured in the worker. */
    inferMs: number;
    /** From the call until the promise resolved. */
    totalMs: number;
  };
}

/** A rectangle in the input image's pixels: its top-left corner, width and height. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One digit of a {@link DigitReading}. */
export interface ReadDigit {
  /** Where the digit's ink lies, in the input image's pixels. */
  box: Box;
  /** The digit alone, as `classify` of it would give: label, probabilities, top, attention. */
  prediction: Prediction;
}

/** What `readDigits` read: the digits of one handwritten line, left to right. */
export interface DigitReading {
  /**
   * The digits left to right. A gap wider than about one digit becomes one space ("12 34");
   * a digit whose top-1 probability is below `minProbability` shows as `?`.
   */
  text: string;
  /** Every digit found, left to right, with its box and prediction. */
  digits: ReadDigit[];
  /** The lowest top-1 probability among the digits. */
  confidence: number;
  timings: {
    /** From the call until its batch was sent to the worker. */
    queueMs: number;
    /** In the worker: decoding the image, finding, cutting and preprocessing the digits. */
    prepareMs: number;
    /** Inference time of the batch this call ran in (all its digits at once), in the worker. */
    inferMs: number;
    /** From the call until the promise resolved. */
    totalMs: number;
  };
}

/**
 * Gate values to impose, by block name, then by channel index: `{ se2: { 5: 0 } }` switches
 * channel 5 of se2 off (0), 1 passes a channel untouched, any value in [0, 1] scales it.
 */
export type GateSettings = Record<string, Record<number, number>>;

/** The inside of one SE block for one input: squeeze, excitation and scale. */
export interface BlockInspection {
  /** The block's name, as in the manifest and `Prediction.attention`. */
  name: string;
  /** [channels, height, width] of `maps` and `scaled`. */
  shape: [number, number, number];
  /** U: the maps the gate acts on, channel after channel, each row by row (C x H x W values). */
  maps: Float32Array;
  /** z: each channel's map averaged to one number (C values). */
  squeeze: Float32Array;
  /** s: the gate the block computed from z, before any intervention (C values in [0, 1]). */
  gate: Float32Array;
  /** The gate that scaled the maps: `gate` with the interventions of the call imposed. */
  applied: Float32Array;
  /** applied x U: the maps the rest of the network sees (C x H x W values). */
  scaled: Float32Array;
}

/** What `inspect` returns: the prediction, and the inside of every SE block. */
export interface Inspection {
  /**
   * The prediction of the model as run (under the call's interventions, if any). Its
   * `attention` holds the gates that were applied.
   */
  prediction: Prediction;
  /** The model's logits, one per class (the prediction's probabilities are their softmax). */
  logits: Float32Array;
  /** Every SE block, in the order the network runs them. */
  blocks: BlockInspection[];
  /**
   * What ran the inspection graph: the classifier's backend, or 'wasm' where its WebGPU
   * session did not reproduce the manifest's probe.
   */
  backend: BackendName;
  /** The call's timings (the prediction's, the same object). */
  timings: Prediction['timings'];
}

/** What switching one channel off did to the predicted class. */
export interface ChannelEffect {
  block: string;
  channel: number;
  /** The predicted class's probability with this channel's gate set to 0. */
  probability: number;
  /** Its change from the model's own prediction (negative: the channel supported the class). */
  probabilityChange: number;
  /** The predicted class's logit with the channel off. */
  logit: number;
  logitChange: number;
  /** The class the model predicts with the channel off. */
  label: string;
}

/** What `channelEffects` returns. */
export interface ChannelEffects {
  /** The model's own prediction (no intervention): its class is the one the effects are measured on. */
  prediction: Prediction;
  /** One entry per channel asked for, the largest drop in probability first. */
  effects: ChannelEffect[];
  /** What ran the inspection graph, as in `Inspection.backend`. */
  backend: BackendName;
  /** The call's timings; `inferMs` is the one batched run of all the interventions. */
  timings: Prediction['timings'];
}
