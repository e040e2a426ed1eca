// Checks a model manifest before anything is downloaded: every field the worker relies on,
// and whether it can serve the model at all (input shape, value range, preprocessing). A
// manifest it cannot serve fails the load here with a message naming the field, never
// later inside onnxruntime-web or at the first classify. Pure: no I/O.
import { ModelLoadError } from '../../contract/errors.js';
import type { ModelInput, ModelManifest } from '../../contract/types.js';
import { inspectionFieldsProblem } from '../inspection/manifest-fields.js';
import { knownPreprocessings, preprocessingNamed } from '../preprocessing/index.js';

/** The checked manifest, with what follows from it. */
export interface CheckedManifest {
  manifest: ModelManifest;
  /** Values in one input: channels x height x width. */
  inputLength: number;
}

export function checkManifest(value: unknown, url: string): CheckedManifest {
  const problem = manifestProblem(value);
  if (problem) throw new ModelLoadError(`The model manifest at ${url} cannot be used: ${problem}`);
  const manifest = value as ModelManifest;
  const [, channels, height, width] = manifest.input.shape;
  return { manifest, inputLength: channels * height * width };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isName = (value: unknown): value is string => typeof value === 'string' && value.length > 0;
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) > 0;
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** The first problem of a manifest, in words that name the field; undefined if none. */
export function manifestProblem(m: unknown): string | undefined {
  if (!isObject(m)) return 'it is not a JSON object';
  if (!isName(m.name)) return '"name" is missing';
  if (!isObject(m.model) || !isName(m.model.url)) return '"model.url" is missing';
  if (typeof m.model.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.model.sha256)) {
    return '"model.sha256" must be 64 lowercase hex digits';
  }
  if (!isCount(m.model.bytes)) return '"model.bytes" must be the size of the .onnx file in bytes';
  if (m.model.macs !== undefined && !isCount(m.model.macs)) return '"model.macs", where given, must be the multiply-accumulates per input, a positive integer';
  if (!Array.isArray(m.labels) || m.labels.length === 0 || !m.labels.every((label) => typeof label === 'string')) {
    return '"labels" must be a non-empty array of strings';
  }
  const inputProblem = inputFieldProblem(m.input);
  if (inputProblem) return inputProblem;
  if (!isObject(m.outputs) || !isObject(m.outputs.logits) || !isName(m.outputs.logits.name)) return '"outputs.logits.name" is missing';
  const logitsShape = m.outputs.logits.shape;
  if (logitsShape !== undefined && (!Array.isArray(logitsShape) || logitsShape.length !== 2 || logitsShape[1] !== m.labels.length)) {
    return `"outputs.logits.shape" must be [N, ${m.labels.length}] (one logit per label); got ${show(logitsShape)}`;
  }
  if (!Array.isArray(m.attention)) return '"attention" must be an array of blocks';
  for (const [i, block] of m.attention.entries()) {
    if (!isObject(block) || !isName(block.name) || !isName(block.output) || !isCount(block.channels)) {
      return `"attention[${i}]" needs "name", "output" and "channels" (a positive integer)`;
    }
  }
  const inspectionProblem = inspectionFieldsProblem(m as Pick<ModelManifest, 'attention'>);
  if (inspectionProblem) return inspectionProblem;
  if (m.probe !== undefined) {
    const [, channels, height, width] = (m.input as ModelInput).shape;
    return probeProblem(m.probe, channels * height * width, m.labels.length);
  }
  return undefined;
}

/** The probe's rows must fit the model: its inputs are run through it at load. */
function probeProblem(probe: unknown, inputLength: number, classes: number): string | undefined {
  if (!isObject(probe) || !(Number(probe.tolerance) >= 0)) return '"probe.tolerance" must be a number >= 0';
  const { inputs, logits } = probe;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((row) => Array.isArray(row) && row.length === inputLength)) {
    return `"probe.inputs" must be rows of ${inputLength} values (one input each)`;
  }
  if (!Array.isArray(logits) || logits.length !== inputs.length || !logits.every((row) => Array.isArray(row) && row.length === classes)) {
    return `"probe.logits" must hold one row of ${classes} logits per probe input`;
  }
  if (!isObject(probe.attention)) return '"probe.attention" must map block names to rows of gates';
  return undefined;
}

function inputFieldProblem(input: unknown): string | undefined {
  if (!isObject(input) || !isName(input.name)) return '"input.name" is missing';
  if (input.dtype !== 'float32') return `"input.dtype" must be "float32"; got ${show(input.dtype)}`;
  const { shape, range, preprocessing } = input;
  if (!Array.isArray(shape) || shape.length !== 4 || !shape.slice(1).every(isCount)) {
    return `"input.shape" must be [N, channels, height, width] with positive integer sizes; got ${show(shape)}`;
  }
  if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite) || !(range[0] < range[1])) {
    return `"input.range" must be [lowest, highest], two finite numbers in increasing order; got ${show(range)}`;
  }
  const type = isObject(preprocessing) ? preprocessing.type : undefined;
  const kind = preprocessingNamed(type);
  if (!kind) {
    return `"input.preprocessing.type" is ${show(type)}; this version of se-edge knows ${knownPreprocessings.map(show).join(', ')}`;
  }
  return kind.problemWith(input as unknown as ModelInput);
}
