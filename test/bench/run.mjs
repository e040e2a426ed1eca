// npm run bench: se-edge and its peers on the same model and the same standard MNIST test digits,
// side by side in one run, in Debian's Chromium (pages from 127.0.0.1, cross-origin isolated)
// and, for onnxruntime-node, in this process. Writes test/bench/results.json and prints a
// markdown table of figures and of ratios taken within this run.
//
//   node test/bench/run.mjs [--smoke] [--webgpu] [--out FILE]
//   --smoke   tiny counts: checks the harness works (npm test runs it); its figures mean nothing
//   --webgpu  also measure se-edge on WebGPU with full counts (for a machine with a real GPU); the
//             "ran on" column says whether its WebGPU session passed the manifest's self-check
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync } from 'node:zlib';
import { withinTime } from '../support/time-limit.mjs';
import { workerHeapReader } from '../support/worker-heap.mjs';
import { startBench } from './bench-page.mjs';
import { measureOrtNode } from './ort-node.mjs';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const fullWebgpu = args.includes('--webgpu');
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./results.json', import.meta.url));

const config = smoke
  ? { latencyCalls: 20, burstImages: 300, batchSize: 256, memoryPredictions: 600, repetitions: 1, accuracyImages: 256 }
  : { latencyCalls: 500, burstImages: 10_000, batchSize: 256, memoryPredictions: 100_000, repetitions: 3, accuracyImages: 10_000 };
// Software WebGPU / WebGL (SwiftShader here) runs at tens of images per second: small counts,
// and in a smoke run only enough to see each figure come out.
const webgpuConfig = fullWebgpu
  ? config
  : smoke
    ? { latencyCalls: 2, warmupCalls: 2, burstImages: 16, batchSize: 16, memoryPredictions: 0, repetitions: 1, accuracyImages: 32 }
    : { latencyCalls: 20, burstImages: 64, batchSize: 64, memoryPredictions: 0, repetitions: 1, accuracyImages: 128 };
const coldStarts = smoke ? 1 : 3;

const targets = [
  { name: 'se-edge', target: 'se-edge', backend: 'wasm', config },
  { name: 'raw ORT, main thread', target: 'ort-main', config: { ...config, memoryPredictions: 0 } },
  { name: 'raw ORT, hand-written worker', target: 'ort-worker', config: { ...config, memoryPredictions: 0 } },
  { name: 'TF.js wasm', target: 'tfjs', backend: 'wasm', config: { ...config, memoryPredictions: 0 } },
  { name: 'TF.js webgl', target: 'tfjs', backend: 'webgl', config: smoke ? webgpuConfig : { ...config, memoryPredictions: 0, latencyCalls: Math.min(config.latencyCalls, 100), burstImages: Math.min(config.burstImages, 1000), accuracyImages: Math.min(config.accuracyImages, 500) } },
  { name: 'TF.js webgpu', target: 'tfjs', backend: 'webgpu', config: { ...webgpuConfig, memoryPredictions: 0 } },
  { name: 'se-edge webgpu', target: 'se-edge', backend: 'webgpu', config: webgpuConfig },
];

const { browser, openPage, close } = await startBench();

