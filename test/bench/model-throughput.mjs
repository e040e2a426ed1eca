// Two or more .onnx files of the same interface (input `input` [N, 1, 28, 28], output `logits`)
// in the same hand-written onnxruntime-web worker, side by side in one run: batched throughput
// (batches of 256) and single-image latency. The model card's SE ablation uses it to compare
// SE-LeNet with the plain LeNet. The models take turns, round after round.
//   node test/bench/model-throughput.mjs NAME=FILE.onnx NAME=FILE.onnx [--rounds N] [--out FILE]
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, startBench } from './bench-page.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const rounds = Number(option('--rounds', 3));
const out = option('--out', fileURLToPath(new URL('./model-throughput-results.json', import.meta.url)));
const models = args.filter((a) => a.includes('=') && a.endsWith('.onnx')).map((a) => a.split('='));
if (models.length < 2) throw new Error('give at least two models: NAME=FILE.onnx NAME=FILE.onnx');
const config = { latencyCalls: 300, burstImages: 10_000, batchSize: 256, repetitions: 1, accuracyImages: 10_000 };

// The server serves the repository: the models are copied where it can reach them.
const served = new URL('../../test-results/model-throughput/', import.meta.url);
mkdirSync(served, { recursive: true });
for (const [name, file] of models) copyFileSync(resolve(file), new URL(`${name}.onnx`, served));

const bench = await startBench();
const samples = Object.fromEntries(models.map(([name]) => [name, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const [name] of models) {
      samples[name].push(await bench.runOnce(`target=ort-worker&model=/test-results/model-throughput/${name}.onnx`, config, 600_000));
    }
  }
} finally {
  await bench.close();
  rmSync(served, { recursive: true, force: true });
}
const summary = Object.fromEntries(
  models.map(([name, file]) => {
    const s = samples[name];
    return [name, { file, batchedPerSecond: median(s.map((r) => r.batched.perSecond)), p50: median(s.map((r) => r.latency.p50)), accuracy: s[0].accuracy }];
  }),
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ cores: cpus().length, rounds, config, summary, samples }, null, 2) + '\n');
console.log(`onnxruntime-web (WASM, hand-written worker, ${cpus().length} cores here), medians of ${rounds} rounds:\n
| model | batched img/s (batches of ${config.batchSize}) | single-image p50 ms | standard test set |
|---|---|---|---|
${models.map(([name]) => { const r = summary[name]; return `| ${name} | ${r.batchedPerSecond.toFixed(0)} | ${r.p50.toFixed(3)} | ${r.accuracy.correct}/${r.accuracy.count} |`; }).join('\n')}`);
