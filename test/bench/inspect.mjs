// npm run bench, inspection: how long `inspect` (one digit, every block's maps and gates) and
// `channelEffects` (all 142 channels of SE-LeNet switched off in turn, one batched run) take in
// the worker, and whether the page ever has a long task meanwhile. Debian's Chromium, WASM,
// the SDK's test page from 127.0.0.1, cross-origin isolated; the first 64 standard MNIST test
// digits, each call on the next. Writes test/bench/inspect-results.json and prints a table.
//
//   node test/bench/inspect.mjs [--smoke] [--out FILE]
//   --smoke   a few calls: checks the harness works (npm test runs it); its figures mean nothing
import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { withinTime } from '../support/time-limit.mjs';

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const out = args.includes('--out') ? args[args.indexOf('--out') + 1] : fileURLToPath(new URL('./inspect-results.json', import.meta.url));
const config = smoke ? { inspectCalls: 5, effectsCalls: 2, classifyCalls: 5 } : { inspectCalls: 300, effectsCalls: 40, classifyCalls: 300 };
const golden = JSON.parse(readFileSync(new URL('../../models/se-lenet-mnist.golden.json', import.meta.url), 'utf8'));

/** In the page: the calls, one after another, with their worker and total times, and the page's long tasks. */
async function measure({ digits, inspectCalls, effectsCalls, classifyCalls }) {
  const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
  const input = (i) => Float32Array.from(digits[i % digits.length]);
  // Warm: the inspection graph fetched and its session created, the first runs allocated.
  await clf.inspect(input(0));
  await clf.channelEffects(input(0));
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask' });
  const times = { inspect: [], channelEffects: [], classify: [] };
  for (let i = 0; i < inspectCalls; i++) times.inspect.push((await clf.inspect(input(i))).timings);
  for (let i = 0; i < effectsCalls; i++) {
    const result = await clf.channelEffects(input(i));
    if (result.effects.length !== 142) throw new Error(`channelEffects gave ${result.effects.length} effects`);
    times.channelEffects.push(result.timings);
  }
  for (let i = 0; i < classifyCalls; i++) times.classify.push((await clf.classify(input(i))).timings);
  await new Promise((done) => setTimeout(done, 100)); // the observer's last entries
  observer.disconnect();
  await clf.dispose();
  const quantile = (values, q) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];
  const summary = (list) => ({
    calls: list.length,
    workerP50: quantile(list.map((t) => t.inferMs), 0.5),
    workerP95: quantile(list.map((t) => t.inferMs), 0.95),
    totalP50: quantile(list.map((t) => t.totalMs), 0.5),
    totalP95: quantile(list.map((t) => t.totalMs), 0.95),
  });
  return {
    inspect: summary(times.inspect),
    channelEffects: summary(times.channelEffects),
    classify: summary(times.classify),
    longTasks: { count: longTasks.length, longestMs: Math.max(0, ...longTasks) },
  };
}

const { server, url } = await startServer({ port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--disable-background-networking', '--no-first-run'] });
let results;
try {
  const page = await browser.newPage();
  await page.goto(`${url}/test/pages/sdk.html`);
  await page.waitForFunction(() => window.seEdgeReady === true);
  const figures = await withinTime(page.evaluate(measure, { digits: golden.inputs, ...config }), smoke ? 120_000 : 600_000, 'inspection benchmark');
  results = { machine: { cpus: cpus().length, date: new Date().toISOString() }, smoke, config, targets: { inspectWorkerP50Ms: 3, channelEffectsWorkerMs: 25 }, ...figures };
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
const ms = (v) => v.toFixed(2);
console.log('Inspection in the worker (WASM), ms:\n');
console.log('| call | calls | worker p50 | worker p95 | total p50 | total p95 |');
console.log('|---|---|---|---|---|---|');
for (const name of ['inspect', 'channelEffects', 'classify']) {
  const r = results[name];
  console.log(`| ${name} | ${r.calls} | ${ms(r.workerP50)} | ${ms(r.workerP95)} | ${ms(r.totalP50)} | ${ms(r.totalP95)} |`);
}
console.log(`\nlong tasks on the page meanwhile: ${results.longTasks.count} (longest ${ms(results.longTasks.longestMs)} ms)`);
console.log(`targets: inspect worker p50 <= 3 ms (${ms(results.inspect.workerP50)}), channelEffects worker <= 25 ms (p50 ${ms(results.channelEffects.workerP50)})`);
