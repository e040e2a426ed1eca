// The benchmark in each browser engine (npm run bench, after run.mjs): se-edge and raw
// onnxruntime-web (in a hand-written worker and on the main thread) on the same model and
// the same standard MNIST test digits, in Chromium, Firefox and WebKit, in one run, each
// engine driven as the engine tests drive it (test/engines/drivers.mjs). Per row: load to
// the first prediction, single-image latency p50/p95, a burst of concurrent single-image
// calls, batched throughput, long tasks (Chromium alone reports them: '–' elsewhere) and
// accuracy (raw ORT on the main thread runs one thread: the engine's WASM compute alone);
// per engine, se-edge's start cold (empty storage) and warm (the page reloaded in the same
// browser, cache filled), with its load phases.
//
//   node test/bench/engines.mjs [--smoke] [--engines chromium,firefox,webkit] [--threads 1,2,4] [--rounds N] [--out FILE]
//   --threads  also measure se-edge with these WASM thread counts (the default row runs what
//              se-edge picks: WebKit reports 4 cores on any machine with fewer than 8)
//   --rounds   measure every row N times, the engines taking turns, and report the best of the
//              N for each figure: on a machine other work also loads, the best is the closest
//              to what the engine itself costs (default 1)
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from '../../models/mnist-idx.mjs';
import { startServer, staticFiles } from '../../scripts/serve.mjs';
import { launchEngine } from '../engines/drivers.mjs';
import { withinTime } from '../support/time-limit.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const smoke = args.includes('--smoke');
const engines = option('--engines', 'chromium,firefox,webkit').split(',');
const threadCounts = option('--threads', '').split(',').filter(Boolean).map(Number);
const rounds = Number(option('--rounds', '1'));
const out = option('--out', fileURLToPath(new URL('./engines-results.json', import.meta.url)));

const config = smoke
  ? { latencyCalls: 20, burstImages: 300, batchSize: 256, repetitions: 1, accuracyImages: 256 }
  : { latencyCalls: 300, burstImages: 5000, batchSize: 256, repetitions: 3, accuracyImages: 10_000 };
const starts = smoke ? 1 : 3;
const rows = [
  { name: 'se-edge', query: 'target=se-edge&backend=wasm' },
  ...threadCounts.map((n) => ({ name: `se-edge, ${n} thread${n > 1 ? 's' : ''}`, query: `target=se-edge&backend=wasm&threads=${n}` })),
  { name: 'raw ORT, hand-written worker', query: 'target=ort-worker' },
  // One thread: what the engine's WASM computes alone, with no worker or thread pool around it.
  { name: 'raw ORT, main thread', query: 'target=ort-main&threads=1' },
];

// The bench page reads the standard MNIST test set from here: float32 images, then label bytes.
const { images, labels } = loadMnist('test');
const testSet = Buffer.concat([Buffer.from(images.buffer, images.byteOffset, images.byteLength), Buffer.from(labels)]);
const files = staticFiles();
const handler = (req, res) => {
  if (!req.url.startsWith('/__bench__/mnist-test.bin')) return files(req, res);
  res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': testSet.length, 'Cross-Origin-Resource-Policy': 'same-origin' });
  res.end(testSet);
};

/**
 * A fresh context with the bench page open on `query`, on an origin of its own (a server on
 * a new port): WebKit's contexts share one automation session, whose storage outlives a
 * context, so only a new origin starts with an empty cache in every engine.
 */
async function openBench(engine, query) {
  const { server, url } = await startServer({ port: 0, handler });
  const context = await engine.newContext();
  const page = await context.newPage();
  await page.goto(`${url}/test/bench/pages/bench.html?${query}`);
  await page.waitFor(() => typeof window.runBench === 'function', undefined, { timeout: 60_000 });
  const close = async () => {
    await context.close();
    server.closeAllConnections();
    server.close();
  };
  return { page, close };
}

/**
 * se-edge's start: cold in a fresh context, then warm (the page reloaded, the cache filled).
 * A start that fails or hangs is counted
 * in `failed` and left out of the figures.
 */
async function measureStarts(engine) {
  const cold = [];
  const warm = [];
  const failed = [];
  for (let i = 0; i < starts; i++) {
    const { page, close } = await openBench(engine, 'target=se-edge');
    try {
      const first = await withinTime(page.evaluate(() => window.coldStart()), 120_000, 'cold start');
      await page.reload();
      await page.waitFor(() => typeof window.coldStart === 'function');
      warm.push(await withinTime(page.evaluate(() => window.coldStart()), 120_000, 'warm start'));
      cold.push(first);
    } catch (error) {
      failed.push(String(error.message ?? error).split('\n')[0]);
    } finally {
      await close();
    }
  }
  const median = (runs) => [...runs].sort((a, b) => a.ms - b.ms)[runs.length >> 1];
  return { cold: median(cold), warm: median(warm), coldRuns: cold.map((r) => r.ms), warmRuns: warm.map((r) => r.ms), failed };
}

