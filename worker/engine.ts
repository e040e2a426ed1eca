// The worker's engine: one loaded model and everything that serves it. It owns the session,
// the backend in use and the recovery when a WebGPU device is lost; the load pipeline
// (load/) makes it, and worker/api.ts is only the Comlink adapter in front of it. An engine
// lives from load to dispose; a new load makes a new engine.
import { BackendError, InputError, serializeError } from '../contract/errors.js';
import type { ModelManifest } from '../contract/types.js';
import type { ChannelEffectsCore, EffectsSlot, InspectionCore, InspectSlot, ReadSlot, RunRequest, RunResult, SlotRequest, SlotResult } from '../contract/worker-api.js';
import { decodeToPixels, isImage } from './image-pixels.js';
import { InspectionSession } from './inspection/inspection-session.js';
import { Inspector, type Served } from './inspection/inspector.js';
import { checkSlotValues, readOptions, topKProblem, valueProblem } from './input-values.js';
import { wasmFallback, type BackendChoice } from './load/backend.js';
import { abandonTurns } from './run-in-turn.js';
import type { LoadedSession } from './load/pipeline.js';
import type { Ort } from './load/ort-runtime.js';
import { ModelSession, type RawOutputs } from './model-session.js';
import { predictionAt, softmaxRows } from './predictions.js';
import { preprocessorFor, type Preprocessor } from './preprocessing/index.js';
import { chooseReading, planReading, readingOf, type ReadingPlan } from './reading/index.js';
import type { GpuDevice } from './webgpu-types.js';

/** The value of a check that returns either it or an Error, thrown. */
function checked<T>(value: T | Error): T {
  if (value instanceof Error) throw value;
  return value;
}

/** A promise that never settles: what a run races when no GPU device can be lost. */
const never = () => new Promise<never>(() => undefined);