const results = { machine: machine(), config, smoke, rows: {}, start: {}, bundle: bundleSize() };
try {
  for (const { name, target, backend, config: c } of targets) {
    const started = Date.now();
    const context = await browser.newContext();
    try {
      const page = await openPage(context, `target=${target}&backend=${backend ?? ''}`);
      // A target that hangs must not hang the benchmark: each gets a time limit.
      const limit = smoke ? 120_000 : 600_000;
      results.rows[name] = await withinTime(page.evaluate((cfg) => window.runBench(cfg), c), limit, name);
      if (c.memoryPredictions > 0) results.rows[name].memory = await measureWorkerMemory(page, c);
      await page.evaluate(() => window.disposeTarget());
    } catch (error) {
      results.rows[name] = { error: String(error.message ?? error).split('\n')[0] };
    }
    await context.close();
    console.error(`measured ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  let started = Date.now();
  results.start = await measureStarts();
  console.error(`measured the start (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  started = Date.now();
  results.rows['onnxruntime-node'] = await measureOrtNode(config);
  console.error(`measured onnxruntime-node (${((Date.now() - started) / 1000).toFixed(1)} s)`);
} finally {
  await close();
}
results.ratios = ratios(results);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(table(results));

/** The SDK worker's heap after warm-up and after `memoryPredictions` more predictions. */
async function measureWorkerMemory(page, c) {
  const heap = await workerHeapReader(browser);
  const afterWarmup = await heap.read();
  await page.evaluate(([n, burst]) => window.soak(n, burst), [c.memoryPredictions, Math.min(c.burstImages, 1000)]);
  const after = await heap.read();
  await heap.close();
  return { predictions: c.memoryPredictions, afterWarmup, after, growth: after.total - afterWarmup.total };
}

/**
 * Cold start (empty cache) and a reload in the same browser process (cache filled; the process
 * keeps what it compiled, so this is not a user's second visit: startup.mjs measures that).
 */
async function measureStarts() {
  const cold = [];
  const warm = [];
  for (let i = 0; i < coldStarts; i++) {
    const context = await browser.newContext();
    let bytes = 0;
    context.on('response', (response) => {
      if (/\.(onnx|wasm)$/.test(response.url())) bytes += Number(response.headers()['content-length'] ?? 0);
    });
    const page = await openPage(context, 'target=se-edge');
    cold.push({ ...(await page.evaluate(() => window.coldStart())), bytes });
    await new Promise((r) => setTimeout(r, 200));
    bytes = 0;
    await page.reload();
    await page.waitForFunction(() => typeof window.coldStart === 'function');
    warm.push({ ...(await page.evaluate(() => window.coldStart())), bytes });
    await context.close();
  }
  const med = (rows) => rows.map((r) => r.ms).sort((a, b) => a - b)[rows.length >> 1];
  return { cold: { ms: med(cold), runs: cold }, warm: { ms: med(warm), runs: warm } };
}

function bundleSize() {
  const js = readFileSync(new URL('../../dist/index.js', import.meta.url));
  return { minified: js.length, brotli: brotliCompressSync(js).length };
}

function machine() {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: readFileSync('/proc/version', 'utf8').split(' ').slice(0, 3).join(' '),
    date: new Date().toISOString().slice(0, 10),
  };
}

function ratios({ rows, start, bundle }) {
  const se = rows['se-edge'];
  const main = rows['raw ORT, main thread'];
  const worker = rows['raw ORT, hand-written worker'];
  const node = rows['onnxruntime-node'];
  const tf = ['TF.js wasm', 'TF.js webgl', 'TF.js webgpu'].map((n) => rows[n]).filter((r) => r && !r.error);
  const best = (pick, better) => tf.map(pick).reduce((a, b) => (better(b, a) ? b : a), tf.length ? pick(tf[0]) : NaN);
  return {
    latencyVsMainThread: se.latency.p50 / main.latency.p50,
    latencyOverWorkerMs: se.latency.p50 - worker.latency.p50,
    burstVsNodeBatched: se.burst.perSecond / node.batched.perSecond,
    burstVsMainThreadEach: se.burst.perSecond / main.burst.perSecond,
    longestTaskMs: se.burst.longestTaskMs,
    longTaskShare: se.burst.longTaskMs / se.burst.ms,
    warmVsCold: start.warm.ms / start.cold.ms,
    warmBytes: Math.max(...start.warm.runs.map((r) => r.bytes)),
    bundleBrotliBytes: bundle.brotli,
    latencyVsBestTfjs: se.latency.p50 / best((r) => r.latency.p50, (a, b) => a < b),
    throughputVsBestTfjs: se.burst.perSecond / best((r) => Math.max(r.burst.perSecond, r.batched.perSecond), (a, b) => a > b),
    workerMemoryGrowthBytes: se.memory?.growth ?? NaN,
  };
}

function table({ rows, start, ratios: r, machine: m, bundle }) {
  const f = (v, d = 2) => (Number.isFinite(v) ? v.toFixed(d) : '–');
  const lines = [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.node}; ${m.date}. Medians of ${config.repetitions} repetitions.`,
    '',
    '| implementation | load ms | latency p50 ms | p95 ms | 10k single calls, img/s | longest task ms | batched img/s | accuracy | ran on |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [name, row] of Object.entries(rows)) {
    if (row.error) {
      lines.push(`| ${name} | failed: ${row.error} | | | | | | | |`);
      continue;
    }
    lines.push(
      `| ${name} | ${f(row.loadMs, 0)} | ${f(row.latency.p50, 3)} | ${f(row.latency.p95, 3)} | ${f(row.burst?.perSecond, 0)} | ` +
        `${f(row.burst?.longestTaskMs, 0)} | ${f(row.batched.perSecond, 0)} | ${row.accuracy ? `${row.accuracy.correct}/${row.accuracy.count}` : '–'} | ${row.ranOn ?? '–'} |`,
    );
  }
  lines.push(
    '',
    `Start-up (createClassifier + first prediction): cold ${f(start.cold.ms, 0)} ms, reload in the same browser process ${f(start.warm.ms, 0)} ms ` +
      `(not a user's second visit: see the start-up table); model and runtime bytes fetched: cold ${start.cold.runs[0].bytes}, reload ${r.warmBytes}.`,
    `Main-thread bundle: ${bundle.minified} bytes minified, ${bundle.brotli} brotli.`,
    '',
    '| target | figure | ratio in this run |',
    '|---|---|---|',
    `| latency p50 ≤ 1.3x raw ORT on the main thread | ${f(rows['se-edge'].latency.p50, 3)} vs ${f(rows['raw ORT, main thread'].latency.p50, 3)} ms | ${f(r.latencyVsMainThread)}x |`,
    `| latency p50 within 0.25 ms of the hand-written worker | +${f(r.latencyOverWorkerMs, 3)} ms | |`,
    `| 10k concurrent classify ≥ 20% of onnxruntime-node batched | ${f(rows['se-edge'].burst.perSecond, 0)} vs ${f(rows['onnxruntime-node'].batched.perSecond, 0)} img/s | ${f(100 * r.burstVsNodeBatched, 0)}% |`,
    `| 10k concurrent classify ≥ 5x raw ORT once per image | vs ${f(rows['raw ORT, main thread'].burst.perSecond, 0)} img/s | ${f(r.burstVsMainThreadEach, 1)}x |`,
    `| no long task > 50 ms during the burst | longest ${f(r.longestTaskMs, 0)} ms | |`,
    `| long tasks < 5% of the burst | ${f(100 * r.longTaskShare, 1)}% | |`,
    `| same-process reload ≤ 0.5x cold, 0 bytes | ${f(start.warm.ms, 0)} vs ${f(start.cold.ms, 0)} ms, ${r.warmBytes} bytes | ${f(r.warmVsCold)}x |`,
    `| main bundle ≤ 4.1 KB brotli | ${bundle.brotli} bytes | |`,
    `| vs best TF.js backend: latency, throughput | | ${f(r.latencyVsBestTfjs)}x latency, ${f(r.throughputVsBestTfjs)}x throughput |`,
    `| worker memory growth over ${rows['se-edge'].memory?.predictions ?? 0} predictions < 5 MB | ${f((rows['se-edge'].memory?.growth ?? NaN) / 2 ** 20, 2)} MB | |`,
  );
  return lines.join('\n');
}