/** The best of several runs of one row: the fastest load and latency, the highest throughput. */
function best(runs) {
  const ok = runs.filter((r) => !r.error);
  if (ok.length === 0) return runs[0];
  const min = (pick) => Math.min(...ok.map(pick));
  const max = (pick) => Math.max(...ok.map(pick));
  const [first] = ok;
  return {
    ...first,
    loadMs: min((r) => r.loadMs),
    latency: { ...first.latency, p50: min((r) => r.latency.p50), p95: min((r) => r.latency.p95) },
    burst: { ...first.burst, perSecond: max((r) => r.burst.perSecond), longestTaskMs: first.burst.longestTaskMs === null ? null : min((r) => r.burst.longestTaskMs) },
    batched: { ...first.batched, perSecond: max((r) => r.batched.perSecond) },
    runs: ok.length,
  };
}

const results = { machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, date: new Date().toISOString().slice(0, 10) }, config, rounds, smoke, engines: {} };
const launched = {};
try {
  for (const name of engines) {
    launched[name] = await launchEngine(name);
    results.engines[name] = { version: launched[name].version, rows: {}, runs: {} };
  }
  for (let round = 0; round < rounds; round++) {
    for (const name of engines) {
      const entry = results.engines[name];
      for (const { name: row, query } of rows) {
        const { page, close } = await openBench(launched[name], query);
        try {
          (entry.runs[row] ??= []).push(await withinTime(page.evaluate((c) => window.runBench(c), config), 600_000, row));
        } catch (error) {
          (entry.runs[row] ??= []).push({ error: String(error.message ?? error).split('\n')[0] });
        } finally {
          await close();
        }
        console.error(`measured ${name}: ${row}${rounds > 1 ? ` (round ${round + 1})` : ''}`);
      }
    }
  }
  for (const name of engines) {
    const entry = results.engines[name];
    for (const { name: row } of rows) entry.rows[row] = best(entry.runs[row]);
    entry.start = await measureStarts(launched[name]);
  }
} finally {
  for (const engine of Object.values(launched)) await engine.close().catch(() => undefined);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
console.log(table(results));

function table({ engines: measured, machine, config: c, rounds }) {
  const f = (v, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '–');
  const lines = [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.node}; ${machine.date}. Burst: ${c.burstImages} concurrent single-image calls; ` +
      `medians of ${c.repetitions}${rounds > 1 ? `, then the best of ${rounds} rounds` : ''}.`,
    '',
    '| engine | implementation | threads | load ms | p50 ms | p95 ms | burst img/s | longest task ms | batched img/s | accuracy |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [engine, { version, rows: byName }] of Object.entries(measured)) {
    for (const [name, r] of Object.entries(byName)) {
      if (r.error) {
        lines.push(`| ${engine} ${version} | ${name} | failed: ${r.error} | | | | | | | |`);
        continue;
      }
      lines.push(
        `| ${engine} | ${name} | ${r.threads ?? '–'} | ${f(r.loadMs)} | ${f(r.latency.p50, 3)} | ${f(r.latency.p95, 3)} | ${f(r.burst.perSecond)} | ` +
          `${f(r.burst.longestTaskMs)} | ${f(r.batched.perSecond)} | ${r.accuracy.correct}/${r.accuracy.count} |`,
      );
    }
  }
  lines.push('', '| engine | version | se-edge start cold ms | warm ms | cold phases (ms) |', '|---|---|---|---|---|');
  for (const [engine, { version, start }] of Object.entries(measured)) {
    if (!start?.cold) {
      lines.push(`| ${engine} | ${version} | failed: ${start?.failed?.[0] ?? 'not measured'} | | |`);
      continue;
    }
    const phases = Object.entries(start.cold.timings ?? {})
      .filter(([phase, ms]) => phase !== 'workerStart' && ms >= 1)
      .map(([phase, ms]) => `${phase} ${f(ms)}`)
      .join(', ');
    lines.push(`| ${engine} | ${version} | ${f(start.cold.ms)} | ${f(start.warm.ms)} (${start.warm.modelSource}) | ${phases} |`);
  }
  return lines.join('\n');
}
