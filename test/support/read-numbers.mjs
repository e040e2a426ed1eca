// Node: reads generated numbers with the worker's own pipeline (read-accuracy.mjs), for the
// browser test that checks the SDK reads them alike. Run with the TypeScript hooks:
//   node --import ./test/support/typescript-register.mjs test/support/read-numbers.mjs SEED COUNT [touching]
// prints a JSON array: [{ truth, read }] for the numbers numberSample(SEED, COUNT, touching) draws.
import { loadMnist } from '../../models/mnist-idx.mjs';
import { modelRunner, readNumber } from './read-accuracy.mjs';
import { numberSample } from './number-images.mjs';

const [seed, count, touching] = process.argv.slice(2);
const run = await modelRunner();
const numbers = numberSample(loadMnist('test'), Number(seed), Number(count), touching === 'touching');
const out = [];
for (const number of numbers) {
  const read = await readNumber(run, number.rgba, number.width, number.height).then((r) => r.text, (e) => `(${e.message})`);
  out.push({ truth: number.text, read });
}
process.stdout.write(JSON.stringify(out));
