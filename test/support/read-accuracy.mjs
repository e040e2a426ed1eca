// How well readDigits reads handwritten numbers, measured in Node: numbers made of MNIST
// digits (number-images.mjs), read by the worker's own pure pipeline (planFromRgba,
// chooseReading, readingOf) with onnxruntime-node running the committed model, exactly as the
// engine runs it in the browser apart from how the picture is first reduced (there a canvas
// draws it, here resampleArea). Shared by the accuracy test and the README's figures.
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { chooseReading, readingOf } from '../../worker/reading/chosen-reading.ts';
import { planFromRgba } from '../../worker/reading/reading-plan.ts';
import { mnistDigit } from '../../worker/preprocessing/mnist-digit.ts';
import { predictionAt, softmaxRows } from '../../worker/predictions.ts';
import { mulberry32, pickDigits, renderNumber } from './number-images.mjs';

const models = new URL('../../models/', import.meta.url);
export const manifest = JSON.parse(readFileSync(new URL('se-lenet-mnist.manifest.json', models), 'utf8'));

/**
 * A model that gives logits only (a validation run's, written by models/train.py's
 * --selection-onnx), as a runner readNumber and measureReading take: no SE block's attention.
 */
export async function logitsRunner(onnxPath) {
  const session = await ort.InferenceSession.create(readFileSync(onnxPath));
  const run = async (inputs) => {
    const count = inputs.length / 784;
    const out = await session.run({ input: new ort.Tensor('float32', inputs, [count, 1, 28, 28]) }, ['logits']);
    return { probabilities: softmaxRows(out.logits.data, count), attention: {} };
  };
  return Object.assign(run, { model: { labels: manifest.labels, attention: [] } });
}

/** The committed model in onnxruntime-node, and a function that runs a batch of inputs. */
export async function modelRunner() {
  const session = await ort.InferenceSession.create(readFileSync(new URL(manifest.model.url, models)));
  const names = [manifest.outputs.logits.name, ...manifest.attention.map((b) => b.output)];
  return async (inputs) => {
    const count = inputs.length / 784;
    const out = await session.run({ [manifest.input.name]: new ort.Tensor('float32', inputs, [count, 1, 28, 28]) }, names);
    return {
      probabilities: softmaxRows(out[manifest.outputs.logits.name].data, count),
      attention: Object.fromEntries(manifest.attention.map((b) => [b.name, out[b.output].data])),
    };
  };
}

/** Reads one picture (RGBA) as the worker does; resolves with the reading (without timings). */
export async function readNumber(run, rgba, width, height, { maxDigits = 32, minProbability = 0, topK = 3 } = {}) {
  const plan = planFromRgba(rgba, width, height, mnistDigit.symbols, maxDigits);
  const { probabilities, attention } = await run(plan.inputs);
  const model = run.model ?? manifest; // its labels and SE blocks
  const classes = model.labels.length;
  const chosen = chooseReading(plan, (row) => Math.max(...probabilities.subarray(row * classes, (row + 1) * classes)));
  const predictions = chosen.rows.map((row) => predictionAt(model, probabilities, attention, row, topK));
  return readingOf(chosen, predictions, minProbability, { prepareMs: 0, inferMs: 0 });
}

/** Edit distance between two strings (insertions, deletions, substitutions). */
export function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = row;
  }
  return previous[b.length];
}

/**
 * Measures one condition: `count` numbers of `lengths` digits (picked at random), drawn from
 * the MNIST `set` with clear gaps or touching, seeded. Returns:
 * - exact: the share of numbers read exactly;
 * - perDigit: 1 - (edit distance / digits), over all numbers (a missed, extra or wrong digit is one error);
 * - alone: the share of numbers whose digits the model reads right each alone, as classify would
 *   (the ceiling no segmentation can pass); digitsAlone: the share of digits read right alone;
 * - givenAlone: among those, the share that readDigits reads exactly (what the segmentation loses);
 * - errors: how many numbers were refused (an InputError) instead of read;
 * - failures: the first few misreadings, { truth, read, alone }.
 */
export async function measureReading(run, set, { count, lengths, touching, seed }) {
  const rng = mulberry32(seed);
  let exact = 0, edits = 0, digits = 0, alone = 0, both = 0, errors = 0, digitsAlone = 0;
  const failures = [];
  for (let n = 0; n < count; n++) {
    const length = lengths[Math.floor(rng() * lengths.length)];
    const number = renderNumber(pickDigits(set, length, rng), { rng, touching });
    const aloneInputs = new Float32Array(number.alone.length * 784);
    number.alone.forEach((a, i) => aloneInputs.set(mnistDigit.fromRgba(a.rgba, a.width, a.height), i * 784));
    const { probabilities } = await run(aloneInputs);
    const aloneText = number.labels.map((_, i) => {
      const row = probabilities.subarray(i * 10, i * 10 + 10);
      return row.indexOf(Math.max(...row));
    }).join('');
    const read = await readNumber(run, number.rgba, number.width, number.height).then((r) => r.text, (e) => (errors++, `(${e.message})`));
    const right = read === number.text;
    const aloneRight = aloneText === number.text;
    digitsAlone += [...aloneText].filter((c, i) => c === number.text[i]).length;
    exact += right;
    alone += aloneRight;
    both += right && aloneRight;
    edits += Math.min(number.text.length, editDistance(read, number.text));
    digits += number.text.length;
    if (!right && failures.length < 10) failures.push({ truth: number.text, read, alone: aloneText });
  }
  return { count, exact: exact / count, perDigit: 1 - edits / digits, alone: alone / count, digitsAlone: digitsAlone / digits, givenAlone: both / alone, errors, failures };
}
