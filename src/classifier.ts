// The main-thread classifier: loads the model in a worker, and turns classify() calls into
// batched, transferred messages. It never touches onnxruntime-web itself. If its worker
// dies, pending calls reject with a WorkerError and the next call starts a fresh worker.
import * as Comlink from 'comlink';
import type { LoadRequest } from '../contract/options.js';
import { DisposedError, deserializeError, OptionError, TimeoutError, WorkerError } from '../contract/errors.js';
import type { BackendName, ChannelEffects, DigitReading, GateSettings, Inspection, LoadInfo, Prediction } from '../contract/types.js';
import type { EffectsSlot, InspectSlot, ReadSlot, RunResult, SlotRequest } from '../contract/worker-api.js';
import { toWorkerInput, type ClassifierInput, type WorkerInput } from './input.js';
import { MicroBatcher } from './micro-batcher.js';
import { toLoadRequest, type ClassifierOptions } from './options.js';
import { abortError, closeLink, openLink, stopLink, type WorkerLink } from './worker-link.js';

/** Options of one classify / classifyBatch call. */
export interface ClassifyOptions {
  /** How many of the most probable classes `Prediction.top` lists. Default 3. */
  topK?: number;
  /** Aborting rejects the call with an AbortError; the classifier stays usable. */
  signal?: AbortSignal;
  /** Rejects the call with a TimeoutError if no result came within this many ms. */
  timeoutMs?: number;
}

/** Options of one readDigits call. */
export interface ReadDigitsOptions extends ClassifyOptions {
  /** More digits than this in the image is an InputError naming the count. Default 32. */
  maxDigits?: number;
  /** Digits whose top-1 probability is below this show as `?` in the text (they stay in `digits`). Default 0. */
  minProbability?: number;
}

/** Options of one inspect call. */
export interface InspectOptions extends ClassifyOptions {
  /**
   * Gates to impose, by block, then channel: `{ se2: { 5: 0 } }` runs the model with channel 5
   * of se2 switched off. Values in [0, 1]; every later layer answers to them.
   */
  gates?: GateSettings;
}

/** Options of one channelEffects call. */
export interface ChannelEffectsOptions extends ClassifyOptions {
  /** The blocks whose channels are switched off in turn (default: every block). */
  blocks?: string[];
}

/** What a call other than classify asks of the worker: its slot, without the input. */
type Ask = Omit<ReadSlot, 'source' | 'topK'> | Omit<InspectSlot, 'source' | 'topK'> | Omit<EffectsSlot, 'source' | 'topK'>;

type Outcome = Prediction | DigitReading | Inspection | ChannelEffects;

interface Call {
  input: WorkerInput;
  /** Names the input in error messages: 'input' or 'inputs[i]'. */
  where: string;
  topK: number;
  /** What a readDigits, inspect or channelEffects call asks; undefined for classify. */
  ask?: Ask;
  started: number;
  resolve: (result: Outcome) => void;
  reject: (error: unknown) => void;
  settled?: boolean;
  /** Stops listening to the call's signal and time limit, when it has either. */
  cleanup?: () => void;
}

/**
 * Creates a classifier: starts its worker, loads the model (from the cache when it can)
 * and resolves once the first prediction can run. Abort `options.signal` to cancel loading.
 * @throws ModelLoadError, IntegrityError, BackendError, WorkerError, AbortError or OptionError.
 */
export async function createClassifier(options: ClassifierOptions = {}): Promise<Classifier> {
  const request = toLoadRequest(options);
  const link = await openLink(request, options.worker, options.onProgress, options.signal);
  // The constructor is private: classifiers come from here only, and its parameters (the
  // worker link) stay out of the published types.
  return Reflect.construct(Classifier, [link, request, options.worker]) as Classifier;
}

/**
 * A classifier's facts of its load (model, backend and why, sources, threads, timings,
 * warnings): the worker's LoadInfo, assigned field by field in the constructor.
 */
export interface Classifier extends Readonly<LoadInfo> {}

/** A loaded model in its worker. Create one with {@link createClassifier}. */
export class Classifier {
  // Public fields come from the interface above (assigned in the constructor, no field
  // definitions in the bundle) and private state uses # fields that the minifier can shorten:
  // the bundle has a budget.
  readonly #batcher: MicroBatcher<Call>;
  #disposed = false;
  /** Rejects on dispose: every batch in flight races it. */
  readonly #stopped: Promise<never>;
  #stop!: (error: Error) => void;
  /** The live worker, a restart in progress, or null after a crash (restarted on demand). */
  #link: WorkerLink | Promise<WorkerLink> | null;
  readonly #request: LoadRequest;
  readonly #workerOption: ClassifierOptions['worker'];

