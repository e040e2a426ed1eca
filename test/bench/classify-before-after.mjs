// npm run bench, before and after: classify through the SDK as built at an earlier commit and
// as built now, side by side in one run (Debian's Chromium, WASM, pages from 127.0.0.1,
// cross-origin isolated), alternating A B A B in fresh browser contexts. For a change that
// must leave classify as fast as it was (the inspection graph: issue 21).
// Per round and SDK: 500 classify calls one after another (p50 and p95 of the round trip and
// of the worker's inference), then a burst of 10,000 calls made at once (images per second).
// Writes test/bench/classify-before-after-results.json and prints a table with the ratios.
//
//   node test/bench/classify-before-after.mjs [--baseline REF] [--rounds N] [--smoke] [--out FILE]
//   --baseline  the commit to compare with (default: 274cff7, the last one before inspection)
//   --smoke     a few calls: checks the harness works; its figures mean nothing
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { withinTime } from '../support/time-limit.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const smoke = args.includes('--smoke');
const baseline = option('--baseline', '274cff7');
const rounds = Number(option('--rounds', smoke ? 1 : 3));
const out = option('--out', fileURLToPath(new URL('./classify-before-after-results.json', import.meta.url)));
const config = smoke ? { calls: 20, burst: 300 } : { calls: 500, burst: 10_000 };
const root = fileURLToPath(new URL('../../', import.meta.url));
const golden = JSON.parse(readFileSync(join(root, 'models/se-lenet-mnist.golden.json'), 'utf8'));

/** Builds the SDK at `ref` in a git worktree and copies its dist/ under dist/before/ (served beside the current one). */
function buildBaseline(ref) {
  const sha = spawnSync('git', ['rev-parse', '--short', ref], { cwd: root, encoding: 'utf8' }).stdout.trim();
  if (!sha) throw new Error(`--baseline ${ref}: no such commit`);
  const target = join(root, 'dist/before');
  const tree = mkdtempSync(join(tmpdir(), 'se-edge-before-'));
  const run = (cmd, cmdArgs, cwd) => {
    const result = spawnSync(cmd, cmdArgs, { cwd, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')}: ${result.stderr || result.stdout}`);
  };
  try {
    run('git', ['worktree', 'add', '--detach', tree, sha], root);
    symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'));
    run('npx', ['tsc', '-b'], tree);
    run('npx', ['rollup', '-c'], tree);
    rmSync(target, { recursive: true, force: true });
    cpSync(join(tree, 'dist'), target, { recursive: true });
  } finally {
    spawnSync('git', ['worktree', 'remove', '--force', tree], { cwd: root });
    if (existsSync(tree)) rmSync(tree, { recursive: true, force: true });
  }
  return sha;
}

/** In the page: the SDK at `sdk` loaded, then the calls one by one and the burst. */
async function measure({ sdk, digits, calls, burst }) {
  const { createClassifier } = await import(sdk);
  const clf = await createClassifier({ backend: 'wasm' });
  const input = (i) => Float32Array.from(digits[i % digits.length]);
  for (let i = 0; i < 50; i++) await clf.classify(input(i)); // warm
  const times = [];
  for (let i = 0; i < calls; i++) times.push((await clf.classify(input(i))).timings);
  const inputs = Array.from({ length: burst }, (_, i) => input(i));
  const started = performance.now();
  await Promise.all(inputs.map((x) => clf.classify(x)));
  const burstMs = performance.now() - started;
  await clf.dispose();
  const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
  return {
    totalP50: quantile(times.map((t) => t.totalMs), 0.5),
    totalP95: quantile(times.map((t) => t.totalMs), 0.95),
    inferP50: quantile(times.map((t) => t.inferMs), 0.5),
    burstPerSecond: (1000 * burst) / burstMs,
  };
}

const sha = buildBaseline(baseline);
const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).stdout.trim() !== '';
const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() + (dirty ? ' with uncommitted changes' : '');
const { server, url } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--disable-background-networking', '--no-first-run'] });
const runs = { before: [], after: [] };
try {
  for (let round = 0; round < rounds; round++) {
    for (const [name, sdk] of [['before', '/dist/before/index.js'], ['after', '/dist/index.js']]) {
      const context = await browser.newContext();
      try {
        const page = await context.newPage();
        await page.goto(`${url}/test/pages/sdk.html`);
        await page.waitForFunction(() => window.seEdgeReady === true);
        runs[name].push(await withinTime(page.evaluate(measure, { sdk: `${url}${sdk}`, digits: golden.inputs, ...config }), 300_000, `${name} round ${round + 1}`));
      } finally {
        await context.close();
      }
    }
  }
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
  rmSync(join(root, 'dist/before'), { recursive: true, force: true });
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const figures = Object.fromEntries(
  Object.entries(runs).map(([name, list]) => [name, Object.fromEntries(Object.keys(list[0]).map((key) => [key, median(list.map((r) => r[key]))]))]),
);
const results = { machine: { cpus: cpus().length, date: new Date().toISOString() }, smoke, config, rounds, before: sha, after: head, runs, medians: figures };
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
const row = (label, key, digits, unit) =>
  `| ${label} | ${figures.before[key].toFixed(digits)} ${unit} | ${figures.after[key].toFixed(digits)} ${unit} | ${(figures.after[key] / figures.before[key]).toFixed(2)} |`;
console.log(`classify, before (${sha}) and after (${head}), medians of ${rounds} alternating rounds:\n`);
console.log('| figure | before | after | after / before |');
console.log('|---|---|---|---|');
console.log(row('round trip p50', 'totalP50', 3, 'ms'));
console.log(row('round trip p95', 'totalP95', 3, 'ms'));
console.log(row('worker inference p50', 'inferP50', 3, 'ms'));
console.log(row(`burst of ${config.burst}`, 'burstPerSecond', 0, 'img/s'));
