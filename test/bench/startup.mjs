// Start-up as users live it (npm run bench, after run.mjs): time from navigation to the first
// prediction, for se-edge and, in the same run and conditions, for the floor: a bare
// onnxruntime-web worker that only fetches (from HTTP-cacheable URLs), creates a session and
// runs once. Each is measured
//   cold:    a new browser process on an empty profile (nothing cached);
//   warm:    a new browser process on the profile the cold start filled (a user's real second
//            visit: Playwright's persistent context, closed and launched again);
//   reload:  the page reloaded in the same process, which keeps what it compiled (labelled as
//            such: no user's second visit looks like this).
// Pages are served from 127.0.0.1, cross-origin isolated (WASM threads on). The two targets
// take turns, run after run; the ratios are medians of each run's pair (se-edge / floor).
//   node test/bench/startup.mjs [--smoke] [--runs N] [--out file.json]
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : smoke ? 1 : 5;
// `--threads N` starts both targets with N WASM threads (default: as se-edge would choose).
const threads = args.includes('--threads') ? `&threads=${Number(args[args.indexOf('--threads') + 1])}` : '';
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./startup-results.json', import.meta.url));

const launchArgs = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
// The floor fetches the runtime and the model from URLs the HTTP cache may keep, as an app
// doing it by hand would serve them; se-edge's own files keep the server's usual headers.
const root = fileURLToPath(new URL('../../', import.meta.url));
const { server, url } = await startServer({ port: 0, cacheable: ['/node_modules/onnxruntime-web/dist/', '/models/'] });

// Model and runtime bytes that reached the server: what a start fetched over the network
// (the browser's HTTP cache answers without asking it).
let served = 0;
server.on('request', (req) => {
  const path = new URL(req.url, url).pathname;
  if (/\.(onnx|wasm)$/.test(path)) served += statSync(join(root, decodeURIComponent(path))).size;
});

/** One start in `page`; the page's own figures plus the bytes it fetched over the network. */
async function startIn(page, target) {
  const before = served;
  page.on('pageerror', (error) => console.error(`${target}: page error: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && console.error(`${target}: console: ${message.text()}`));
  await page.goto(`${url}/test/bench/pages/startup.html?target=${target}${threads}`);
  const result = await page.waitForFunction(() => window.startup, null, { timeout: 120_000 }).then((handle) => handle.jsonValue());
  if (result.error) throw new Error(`${target}: ${result.error}`);
  return { ...result, fetchedBytes: served - before };
}

/** Cold, then warm (a new process on the same profile), then a reload in that process. */
async function measure(target) {
  const profile = mkdtempSync(join(tmpdir(), `se-edge-startup-${target}-`));
  const launch = () => chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: launchArgs });
  try {
    let context = await launch();
    const cold = await startIn(context.pages()[0] ?? (await context.newPage()), target);
    await context.close();
    context = await launch();
    const page = context.pages()[0] ?? (await context.newPage());
    const warm = await startIn(page, target);
    const reload = await startIn(page, target);
    await context.close();
    return { cold, warm, reload };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const results = { runs, targets: {} };
try {
  // The targets take turns, run after run, so that a change in the machine's load falls on both.
  const samplesOf = { 'se-edge': [], floor: [] };
  for (let i = 0; i < runs; i++) {
    for (const target of Object.keys(samplesOf)) samplesOf[target].push(await measure(target));
  }
  for (const [target, samples] of Object.entries(samplesOf)) {
    const summary = {};
    for (const kind of ['cold', 'warm', 'reload']) {
      const all = samples.map((s) => s[kind]);
      const phases = Object.fromEntries(Object.keys(all[0].phases).map((name) => [name, median(all.map((r) => r.phases[name]))]));
      summary[kind] = { ms: median(all.map((r) => r.firstPredictionMs)), scriptMs: median(all.map((r) => r.scriptMs)), fetchedBytes: median(all.map((r) => r.fetchedBytes)), phases, samples: all.map((r) => r.firstPredictionMs) };
    }
    results.targets[target] = summary;
    console.error(`measured ${target}`);
  }
} finally {
  server.close();
}
const { 'se-edge': sdk, floor } = results.targets;
// Run i of se-edge and run i of the floor ran one after the other: a pair, under the same load.
const pairRatios = (kind) => sdk[kind].samples.map((ms, i) => ms / floor[kind].samples[i]);
results.ratios = {
  warmToFloor: median(pairRatios('warm')),
  coldToFloor: median(pairRatios('cold')),
  warmPairs: pairRatios('warm'),
  coldPairs: pairRatios('cold'),
  warmMedians: sdk.warm.ms / floor.warm.ms,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
const row = (name, r) => `| ${name} | ${r.cold.ms.toFixed(0)} | ${r.warm.ms.toFixed(0)} | ${r.reload.ms.toFixed(0)} | ${(r.cold.fetchedBytes / 1e6).toFixed(1)} MB | ${(r.warm.fetchedBytes / 1e6).toFixed(1)} MB |`;
console.log(`Start-up to the first prediction, median of ${runs} (ms):\n
| target | cold (empty profile) | warm (new process, same profile) | reload (same process) | fetched cold | fetched warm |
|---|---|---|---|---|---|
${row('se-edge', sdk)}
${row('floor: bare onnxruntime-web', floor)}

warm start / floor, median of the ${runs} pairs: ${results.ratios.warmToFloor.toFixed(2)} (pairs: ${results.ratios.warmPairs.map((r) => r.toFixed(2)).join(', ')}); cold: ${results.ratios.coldToFloor.toFixed(2)}
se-edge warm steps, medians (ms; steps overlap): ${JSON.stringify(Object.fromEntries(Object.entries(sdk.warm.phases).map(([k, v]) => [k, Math.round(v)])))}`);
