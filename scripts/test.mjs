// The tests, in three tiers, each an npm script; `npm test` runs them all on one build:
//   unit      pure modules straight from their TypeScript sources (test/unit/): no browser, no
//             onnxruntime-node, no Python, no build; seconds (npm run test:unit)
//   node      what runs in Node on the real model, the build and the tools (test/node/):
//             onnxruntime-node, tsc, typedoc, Python and PyTorch (npm run test:node)
//   browsers  the README's `npm start`, Chromium through Playwright (test/browser/), the engine
//             cases in Firefox and WebKit (test/engines/run.mjs) and the benchmarks' smoke runs
//             (test/bench/smoke.test.mjs) (npm run test:browsers)
// Then one line with each tier's time, and the closing line with the totals: "N passed, N failed".
//
//   node scripts/test.mjs [unit] [node] [browsers] [PLAYWRIGHT ARGS]   no tier named: all three
//   e.g. npm run test:browsers -- -g cache
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const results = fileURLToPath(new URL('../test-results/', import.meta.url));
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

const TIERS = ['unit', 'node', 'browsers'];
const args = process.argv.slice(2);
// Leading tier names choose the tiers; what follows goes to Playwright.
const firstOther = args.findIndex((a) => !TIERS.includes(a));
const named = firstOther < 0 ? args : args.slice(0, firstOther);
const playwrightArgs = firstOther < 0 ? [] : args.slice(firstOther);
const tiers = named.length ? TIERS.filter((t) => named.includes(t)) : TIERS;

const totals = { passed: 0, failed: 0, todo: 0 };
/** The build's promise, once a tier has asked for it (see build()). */
let built;
const durations = [];
mkdirSync(results, { recursive: true });

// What the tiers need from the machine, installed (as root) or named once, before any runs.
if (tiers.includes('browsers') && run('bash', ['scripts/ensure-browsers.sh']).status !== 0) process.exit(1);
if (tiers.includes('node') && run('bash', ['scripts/ensure-python.sh']).status !== 0) process.exit(1);

// The test apps' dependencies (bundlers, frameworks: test/support/app-installs.mjs) download in the
// background while the unit and node tiers run; the browser specs use them.
const appInstalls = tiers.includes('browsers') ? installTestApps() : null;

for (const tier of tiers) {
  const started = Date.now();
  console.log(`\n── ${tier} ──`);
  await { unit, node, browsers }[tier]();
  durations.push(`${tier} ${Math.round((Date.now() - started) / 1000)} s`);
}

console.log(`\nTiers: ${durations.join(', ')}`);
console.log(`Tests: ${totals.passed} passed, ${totals.failed} failed${totals.todo ? `, ${totals.todo} todo (a target not met yet: see the TODO lines above)` : ''}`);
process.exit(totals.failed === 0 ? 0 : 1);

async function unit() {
  nodeTests('unit', ['test/unit/']);
}

async function node() {
  if (await build()) nodeTests('node', ['test/node/']);
}

async function browsers() {
  if (!(await build())) return;
  await appInstalls; // if it failed, the specs install again and say why
  if (run('npm', ['run', '--silent', 'build:bench']).status !== 0) return count({ failed: 1 });

  // Chromium: Playwright, list output for people, JSON for the counts.
  const report = `${results}browser-report.json`;
  rmSync(report, { force: true });
  const browser = run('npx', ['playwright', 'test', ...playwrightArgs], { env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report } });
  // No case may need a second try: one that passed only on a retry counts as failed.
  countFrom(report, ({ stats }) => ({ passed: stats.expected, failed: stats.unexpected + stats.flaky }), browser.status);

  // The same engine cases in Firefox and WebKit (Chromium ran them above, through Playwright),
  // the two engines at once: a case mostly waits (on a driver, a load, a page), so the two share
  // the cores well (Firefox 116 s and WebKit 208 s one after the other; 146 s and 221 s side by
  // side), and no case depends on the other engine. WebKitGTK's one case follows WebKit's.
  const lanes = await Promise.all([['firefox'], ['webkit', 'webkitgtk']].map(async (engines) => {
    const report = `${results}engines-${engines[0]}-report.json`;
    rmSync(report, { force: true });
    return { report, status: await runAsync(process.execPath, ['test/engines/run.mjs', '--engines', engines.join(','), '--out', report]) };
  }));
  for (const { report, status } of lanes) countFrom(report, (counts) => counts, status);

  // The benchmarks must not rot: their smoke runs (tiny counts, no timing asserted).
  nodeTests('bench-smoke', ['test/bench/smoke.test.mjs']);
}

/** Like run(), without blocking: resolves with the exit status (a signal counts as 1). */
function runAsync(cmd, args) {
  const child = spawn(cmd, args, { cwd: root, stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

/** Starts the test apps' installs, logging to test-results/app-installs.log; resolves when done. */
function installTestApps() {
  const log = `${results}app-installs.log`;
  const out = openSync(log, 'w');
  const child = spawn(process.execPath, ['test/support/app-installs.mjs'], { cwd: root, stdio: ['ignore', out, out] });
  return new Promise((resolve) => child.on('exit', (code) => {
    console.log(code === 0 ? readFileSync(log, 'utf8').trim() : `test apps: the background install failed (${log}); the specs install again`);
    resolve(code);
  }));
}

/**
 * One build for every tier that needs it: the README's other set-up command, `npm start`, run
 * as written (on a free port, through PORT=0), which must build, then serve the demo.
 */
function build() {
  built ??= npmStart().then((started) => {
    count(started.ok ? { passed: 1 } : { failed: 1 });
    console.log(`${started.ok ? '✔' : '✖'} README: npm start builds and serves the demo${started.ok ? '' : `: ${started.why}`}`);
    return started.ok;
  });
  return built;
}

/**
 * Node's test runner over `paths`, straight from the TypeScript sources
 * (test/support/typescript-register.mjs). People read the spec reporter; the counts come from
 * a reporter of our own that writes them as JSON.
 */
function nodeTests(name, paths) {
  const counts = `${results}${name}-counts.json`;
  rmSync(counts, { force: true });
  const { status } = run(process.execPath, [
    '--import', './test/support/typescript-register.mjs',
    '--test',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=./test/support/count-reporter.mjs', `--test-reporter-destination=${counts}`,
    ...paths,
  ]);
  countFrom(counts, (c) => c, status);
}

/** Adds the counts a runner wrote to `file`; a runner that failed without counting is one failure. */
function countFrom(file, read, status) {
  let counts;
  try {
    counts = read(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    counts = { failed: 1 }; // the runner did not get as far as counting
  }
  if (status !== 0 && !counts.failed) counts = { ...counts, failed: 1 };
  count(counts);
}

function count({ passed = 0, failed = 0, todo = 0 }) {
  totals.passed += passed;
  totals.failed += failed;
  totals.todo += todo;
}

/** Runs `npm start` until it prints the demo's address, fetches the demo, then stops it. */
async function npmStart() {
  const child = spawn('npm', ['start'], { cwd: root, env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  let output = '';
  try {
    const address = await new Promise((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        const url = output.match(/se-edge demo: (http:\/\/\S+)/)?.[1];
        if (url) resolve(url);
      });
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    const response = await fetch(address);
    const page = await response.text();
    if (!response.ok || !page.includes('<title>')) return { ok: false, why: `${address} answered ${response.status}` };
    return { ok: true };
  } catch (error) {
    return { ok: false, why: error.message };
  } finally {
    try {
      process.kill(-child.pid);
    } catch {} // already gone
  }
}