  private constructor(link: WorkerLink, request: LoadRequest, workerOption: ClassifierOptions['worker']) {
    Object.assign(this, link.loaded.info); // the public fields, named as in LoadInfo

    this.#request = request;
    this.#workerOption = workerOption;
    this.#stopped = new Promise<never>((_, reject) => (this.#stop = reject));
    this.#stopped.catch(() => undefined);
    this.#link = this.#watch(link);
    this.#batcher = new MicroBatcher((batch) => this.#runBatch(batch), link.loaded.maxBatch);
  }


  /**
   * Classifies one input: `inputLength` floats in the model's value range (for the bundled
   * model, 784 = 28x28, white on black, in [0, 1]), or an image of any size and colours,
   * which the worker preprocesses as the manifest says (for the bundled model, the way the
   * MNIST digits were made). Calls made in the same tick run together in one batch.
   * @throws InputError for input the model cannot take, AbortError, DisposedError, WorkerError.
   */
  classify(input: ClassifierInput, options?: ClassifyOptions): Promise<Prediction> {
    return this.#enqueue(input, options, 'input');
  }

  /**
   * Reads the handwritten number in an image: one line of digits, each found, cut out and
   * classified as `classify` would classify it alone (all in one batch, in the worker).
   * Takes the images `classify` takes, of any size, dark on light or light on dark.
   * @throws InputError for an image without ink, or with more than `maxDigits` digits;
   * UnsupportedError when the model does not read handwritten digits one by one; AbortError,
   * TimeoutError, DisposedError, WorkerError as classify.
   */
  readDigits(input: Exclude<ClassifierInput, Float32Array>, options: ReadDigitsOptions = {}): Promise<DigitReading> {
    return this.#enqueue(input, options, 'input', { kind: 'read', maxDigits: options.maxDigits, minProbability: options.minProbability });
  }

  /**
   * Classifies one input and returns the inside of every SE block: the maps each gate acts on,
   * their squeeze, the gate, and the maps it scaled. With `gates`, those channels' gates are
   * replaced and the rest of the network answers to them. The model's inspection graph is
   * fetched (and cached) on the first call. Runs alone, not in a batch.
   * @throws UnsupportedError for a model exported without an inspection graph; InputError for
   * an unknown block or channel, or a gate outside [0, 1]; as classify otherwise.
   */
  inspect(input: ClassifierInput, options: InspectOptions = {}): Promise<Inspection> {
    return this.#enqueue(input, options, 'input', { kind: 'inspect', gates: options.gates });
  }

  /**
   * How the predicted class's probability and logit change when each channel of each SE
   * block (or of `blocks`) alone is switched off (its gate set to 0), ranked, largest drop
   * first: all of them in one batched run of the inspection graph.
   * @throws as inspect.
   */
  channelEffects(input: ClassifierInput, options: ChannelEffectsOptions = {}): Promise<ChannelEffects> {
    return this.#enqueue(input, options, 'input', { kind: 'effects', blocks: options.blocks });
  }

