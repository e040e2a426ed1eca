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
import { runInTurn } from '../run-in-turn.js';

/** What the graph computes for each block, as named in its outputs `<block>/<part>`. */
export const BLOCK_PARTS = ['maps', 'squeeze', 'gate', 'applied', 'scaled'] as const;
export type BlockPart = (typeof BLOCK_PARTS)[number];

export const overrideInput = (block: string) => `${block}/override`;
export const partOutput = (block: string, part: BlockPart) => `${block}/${part}`;

export class InspectionSession {
  private constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly manifest: ModelManifest,
    /** Where it runs: the model's backend, or WASM where WebGPU failed the probe. */
    readonly backend: BackendName,
  ) {}

  /**
   * The session on the backend the model runs on. On WebGPU it must first reproduce the
   * manifest's probe (logits and gates, as the serving session did at load); if it cannot be
   * created or does not, the inspection runs on WASM, whose numbers are PyTorch's.
   */
  static async create(ort: Ort, bytes: Uint8Array, manifest: ModelManifest, backend: BackendName): Promise<InspectionSession> {
    if (backend === 'webgpu') {
      try {
        const gpu = await InspectionSession.#create(ort, bytes, manifest, 'webgpu');
        if ((await gpu.#probeError()) <= (manifest.probe?.tolerance ?? 0)) return gpu;
        await gpu.release();
      } catch {
        // Falls through to WASM, as the serving session's load does.
      }
    }
    return InspectionSession.#create(ort, bytes, manifest, 'wasm');
  }

  static async #create(ort: Ort, bytes: Uint8Array, manifest: ModelManifest, backend: BackendName): Promise<InspectionSession> {
    // Created on the first inspect, maybe while the model runs: in turn with its runs.
    const session = await runInTurn(ort, () => ort.InferenceSession.create(bytes, { executionProviders: [backend], graphOptimizationLevel: 'all' }));
    const inputs = [manifest.input.name, ...manifest.attention.map((b) => overrideInput(b.name))];
    const outputs = [manifest.outputs.logits.name, ...manifest.attention.flatMap((b) => BLOCK_PARTS.map((part) => partOutput(b.name, part)))];
    const missing = inputs.find((name) => !session.inputNames.includes(name)) ?? outputs.find((name) => !session.outputNames.includes(name));
    if (missing !== undefined) {
      await session.release();
      throw new ModelLoadError(`The inspection graph of ${manifest.name} has no tensor ${JSON.stringify(missing)}; re-export the model with models/export.py`);
    }
    return new InspectionSession(ort, session, manifest, backend);
  }

  /** The largest difference from the manifest's probe outputs (Infinity without a probe: unchecked). */
  async #probeError(): Promise<number> {
    const { probe, attention, outputs } = this.manifest;
    if (!probe) return Infinity;
    const count = probe.inputs.length;
    const overrides = Object.fromEntries(attention.map((b) => [b.name, new Float32Array(count * b.channels).fill(NaN)]));
    const gates = attention.map((b) => partOutput(b.name, 'applied'));
    const out = await this.run(Float32Array.from(probe.inputs.flat()), count, overrides, [outputs.logits.name, ...gates]);
    let worst = 0;
    const compare = (actual: Float32Array, expected: number[][]) =>
      expected.flat().forEach((value, i) => (worst = Math.max(worst, Number.isNaN(actual[i]!) ? Infinity : Math.abs(actual[i]! - value))));
    compare(out[outputs.logits.name]!, probe.logits);
    attention.forEach((b, i) => compare(out[gates[i]!]!, probe.attention[b.name] ?? []));
    return worst;
  }

  /**
   * Runs `count` inputs with their overrides (per block, `count` rows of channels) and
   * returns the outputs named in `fetch`, each in a buffer of its own. Calls queue with the
   * model's own (run-in-turn.ts).
   */
  run(input: Float32Array, count: number, overrides: Record<string, Float32Array>, fetch: string[]): Promise<Record<string, Float32Array>> {
    return runInTurn(this.ort, () => this.#runNow(input, count, overrides, fetch));
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
