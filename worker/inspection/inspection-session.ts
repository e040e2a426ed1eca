// The ORT session of a model's inspection graph (models/inspect_graph.py writes it): the
// serving network with, for every SE block <b>, an input `<b>/override` ([N, channels]: NaN
// keeps the model's gate, a number replaces it) and the outputs `<b>/maps`, `<b>/squeeze`,
// `<b>/gate` (as computed), `<b>/applied` (as imposed) and `<b>/scaled`. Its names are
// checked against the manifest when it is created.
import type { InferenceSession } from 'onnxruntime-web';
import { ModelLoadError } from '../../contract/errors.js';
import type { BackendName, ModelManifest } from '../../contract/types.js';
import type { Ort } from '../load/ort-runtime.js';
import { ownBuffer } from '../model-session.js';

/** What the graph computes for each block, as named in its outputs `<block>/<part>`. */
export const BLOCK_PARTS = ['maps', 'squeeze', 'gate', 'applied', 'scaled'] as const;
export type BlockPart = (typeof BLOCK_PARTS)[number];

export const overrideInput = (block: string) => `${block}/override`;
export const partOutput = (block: string, part: BlockPart) => `${block}/${part}`;

export class InspectionSession {
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly manifest: ModelManifest,
  ) {}

  static async create(ort: Ort, bytes: Uint8Array, manifest: ModelManifest, backend: BackendName): Promise<InspectionSession> {
    const session = await ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all' });
    const inputs = [manifest.input.name, ...manifest.attention.map((b) => overrideInput(b.name))];
    const outputs = [manifest.outputs.logits.name, ...manifest.attention.flatMap((b) => BLOCK_PARTS.map((part) => partOutput(b.name, part)))];
    const missing = inputs.find((name) => !session.inputNames.includes(name)) ?? outputs.find((name) => !session.outputNames.includes(name));
    if (missing !== undefined) {
      await session.release();
      throw new ModelLoadError(`The inspection graph of ${manifest.name} has no tensor ${JSON.stringify(missing)}; re-export the model with models/export.py`);
    }
    return new InspectionSession(ort, session, manifest);
  }

  /**
   * Runs `count` inputs with their overrides (per block, `count` rows of channels) and
   * returns the outputs named in `fetch`, each in a buffer of its own. Calls queue.
   */
  run(input: Float32Array, count: number, overrides: Record<string, Float32Array>, fetch: string[]): Promise<Record<string, Float32Array>> {
    const next = this.#queue.then(() => this.#runNow(input, count, overrides, fetch));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #runNow(input: Float32Array, count: number, overrides: Record<string, Float32Array>, fetch: string[]): Promise<Record<string, Float32Array>> {
    const { Tensor } = this.ort;
    const { input: spec, attention } = this.manifest;
    const [, ...item] = spec.shape;
    const feeds: Record<string, InstanceType<typeof Tensor>> = { [spec.name]: new Tensor('float32', input, [count, ...item]) };
    for (const block of attention) feeds[overrideInput(block.name)] = new Tensor('float32', overrides[block.name]!, [count, block.channels]);
    const out = await this.session.run(feeds, fetch);
    const result: Record<string, Float32Array> = {};
    for (const name of fetch) {
      result[name] = ownBuffer(out[name]!.data as Float32Array);
      out[name]!.dispose();
    }
    return result;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}
