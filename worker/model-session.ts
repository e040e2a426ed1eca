// One ORT inference session of the model, and the probe check that a GPU backend must pass
// before it serves: the manifest carries a few inputs with PyTorch's outputs, and a backend
// whose outputs differ by more than the tolerance is not trusted.
import type { InferenceSession } from 'onnxruntime-web';
import { ModelLoadError } from '../contract/errors.js';
import type { BackendName, ModelManifest } from '../contract/types.js';
import type { Ort } from './load/ort-runtime.js';
import { runInTurn } from './run-in-turn.js';

export interface RawOutputs {
  logits: Float32Array;
  attention: Record<string, Float32Array>;
}

export class ModelSession {
  /** Values in one input: the manifest's channels x height x width. */
  private readonly inputLength: number;

  private constructor(
    private readonly ort: Ort,
    private readonly session: InferenceSession,
    private readonly manifest: ModelManifest,
    readonly backend: BackendName,
  ) {
    const [, channels, height, width] = manifest.input.shape;
    this.inputLength = channels * height * width;
  }

  /**
   * A session of the model on one backend. The model's own input and output names must be
   * those the manifest gives: a mismatch fails here, at load, naming the field.
   */
  static async create(ort: Ort, model: Uint8Array, manifest: ModelManifest, backend: BackendName) {
    const session = await ort.InferenceSession.create(model, {
      executionProviders: [backend],
      graphOptimizationLevel: 'all',
    });
    const problem = namesProblem(session, manifest);
    if (problem) {
      await session.release();
      throw new ModelLoadError(`The model ${manifest.name} does not match its manifest: ${problem}`);
    }
    return new ModelSession(ort, session, manifest, backend);
  }

  /** Runs `count` inputs; the runtime runs one call at a time, so calls queue (run-in-turn.ts). */
  run(input: Float32Array, count: number): Promise<RawOutputs> {
    return runInTurn(this.ort, () => this.runNow(input, count));
  }

  private async runNow(input: Float32Array, count: number): Promise<RawOutputs> {
    const { manifest } = this;
    const [, ...item] = manifest.input.shape;
    const tensor = new this.ort.Tensor('float32', input.subarray(0, count * this.inputLength), [count, ...item]);
    const names = [manifest.outputs.logits.name, ...manifest.attention.map((b) => b.output)];
    const out = await this.session.run({ [manifest.input.name]: tensor }, names);
    const own = (name: string) => ownBuffer(out[name]!.data as Float32Array);
    const result: RawOutputs = {
      logits: own(manifest.outputs.logits.name),
      attention: Object.fromEntries(manifest.attention.map((b) => [b.name, own(b.output)])),
    };
    for (const value of Object.values(out)) value.dispose();
    return result;
  }

  /**
   * The first run, which allocates: the probe's inputs, or one input of zeros without a probe.
   * Every output must have the size the manifest gives it, or the load fails here with a
   * ModelLoadError naming the field. Returns the largest difference between this backend's
   * outputs and the probe's reference outputs (0 without a probe).
   */
  async selfCheck(): Promise<{ error: number; output: string }> {
    const { probe } = this.manifest;
    const count = probe ? probe.inputs.length : 1;
    const input = new Float32Array(count * this.inputLength);
    probe?.inputs.forEach((row, i) => input.set(row, i * this.inputLength));
    const out = await this.run(input, count);
    const problem = sizeProblem(out, count, this.manifest);
    if (problem) throw new ModelLoadError(`The model ${this.manifest.name} does not match its manifest: ${problem}`);
    let worst = { error: 0, output: 'logits' };
    if (!probe) return worst;
    const compare = (name: string, actual: Float32Array, expected: number[][]) => {
      expected.flat().forEach((value, i) => {
        const error = Math.abs(actual[i]! - value);
        if (!(error <= worst.error)) worst = { error, output: name }; // NaN counts as worst
      });
    };
    compare('logits', out.logits, probe.logits);
    for (const block of this.manifest.attention) {
      compare(block.name, out.attention[block.name]!, probe.attention[block.name] ?? []);
    }
    return worst;
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

function namesProblem(session: InferenceSession, { input, outputs, attention }: ModelManifest): string | undefined {
  if (!session.inputNames.includes(input.name)) {
    return `"input.name" is ${JSON.stringify(input.name)} but the model's inputs are ${JSON.stringify(session.inputNames)}`;
  }
  const wanted: [string, string][] = [['outputs.logits.name', outputs.logits.name], ...attention.map((b, i): [string, string] => [`attention[${i}].output`, b.output])];
  const missing = wanted.find(([, name]) => !session.outputNames.includes(name));
  return missing && `"${missing[0]}" is ${JSON.stringify(missing[1])} but the model's outputs are ${JSON.stringify(session.outputNames)}`;
}

/** Which output, if any, does not hold one row of the manifest's width per input. */
function sizeProblem({ logits, attention }: RawOutputs, count: number, manifest: ModelManifest): string | undefined {
  const classes = manifest.labels.length;
  if (logits.length !== count * classes) {
    return `"labels" has ${classes} classes but the output ${JSON.stringify(manifest.outputs.logits.name)} gives ${logits.length / count} values per input`;
  }
  for (const [i, block] of manifest.attention.entries()) {
    const length = attention[block.name]!.length;
    if (length !== count * block.channels) {
      return `"attention[${i}].channels" is ${block.channels} but the output ${JSON.stringify(block.output)} gives ${length / count} values per input`;
    }
  }
  return undefined;
}

/** A copy only when ORT's array is a view into a larger buffer, so the result can be transferred. */
export function ownBuffer(data: Float32Array): Float32Array {
  return data.byteOffset === 0 && data.buffer.byteLength === data.byteLength ? data : data.slice();
}
