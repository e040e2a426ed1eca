// inspect and channelEffects for one loaded model: the inspection graph's session, created
// on the first call (its file fetched, verified and cached then), and the results built from
// its outputs. Each call runs alone; its arrays are returned with the buffers to transfer.
import { UnsupportedError } from '../../contract/errors.js';
import type { BlockInspection, ChannelEffect, ModelManifest } from '../../contract/types.js';
import type { ChannelEffectsCore, EffectsSlot, InspectionCore, InspectSlot } from '../../contract/worker-api.js';
import { predictionAt, rankClasses, softmaxRows } from '../predictions.js';
import { blocksNamed, gateOverrides, noOverrides } from './gate-settings.js';
import { BLOCK_PARTS, partOutput, type InspectionSession } from './inspection-session.js';
import { INSPECTION_BYTES_LIMIT, inspectionBytes } from './manifest-fields.js';

export interface Served<T> {
  result: T;
  buffers: ArrayBuffer[];
}

export class Inspector {
  #session: Promise<InspectionSession> | null = null;

  constructor(
    private readonly manifest: ModelManifest,
    /** Creates the inspection graph's session: its file loaded and verified, on the backend in use. */
    private readonly open: () => Promise<InspectionSession>,
  ) {}

  /** One input through the inspection graph, with the slot's gates imposed. */
  async inspect(input: Float32Array, { gates, topK }: Pick<InspectSlot, 'gates' | 'topK'>): Promise<Served<InspectionCore>> {
    const { manifest } = this;
    const overrides = gateOverrides(manifest.attention, gates);
    const session = await this.#opened();
    const fetch = [manifest.outputs.logits.name, ...manifest.attention.flatMap((b) => BLOCK_PARTS.map((part) => partOutput(b.name, part)))];
    const started = performance.now();
    const out = await session.run(input, 1, overrides, fetch);
    const timings = { inferMs: performance.now() - started };
    const probabilities = softmaxRows(out[manifest.outputs.logits.name]!, 1);
    const applied = Object.fromEntries(manifest.attention.map((b) => [b.name, out[partOutput(b.name, 'applied')]!]));
    const prediction = { ...predictionAt(manifest, probabilities, applied, 0, topK), timings };
    const blocks = manifest.attention.map((block): BlockInspection => {
      const [c, h, w] = block.map!;
      const part = (name: (typeof BLOCK_PARTS)[number]) => out[partOutput(block.name, name)]!;
      return { name: block.name, shape: [c, h, w], maps: part('maps'), squeeze: part('squeeze'), gate: part('gate'), applied: part('applied'), scaled: part('scaled') };
    });
    return { result: { prediction, logits: out[manifest.outputs.logits.name]!, blocks, backend: session.backend, timings }, buffers: [probabilities.buffer as ArrayBuffer, ...Object.values(out).map((a) => a.buffer as ArrayBuffer)] };
  }

  /**
   * The model's own prediction, then every channel of the chosen blocks switched off alone
   * (its gate set to 0): one row each, all in one run (in runs of at most the inspection
   * memory bound, for a model far larger than SE-LeNet).
   */
  async channelEffects(input: Float32Array, { blocks: names, topK }: Pick<EffectsSlot, 'blocks' | 'topK'>): Promise<Served<ChannelEffectsCore>> {
    const { manifest } = this;
    const chosen = blocksNamed(manifest.attention, names);
    const session = await this.#opened();
    const switched = chosen.flatMap((block) => Array.from({ length: block.channels }, (_, channel) => ({ block, channel })));
    const rows = 1 + switched.length;
    const perRun = Math.max(1, Math.floor(INSPECTION_BYTES_LIMIT / (inspectionBytes(manifest.attention) + input.length * 4)));
    const logitsName = manifest.outputs.logits.name;
    const fetch = [logitsName, ...manifest.attention.map((b) => partOutput(b.name, 'applied'))];
    const classes = manifest.labels.length;
    const logits = new Float32Array(rows * classes);
    let gates: Record<string, Float32Array> = {};
    const started = performance.now();
    for (let first = 0; first < rows; first += perRun) {
      const count = Math.min(perRun, rows - first);
      const batch = new Float32Array(count * input.length);
      for (let r = 0; r < count; r++) batch.set(input, r * input.length);
      const overrides = noOverrides(manifest.attention, count);
      for (let r = Math.max(first, 1); r < first + count; r++) {
        const { block, channel } = switched[r - 1]!;
        overrides[block.name]![(r - first) * block.channels + channel] = 0;
      }
      const out = await session.run(batch, count, overrides, fetch);
      logits.set(out[logitsName]!, first * classes);
      if (first === 0) gates = Object.fromEntries(manifest.attention.map((b) => [b.name, out[partOutput(b.name, 'applied')]!.slice(0, b.channels)]));
    }
    const timings = { inferMs: performance.now() - started };
    const probabilities = softmaxRows(logits, rows);
    const own = probabilities.slice(0, classes);
    const prediction = { ...predictionAt(manifest, own, gates, 0, topK), timings };
    const k = prediction.index;
    const effects = switched.map(({ block, channel }, i): ChannelEffect => {
      const row = probabilities.subarray((i + 1) * classes, (i + 2) * classes);
      const logit = logits[(i + 1) * classes + k]!;
      return {
        block: block.name,
        channel,
        probability: row[k]!,
        probabilityChange: row[k]! - own[k]!,
        logit,
        logitChange: logit - logits[k]!,
        label: manifest.labels[rankClasses(row)[0]!]!,
      };
    });
    effects.sort((a, b) => a.probabilityChange - b.probabilityChange || a.logitChange - b.logitChange);
    return { result: { prediction, effects, backend: session.backend, timings }, buffers: [own.buffer as ArrayBuffer, ...Object.values(gates).map((g) => g.buffer as ArrayBuffer)] };
  }

  async dispose(): Promise<void> {
    const session = this.#session;
    this.#session = null;
    await session?.then((s) => s.release(), () => undefined);
  }

  #opened(): Promise<InspectionSession> {
    if (!this.manifest.inspection) {
      return Promise.reject(new UnsupportedError(
        `The model ${this.manifest.name} was exported without an inspection graph; re-export it with se-edge's models/export.py (it writes ${this.manifest.name}.inspect.onnx and the manifest's "inspection" field)`,
      ));
    }
    // A failed start (network, integrity) is not kept: the next call tries again.
    this.#session ??= this.open().catch((error: unknown) => {
      this.#session = null;
      throw error;
    });
    return this.#session;
  }
}

