// Where a warm start's time goes inside the worker: a CPU profile of a user's second visit
// (a new browser process on a profile a first visit filled), taken with Chromium's tracing
// (the V8 sampling profiler records every thread, the worker's from its first instruction).
// Prints the worker's busy time from its start to the first prediction, split into:
//   wasm:     onnxruntime's own code (its C++ compiled to WebAssembly)
//   js:       JavaScript: onnxruntime-web's glue, the SDK, Comlink
//   gc:       garbage collection
//   program:  the engine's native work outside JS and WASM: compiling, instantiating, IndexedDB
//             and crypto bindings...
// and the top functions by own time. `target` is se-edge (default) or the bare floor.
//   node test/bench/startup-profile.mjs [--target se-edge|floor] [--threads N] [--runs N] [--out FILE]
import { chromium } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { median } from './bench-page.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const target = option('--target', 'se-edge');
const runs = Number(option('--runs', 3));
const threads = args.includes('--threads') ? `&threads=${Number(option('--threads'))}` : '';
const out = option('--out', fileURLToPath(new URL('./startup-profile-results.json', import.meta.url)));
const launchArgs = ['--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'];
const categories = ['disabled-by-default-v8.cpu_profiler', 'v8', 'v8.wasm', 'devtools.timeline', '__metadata'];

const { server, url } = await startServer({ port: 0, cacheable: ['/node_modules/onnxruntime-web/dist/', '/models/'] });
const page = (context) => context.pages()[0] ?? context.newPage();
const startup = async (p) => {
  await p.goto(`${url}/test/bench/pages/startup.html?target=${target}${threads}`);
  const result = await p.waitForFunction(() => window.startup, null, { timeout: 120_000 }).then((h) => h.jsonValue());
  if (result.error) throw new Error(result.error);
  return result;
};

/** One warm start, traced: the trace's events and the page's own figures. */
async function tracedWarmStart() {
  const profile = mkdtempSync(join(tmpdir(), 'se-edge-profile-'));
  const launch = () => chromium.launchPersistentContext(profile, { executablePath: '/usr/bin/chromium', args: launchArgs });
  try {
    let context = await launch();
    await startup(await page(context)); // the first visit fills the cache
    await context.close();
    context = await launch();
    const p = await page(context);
    const cdp = await context.newCDPSession(p);
    const events = [];
    cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value));
    const finished = new Promise((resolve) => cdp.on('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories, excludedCategories: ['*'] } });
    const figures = await startup(p);
    await cdp.send('Tracing.end');
    await finished;
    await context.close();
    return { events, figures };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** The worker thread's samples, bucketed. */
function analyse(events) {
  const names = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e.args.name]));
  const wanted = target === 'floor' ? /floor-worker\.js/ : /\/dist\/worker(-webgpu)?\.js/;
  // Profiles are per thread: a Profile event starts one, ProfileChunk events carry its nodes and samples.
  const profiles = new Map();
  for (const e of events) {
    if (e.name === 'Profile') profiles.set(`${e.pid}:${e.id}`, { thread: `${e.pid}:${e.tid}`, nodes: new Map(), samples: [], deltas: [] });
    if (e.name !== 'ProfileChunk') continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const { cpuProfile = {}, timeDeltas = [] } = e.args.data;
    for (const node of cpuProfile.nodes ?? []) p.nodes.set(node.id, node);
    p.samples.push(...(cpuProfile.samples ?? []));
    p.deltas.push(...timeDeltas);
  }
  // The worker: the thread whose profile runs the worker's script (not a runtime thread).
  const worker = [...profiles.values()].find((p) => names.get(p.thread)?.startsWith('DedicatedWorker') && [...p.nodes.values()].some((n) => wanted.test(n.callFrame?.url ?? '')));
  if (!worker) throw new Error(`no profile of the worker thread in the trace (threads: ${[...new Set(names.values())].join(', ')})`);
  const buckets = { wasm: 0, js: 0, gc: 0, program: 0, idle: 0 };
  const byFunction = new Map();
  worker.samples.forEach((id, i) => {
    const ms = (worker.deltas[i + 1] ?? 0) / 1000; // a sample lasts until the next
    const { functionName, url: source = '' } = worker.nodes.get(id)?.callFrame ?? {};
    const bucket = functionName === '(idle)' ? 'idle'
      : functionName === '(garbage collector)' ? 'gc'
      : functionName === '(program)' || functionName === '(root)' ? 'program'
      : source.startsWith('wasm://') || /^\$?(func|wasm-function)/.test(functionName ?? '') ? 'wasm' : 'js';
    buckets[bucket] += ms;
    if (bucket === 'wasm' || bucket === 'js') {
      const key = `${bucket} ${functionName || '(anonymous)'}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    }
  });
  const top = [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([name, ms]) => ({ name, ms: Math.round(ms * 10) / 10 }));
  // Compilation of the .wasm, as the engine reports it on any thread.
  const compileMs = events.filter((e) => e.ph === 'X' && /wasm.*(Compil|compil)|v8\.wasm\.(compile|finishAsyncCompile|syncCompile)/.test(e.name)).reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0);
  return { buckets, top, compileMs };
}

const results = [];
try {
  for (let i = 0; i < runs; i++) {
    const { events, figures } = await tracedWarmStart();
    results.push({ ...analyse(events), figures });
    console.error(`traced warm start ${i + 1}/${runs}`);
  }
} finally {
  server.close();
}
const med = (f) => median(results.map(f));
const summary = {
  target,
  runs,
  firstPredictionMs: med((r) => r.figures.firstPredictionMs),
  buckets: Object.fromEntries(Object.keys(results[0].buckets).map((k) => [k, med((r) => r.buckets[k])])),
  compileMs: med((r) => r.compileMs),
  phases: results[0].figures.phases,
};
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ summary, results }, null, 2) + '\n');
const b = summary.buckets;
console.log(`Warm start of ${target} (new browser process, same profile), traced; medians of ${runs} (ms):
first prediction ${summary.firstPredictionMs.toFixed(0)} after navigation; the worker thread was busy with:
| onnxruntime's WebAssembly | JavaScript (glue, SDK) | garbage collection | native (compile, instantiate, bindings) | idle |
|---|---|---|---|---|
| ${b.wasm.toFixed(0)} | ${b.js.toFixed(0)} | ${b.gc.toFixed(0)} | ${b.program.toFixed(0)} | ${b.idle.toFixed(0)} |
WebAssembly compile events (any thread): ${summary.compileMs.toFixed(0)} ms
top functions by own time (first run): ${results[0].top.map((t) => `${t.name} ${t.ms}`).join('; ')}`);
