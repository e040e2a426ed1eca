// npm test: unit tests (Node's test runner), then browser tests: Playwright driving Debian's
// Chromium, then the engine cases in Debian's Firefox and WebKit (test/engines/run.mjs), then
// one closing line with the totals: "N passed, N failed".
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (run('bash', ['scripts/ensure-browsers.sh']).status !== 0) process.exit(1);
if (run('bash', ['scripts/ensure-python.sh']).status !== 0) process.exit(1);

let passed = 0;
let failed = 0;
let todo = 0; // tests marked TODO: they run and report a target not met yet (see their message)

// The README's other set-up command, `npm start`, is run as written (on a free port, through
// PORT=0) and is also how the tests get their build: it must build, then serve the demo.
const started = await npmStart();
console.log(`${started.ok ? '✔' : '✖'} README: npm start builds and serves the demo${started.ok ? '' : `: ${started.why}`}`);
if (!started.ok) process.exit(1);
passed += 1;
if (run('npm', ['run', '--silent', 'build:bench']).status !== 0) process.exit(1); // for the benchmark smoke test

// Unit tests (Node's runner): pure modules run straight from their TypeScript sources
// (test/support/typescript-register.mjs). People read the spec reporter; the counts come
// from a reporter of our own that writes them as JSON.
const unitCounts = fileURLToPath(new URL('../test-results/unit-counts.json', import.meta.url));
mkdirSync(dirname(unitCounts), { recursive: true });
rmSync(unitCounts, { force: true });
const unit = run(process.execPath, [
  '--import', './test/support/typescript-register.mjs',
  '--test',
  '--test-reporter=spec', '--test-reporter-destination=stdout',
  '--test-reporter=./test/support/count-reporter.mjs', `--test-reporter-destination=${unitCounts}`,
  'test/unit/',
]);
try {
  const counts = JSON.parse(readFileSync(unitCounts, 'utf8'));
  passed += counts.passed;
  failed += counts.failed;
  todo += counts.todo;
} catch {
  failed += 1; // the runner did not get as far as counting
}
if (unit.status !== 0 && failed === 0) failed += 1;

// Browser tests: list output for people, JSON for the counts.
const report = fileURLToPath(new URL('../test-results/browser-report.json', import.meta.url));
rmSync(report, { force: true });
const browser = run('npx', ['playwright', 'test', ...process.argv.slice(2)], {
  env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
});
try {
  const { stats } = JSON.parse(readFileSync(report, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected;
} catch {
  failed += 1; // Playwright did not get as far as writing its report
}
if (browser.status !== 0 && failed === 0) failed += 1;

// The same engine cases in Firefox and WebKit (Chromium ran them above, through Playwright),
// with counts from the JSON file the runner writes.
const enginesReport = fileURLToPath(new URL('../test-results/engines-report.json', import.meta.url));
rmSync(enginesReport, { force: true });
const enginesStarted = Date.now();
const engines = run(process.execPath, ['test/engines/run.mjs', '--out', enginesReport]);
try {
  const counts = JSON.parse(readFileSync(enginesReport, 'utf8'));
  passed += counts.passed;
  failed += counts.failed;
} catch {
  failed += 1; // the runner did not get as far as counting
}
if (engines.status !== 0 && failed === 0) failed += 1;
console.log(`Firefox and WebKit took ${Math.round((Date.now() - enginesStarted) / 1000)} s`);

console.log(`\nTests: ${passed} passed, ${failed} failed${todo ? `, ${todo} todo (a target not met yet: see the TODO lines above)` : ''}`);
process.exit(failed === 0 ? 0 : 1);

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
