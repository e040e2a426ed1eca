// Model 3.0.0's recipe selection (issue 22; the rule: models/MODEL_CARD.md, "Model 3.0.0: how its
// recipe is chosen"). Measures a validation run's model on the validation digits only (MNIST
// training digits 55,000-59,999, which the run did not train on; no test digit is read):
//   clean      each digit as MNIST has it (errors out of 5,000)
//   drawn      the same digits drawn as readDigits' accuracy test draws the test digits
//              (test/support/number-images.mjs: numbers of 4, slant about ±15°, scale ±20%,
//              baseline jitter, canvases of several sizes), each digit read alone as classify
//              reads it, and each number read by readDigits' own pipeline, with clear gaps and
//              touching
//
//   /usr/bin/python3 models/train.py --validation --no-export --augment NAME --selection-onnx RUN.onnx
//   node models/select.mjs RUN.onnx [more.onnx ...]      one JSON line per model
import { readFileSync } from 'node:fs';
import { loadMnist, PIXELS } from './mnist-idx.mjs';
import { testAccuracy } from './onnx-accuracy.mjs';
import { logitsRunner, measureReading } from '../test/support/read-accuracy.mjs';

const VALIDATION_FROM = 55_000; // models/data.py: VAL_COUNT = 5000, the last of the 60,000
const NUMBERS = { clear: 1250, touching: 500 }; // 5,000 drawn digits with clear gaps
const SEEDS = { clear: 2201, touching: 2202 }; // not the test's seeds (1401, 1402)

const train = loadMnist('train');
const validation = {
  images: train.images.subarray(VALIDATION_FROM * PIXELS),
  labels: train.labels.subarray(VALIDATION_FROM),
  count: train.count - VALIDATION_FROM,
};

for (const path of process.argv.slice(2)) {
  const { correct } = await testAccuracy(readFileSync(path), { data: validation });
  const cleanErrors = validation.count - correct;
  const run = await logitsRunner(path);
  const clear = await measureReading(run, validation, { count: NUMBERS.clear, lengths: [4], touching: false, seed: SEEDS.clear });
  const touching = await measureReading(run, validation, { count: NUMBERS.touching, lengths: [4], touching: true, seed: SEEDS.touching });
  console.log(JSON.stringify({
    model: path,
    cleanErrors,
    drawnAlone: round(clear.digitsAlone),
    drawnAloneErrors: Math.round((1 - clear.digitsAlone) * NUMBERS.clear * 4),
    readExactClear: round(clear.exact),
    readExactTouching: round(touching.exact),
  }));
}

function round(x) {
  return Math.round(x * 1e4) / 1e4;
}