/** A readDigits slot once its picture is read: the digits to run, and where their rows start. */
interface PlannedReading {
  plan: ReadingPlan;
  minProbability: number;
  prepareMs: number;
  /** The batch row of the plan's first glyph. */
  row: number;
}

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
  readonly #inspector: Inspector;

  constructor({ ort, model, manifest, inputLength, session, choice, inspectionFile }: LoadedSession) {
    this.#ort = ort;
    this.#model = model;
    this.manifest = manifest;
    this.inputLength = inputLength;
    // checkManifest accepted the manifest only if its preprocessing can serve the input.
    this.#preprocessor = preprocessorFor(manifest.input);
    this.#session = session;
    this.#choice = choice;
    if (choice.backend === 'webgpu') this.#watchDevice();
    // The inspection graph runs where the model runs (WASM after a lost GPU device).
    this.#inspector = new Inspector(manifest, async () => InspectionSession.create(ort, await inspectionFile!(), manifest, this.#session.backend));
  }

  /** The backend that runs now, and why. */
  get backend(): BackendChoice {
    return this.#choice;
  }

  /**
   * Runs one batch, one result per slot request: images are decoded and preprocessed into
   * their rows, values and topK checked; a slot that fails gets its own error and the others
   * still run. The picture of a read slot is read as a line of digits, and each digit it
   * holds joins the batch, in rows after the slots' own. Returns the result and the buffers
   * to transfer with it.
   */
  async run(request: RunRequest): Promise<{ result: RunResult; buffers: ArrayBuffer[] }> {
    if (this.#recovering) await this.#recovering;
    const inspecting = (slot: SlotRequest): slot is InspectSlot | EffectsSlot => slot.kind === 'inspect' || slot.kind === 'effects';
    if (!request.slots.some(inspecting)) return this.#runBatch(request);
    // inspect and channelEffects calls run alone, through the inspection graph; the batch's
    // other calls run together as usual, from a tensor of their own rows.
    const length = this.inputLength;
    const rest = request.slots.flatMap((slot, i) => (inspecting(slot) ? [] : [i]));
    const tensor = new Float32Array(rest.length * length);
    rest.forEach((from, to) => tensor.set(request.tensor.subarray(from * length, (from + 1) * length), to * length));
    const batch = rest.length > 0 ? await this.#runBatch({ tensor, slots: rest.map((i) => request.slots[i]!) }) : undefined;
    const results: SlotResult[] = [];
    const buffers = new Set(batch?.buffers);
    rest.forEach((from, to) => (results[from] = batch!.result.slots[to]!));
    for (const [i, slot] of request.slots.entries()) {
      if (!inspecting(slot)) continue;
      try {
        const served = await this.#inspect(slot);
        results[i] = { result: served.result };
        for (const buffer of served.buffers) buffers.add(buffer);
      } catch (error) {
        results[i] = { error: serializeError(error) };
      }
    }
    const { backend, reason: backendReason } = this.#choice;
    return { result: { slots: results, backend, backendReason }, buffers: [...buffers] };
  }

  /** One inspect or channelEffects call: its input (checked values, or the image preprocessed), then the inspector. */
  async #inspect(slot: InspectSlot | EffectsSlot): Promise<Served<InspectionCore | ChannelEffectsCore>> {
    const topKError = topKProblem(slot.topK, this.manifest.labels.length);
    if (topKError) throw topKError;
    let input: Float32Array;
    if (slot.source instanceof Float32Array) {
      const problem = valueProblem(slot.source, this.manifest.input.range);
      if (problem) throw new InputError(problem);
      input = slot.source;
    } else input = await this.preprocess(slot.source);
    const run = (): Promise<Served<InspectionCore | ChannelEffectsCore>> =>
      slot.kind === 'inspect' ? this.#inspector.inspect(input, slot) : this.#inspector.channelEffects(input, slot);
    return this.#survivingDeviceLoss(run);
  }

  /** A batch of classify and readDigits calls. */
  async #runBatch({ tensor, slots }: RunRequest): Promise<{ result: RunResult; buffers: ArrayBuffer[] }> {
    const length = this.inputLength;
    const errors = new Map<number, unknown>();
    const readings = new Map<number, PlannedReading>();
    await Promise.all(
      slots.map(async (slot, i) => {
        try {
          if (slot.kind === 'image') tensor.set(await this.preprocess(slot.source), i * length);
          else if (slot.kind === 'read') readings.set(i, await this.#planReading(slot));
        } catch (error) {
          errors.set(i, error);
        }
      }),
    );
    // Only the app's own values are checked: images are in range by construction.
    const values = slots.flatMap((slot, i) => (slot.kind === 'values' ? [i] : []));
    for (const [i, error] of checkSlotValues(tensor, values, length, this.manifest.input.range)) errors.set(i, error);
    let rows = slots.length;
    for (const reading of readings.values()) (reading.row = rows), (rows += reading.plan.glyphs.length);
    let input = tensor;
    if (rows > slots.length) {
      input = new Float32Array(rows * length);
      input.set(tensor);
      for (const { plan, row } of readings.values()) input.set(plan.inputs, row * length);
    }
    const started = performance.now();
    const out = await this.#survivingDeviceLoss(() => this.#session.run(input, rows));
    const inferMs = performance.now() - started;
    const probabilities = softmaxRows(out.logits, rows);
    const classes = this.manifest.labels.length;
    const results = slots.map(({ topK }, i): SlotResult => {
      const error = errors.get(i) ?? topKProblem(topK, classes);
      if (error) return { error: serializeError(error) };
      const reading = readings.get(i);
      if (!reading) return { result: { ...predictionAt(this.manifest, probabilities, out.attention, i, topK), timings: { inferMs } } };
      const { plan, row, minProbability, prepareMs } = reading;
      const chosen = chooseReading(plan, (r) => Math.max(...probabilities.subarray((row + r) * classes, (row + r + 1) * classes)));
      const predictions = chosen.rows.map((r) => predictionAt(this.manifest, probabilities, out.attention, row + r, topK));
      return { result: readingOf(chosen, predictions, minProbability, { prepareMs, inferMs }) };
    });
    const { backend, reason: backendReason } = this.#choice;
    return {
      result: { slots: results, backend, backendReason },
      buffers: [probabilities.buffer as ArrayBuffer, ...Object.values(out.attention).map((a) => a.buffer as ArrayBuffer)],
    };
  }

  /** Finds the digits of a readDigits picture (a preprocessing that reads symbols one by one). */
  async #planReading({ source, ...options }: ReadSlot): Promise<PlannedReading> {
    const started = performance.now();
    const { maxDigits, minProbability } = checked(readOptions(options));
    if (source instanceof Float32Array) throw new InputError('readDigits takes an image (ImageData, ImageBitmap, a canvas, an <img> or a Blob), not model input values');
    const plan = await planReading(source, this.#preprocessor, this.manifest.input.preprocessing.type, maxDigits);
    return { plan, minProbability, prepareMs: performance.now() - started, row: 0 };
  }

  /** The model's input for one image, by the manifest's preprocessing. */
  async preprocess(source: ImageBitmap | Blob): Promise<Float32Array> {
    if (!isImage(source)) throw new InputError('preprocess takes an image (ImageData, ImageBitmap, a canvas, an <img> or a Blob)');
    const { data, width, height } = await decodeToPixels(source, this.#preprocessor.workingSide);
    return this.#preprocessor.fromRgba(data, width, height);
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await Promise.all([this.#session.release(), this.#inspector.dispose()]);
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
        abandonTurns(this.#ort);
        this.#choice = wasmFallback(`WebGPU device lost (${info.message || info.reason})`);
        // The inspection graph's session was on the lost device too: the next inspect opens it
        // on the backend the model then runs on (see the constructor).
        void this.#inspector.dispose();
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

  /**
   * Runs `run` (a batch or an inspection) on the sessions in use. On WebGPU it races the loss
   * of the device, since a run on a lost device may never settle; after a loss it runs once the
   * sessions are on WASM (the inspection graph's reopens there), never on the lost device,
   * whose run would hold the runtime's turn (run-in-turn.ts).
   */
  async #survivingDeviceLoss<T>(run: () => Promise<T>): Promise<T> {
    if (this.#session.backend !== 'webgpu' || this.#deviceWasLost) {
      await this.#recovering;
      return run();
    }
    try {
      return await Promise.race([run(), this.#deviceLost]);
    } catch (error) {
      if (!this.#deviceWasLost) throw error; // a GPU error, not a lost device
      await this.#recovering;
      return run();
    }
  }
}
