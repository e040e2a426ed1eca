// The benchmark must not rot: run it with tiny counts and check that every row produced
// figures and every implementation agreed on the digits. No timing is asserted here.
//
// The four smoke runs go two at a time: each is a process of its own (its own server on a free
// port, its own browsers and profiles, its own output file) and mostly waits on a browser (about
// 30 s of CPU in 69 s one after another; 54 s two at a time, as all four at once). Their figures
// mean nothing in a smoke run, so sharing the cores costs nothing they assert.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = fileURLToPath(new URL('../../test-results/bench-smoke.json', import.meta.url));

/** Runs a benchmark script with Node; resolves with its exit status and output (never rejects). */
function runScript(args, timeout) {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: root, encoding: 'utf8', timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ status: error ? (error.code ?? error.signal) : 0, stdout, stderr }),
    );
  });
}

describe('the benchmarks, smoke runs (two at a time)', { concurrency: 2 }, () => {

  test('npm run bench, smoke counts: every implementation runs and gives the same predictions', async () => {
    const run = await runScript(['test/bench/run.mjs', '--smoke', '--out', out], 600_000);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const results = JSON.parse(readFileSync(out, 'utf8'));
    const rows = Object.entries(results.rows);
    assert.deepEqual(rows.map(([name]) => name).sort(), [
      'TF.js wasm', 'TF.js webgl', 'TF.js webgpu', 'onnxruntime-node', 'raw ORT, hand-written worker',
      'raw ORT, main thread', 'se-edge', 'se-edge webgpu',
    ].sort());
    const reference = results.rows['onnxruntime-node'].accuracy;
    for (const [name, row] of rows) {
      assert.equal(row.error, undefined, `${name} failed: ${row.error}`);
      for (const figure of [row.latency.p50, row.burst.perSecond, row.batched.perSecond]) {
        assert.ok(Number.isFinite(figure) && figure > 0, `${name}: ${figure}`);
      }
      // Same model, same weights: the same share of the checked digits is right.
      assert.equal(row.accuracy.correct / row.accuracy.count >= 0.95, true, `${name}: ${row.accuracy.correct}/${row.accuracy.count}`);
    }
    // onnxruntime-node on all 10,000 standard test digits: the model card's figure.
    const manifest = JSON.parse(readFileSync(new URL('../../models/se-lenet-mnist.manifest.json', import.meta.url), 'utf8'));
    assert.deepEqual([reference.correct, reference.count], [manifest.metrics.test.correct, 10_000]);
    assert.ok(Number.isFinite(results.rows['se-edge'].memory.growth));
    // What ran, and for se-edge on WebGPU whether its session passed the self-check (--webgpu prints it).
    assert.equal(results.rows['se-edge'].ranOn, 'wasm');
    assert.match(results.rows['se-edge webgpu'].ranOn, /^webgpu, self-check passed$|^wasm: WebGPU was requested but /);
    assert.equal(results.ratios.warmBytes, 0);
    assert.ok(results.start.cold.runs[0].bytes > 14_000_000, 'a cold start downloads the model and the runtime');
    assert.match(run.stdout, /\| se-edge \| \d+ \|/);
  });

  test('inspection benchmark, smoke run: inspect and channelEffects (all 142 channels) give their timings and the page its long tasks', async () => {
    const inspectOut = fileURLToPath(new URL('../../test-results/inspect-smoke.json', import.meta.url));
    const run = await runScript(['test/bench/inspect.mjs', '--smoke', '--out', inspectOut], 300_000);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const results = JSON.parse(readFileSync(inspectOut, 'utf8'));
    for (const call of ['inspect', 'channelEffects', 'classify']) {
      for (const figure of ['workerP50', 'workerP95', 'totalP50', 'totalP95']) assert.ok(Number.isFinite(results[call][figure]) && results[call][figure] > 0, `${call} ${figure}`);
    }
    assert.ok(Number.isInteger(results.longTasks.count));
    assert.match(run.stdout, /\| inspect \| 5 \|/);
  });

  test('start-up benchmark, smoke run: se-edge and the bare-runtime floor, cold, warm (a new browser process) and reload', async () => {
    const startupOut = fileURLToPath(new URL('../../test-results/startup-smoke.json', import.meta.url));
    const run = await runScript(['test/bench/startup.mjs', '--smoke', '--out', startupOut], 600_000);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const { targets, ratios } = JSON.parse(readFileSync(startupOut, 'utf8'));
    for (const target of ['se-edge', 'floor']) {
      for (const kind of ['cold', 'warm', 'reload']) {
        const { ms, phases } = targets[target][kind];
        assert.ok(Number.isFinite(ms) && ms > 0, `${target} ${kind}: ${ms}`);
        assert.ok(Object.values(phases).every(Number.isFinite), `${target} ${kind} phases`);
      }
      assert.ok(targets[target].cold.fetchedBytes > 14_000_000, `${target}: a cold start downloads the runtime`);
    }
    // A second visit fetches nothing: se-edge from its IndexedDB cache, the floor from the HTTP cache.
    assert.equal(targets['se-edge'].warm.fetchedBytes, 0);
    for (const phase of ['workerStart', 'files', 'runtimeRead', 'runtimeHash', 'session', 'firstRun']) {
      assert.ok(phase in targets['se-edge'].warm.phases, `the breakdown names ${phase}`);
    }
    assert.ok(Number.isFinite(ratios.warmToFloor));
  });

  test('engine benchmark, smoke run: se-edge and raw onnxruntime-web in Chromium, Firefox and WebKit, with the start cold and warm', async () => {
    const enginesOut = fileURLToPath(new URL('../../test-results/engines-bench-smoke.json', import.meta.url));
    const run = await runScript(['test/bench/engines.mjs', '--smoke', '--out', enginesOut], 600_000);
    assert.equal(run.status, 0, run.stderr + run.stdout);
    const result = { ...JSON.parse(readFileSync(enginesOut, 'utf8')), stdout: run.stdout };
    const { engines, stdout } = result;
    assert.deepEqual(Object.keys(engines), ['chromium', 'firefox', 'webkit']);
    for (const [engine, { rows, start }] of Object.entries(engines)) {
      assert.deepEqual(Object.keys(rows), ['se-edge', 'raw ORT, hand-written worker', 'raw ORT, main thread'], engine);
      for (const [name, row] of Object.entries(rows)) {
        assert.equal(row.error, undefined, `${engine} ${name} failed: ${row.error}`);
        for (const figure of [row.loadMs, row.latency.p50, row.burst.perSecond, row.batched.perSecond]) {
          assert.ok(Number.isFinite(figure) && figure > 0, `${engine} ${name}: ${figure}`);
        }
        assert.ok(row.accuracy.correct / row.accuracy.count >= 0.95, `${engine} ${name}: ${row.accuracy.correct}/${row.accuracy.count}`);
        // Long tasks are measured where the engine reports them (Chromium), and never shown as 0 elsewhere.
        assert.equal(Number.isFinite(row.burst.longestTaskMs), engine === 'chromium', `${engine} ${name}: longest task ${row.burst.longestTaskMs}`);
      }
      assert.equal(start.cold.modelSource, 'network', engine);
      assert.equal(start.warm.modelSource, 'cache', engine);
      assert.ok(start.cold.ms > 0 && start.warm.ms > 0, engine);
    }
    assert.match(stdout, /\| webkit \| se-edge \| \d+ \|/);
  });
});