  /**
   * Classifies several inputs; resolves with one Prediction each, in order. Rejects with the
   * first failure (an InputError names the failing index).
   */
  async classifyBatch(inputs: readonly ClassifierInput[], options: ClassifyOptions = {}): Promise<Prediction[]> {
    if (!Array.isArray(inputs)) throw new OptionError('classifyBatch takes an array of inputs');
    return Promise.all(inputs.map((input, i) => this.#enqueue(input, options, `inputs[${i}]`)));
  }

  /**
   * The `inputLength` floats the model sees for an image, after the manifest's preprocessing
   * (for the bundled model: grayscale, dark-on-light inverted, cropped, fitted to 20x20,
   * centred by mass in 28x28): show it to let users see what the model saw.
   */
  async preprocess(input: Exclude<ClassifierInput, Float32Array>): Promise<Float32Array> {
    this.#checkOpen();
    // A Float32Array arrives in the worker without a `source` and is refused there.
    const source = (await toWorkerInput(input, 'input', this.inputLength)) as ImageBitmap | Blob;
    const { remote } = await this.#connect();
    return remote.preprocess(source instanceof Blob ? source : Comlink.transfer(source, [source]));
  }

  /** Stops the worker. Pending calls reject with DisposedError. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#stop(new DisposedError());
    this.#failQueued(new DisposedError());
    try {
      const link = await this.#link;
      if (!link) return;
      await stopLink(link);
    } catch {
      // A worker that failed to restart is already closed.
    }
  }

  /**
   * One call: checked, then queued for the next batch. A plain call (values, no signal, no
   * time limit) costs the page one promise and one small object: an app's burst of thousands
   * of calls in one loop must not become a long task.
   */
  #enqueue<T extends Outcome = Prediction>(input: ClassifierInput, options: ClassifyOptions = {}, where: string, ask?: Ask): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#checkOpen(); // a throw in here rejects the call
      const started = performance.now();
      const { signal, timeoutMs, topK = 3 } = options; // topK is checked in the worker
      // Values go at once; an image once copied (the classifier may be disposed, or the call
      // aborted, meanwhile).
      const push = (prepared: WorkerInput) => {
        this.#checkOpen();
        if (signal?.aborted) throw abortError(signal);
        const call = { input: prepared, where, topK, ask, started, resolve, reject } as Call;
        const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
        // Two ways a call can stop early: the app's abort and its time limit. Each is listened
        // to on its own (AbortSignal.any came late to Safari and Firefox); settling removes both.
        if (signal || timeout) {
          const listening = new AbortController();
          call.cleanup = () => listening.abort();
          for (const stopper of [signal, timeout]) {
            stopper?.addEventListener(
              'abort',
              () => {
                this.#batcher.remove(call); // if it had not left yet
                this.#settle(call, stopper === timeout ? new TimeoutError(`${where}: no result within ${timeoutMs} ms`) : abortError(stopper));
              },
              { signal: listening.signal },
            );
          }
        }
        this.#batcher.push(call);
      };
      const prepared = toWorkerInput(input, where, this.inputLength);
      if (prepared instanceof Promise) prepared.then(push).catch(reject);
      else push(prepared);
    });
  }

  async #runBatch(calls: Call[]): Promise<void> {
    const live = calls.filter((call) => !call.settled);
    if (live.length === 0) return;
    const length = this.inputLength;
    const tensor = new Float32Array(live.length * length);
    const transfers: Transferable[] = [tensor.buffer];
    // One tagged request per call; values travel in the batch's one tensor, images on their own.
    const slots = live.map(({ input, topK, ask }, slot): SlotRequest => {
      if (input instanceof ImageBitmap) transfers.push(input);
      if (ask) return { ...ask, topK, source: input } as SlotRequest;
      if (input instanceof Float32Array) {
        tensor.set(input, slot * length);
        return { kind: 'values', topK };
      }
      return { kind: 'image', topK, source: input };
    });
    const sent = performance.now();
    let result: RunResult;
    try {
      const { remote, died } = await this.#connect();
      result = await Promise.race([remote.run(Comlink.transfer({ tensor, slots }, transfers)), died, this.#stopped]);
    } catch (error) {
      for (const call of live) this.#settle(call, error);
      return;
    }
    this.#setBackend(result);
    live.forEach((call, slot) => {
      const outcome = result.slots[slot]!;
      if ('error' in outcome) this.#settle(call, deserializeError({ ...outcome.error, message: `${call.where}: ${outcome.error.message}` }));
      else {
        // The worker's timings, completed with this side's (a reading's are its digits' too).
        Object.assign(outcome.result.timings, { queueMs: sent - call.started, totalMs: performance.now() - call.started });
        this.#settle(call, undefined, outcome.result as Outcome);
      }
    });
  }

  #settle(call: Call, error: unknown, result?: Outcome): void {
    if (call.settled) return;
    call.settled = true;
    call.cleanup?.();
    if (result) call.resolve(result);
    else call.reject(error);
  }

  /** Calls not sent yet; those in flight settle through the race in #runBatch. */
  #failQueued(error: unknown): void {
    for (const call of this.#batcher.drain()) this.#settle(call, error);
  }

  /** The live worker; after a crash, a fresh one, started by the first call that needs it. */
  #connect(): Promise<WorkerLink> {
    this.#link ??= this.#restart();
    return Promise.resolve(this.#link);
  }

  #restart(): Promise<WorkerLink> {
    // An app-supplied Worker object cannot be recreated; a factory can.
    if (this.#workerOption instanceof Worker) {
      return Promise.reject(new WorkerError('The worker died; an app-made Worker cannot restart'));
    }
    return openLink(this.#request, this.#workerOption).then(
      (fresh) => (this.#link = this.#watch(fresh)),
      (error: unknown) => {
        this.#link = null; // the next call tries again
        throw error;
      },
    );
  }

  /** Follows a worker: its backend, and its death, which fails the calls it held. */
  #watch(link: WorkerLink): WorkerLink {
    this.#setBackend(link.loaded.info);
    link.died.catch((error: unknown) => {
      closeLink(link);
      if (this.#link === link) this.#link = null;
      this.#failQueued(error);
    });
    return link;
  }

  /** `backend` and `backendReason` are read-only to the app; only the SDK updates them. */
  #setBackend({ backend, backendReason }: { backend: BackendName; backendReason: string }): void {
    Object.assign(this, { backend, backendReason });
  }

  #checkOpen(): void {
    if (this.#disposed) throw new DisposedError();
  }
}
