// se-edge with different numbers of WASM threads, side by side in one run: single-image latency
// (p50, p95), a burst of concurrent classify calls and classifyBatch throughput. The thread
// counts take turns, round after round, so that a change in the machine's load falls on all.
//   node test/bench/threads.mjs [--smoke] [--threads 1,2,4] [--rounds N] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, startBench } from './bench-page.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const smoke = args.includes('--smoke');
const counts = option('--threads', '1,2').split(',').map(Number);
const rounds = Number(option('--rounds', smoke ? 1 : 3));
const out = option('--out', fileURLToPath(new URL('./threads-results.json', import.meta.url)));
const config = smoke
  ? { latencyCalls: 20, burstImages: 300, batchSize: 256, repetitions: 1, accuracyImages: 256 }
  : { latencyCalls: 500, burstImages: 10_000, batchSize: 256, repetitions: 1, accuracyImages: 256 };

const bench = await startBench();
const samples = Object.fromEntries(counts.map((n) => [n, []]));
try {
  for (let round = 0; round < rounds; round++) {
    for (const n of counts) samples[n].push(await bench.runOnce(`target=se-edge&backend=wasm&threads=${n}`, config, 300_000));
  }
} finally {
  await bench.close();
}
const summary = Object.fromEntries(
  counts.map((n) => {
    const s = samples[n];
    return [n, { p50: median(s.map((r) => r.latency.p50)), p95: median(s.map((r) => r.latency.p95)), burstPerSecond: median(s.map((r) => r.burst.perSecond)), batchedPerSecond: median(s.map((r) => r.batched.perSecond)), loadMs: median(s.map((r) => r.loadMs)) }];
  }),
);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ cores: cpus().length, rounds, config, summary, samples }, null, 2) + '\n');
console.log(`se-edge by WASM threads (${cpus().length} cores here), medians of ${rounds} rounds:\n
| threads | latency p50 ms | p95 ms | ${config.burstImages} concurrent classify, img/s | classifyBatch img/s | load ms |
|---|---|---|---|---|---|
${counts.map((n) => { const r = summary[n]; return `| ${n} | ${r.p50.toFixed(3)} | ${r.p95.toFixed(3)} | ${r.burstPerSecond.toFixed(0)} | ${r.batchedPerSecond.toFixed(0)} | ${r.loadMs.toFixed(0)} |`; }).join('\n')}`);
