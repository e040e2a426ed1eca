// npm test: unit tests (Node's test runner), then browser tests (Playwright driving Debian's
// Chromium), then one closing line with the totals: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });

if (run('bash', ['scripts/ensure-chromium.sh']).status !== 0) process.exit(1);
if (run('npm', ['run', '--silent', 'build']).status !== 0) process.exit(1);
if (run('npm', ['run', '--silent', 'build:bench']).status !== 0) process.exit(1); // for the benchmark smoke test

let passed = 0;
let failed = 0;

// Unit tests: their own output, and the counts read from Node's spec reporter summary.
const unit = run(process.execPath, ['--test', '--test-reporter=spec', 'test/unit/'], {
  stdio: ['inherit', 'pipe', 'inherit'],
  encoding: 'utf8',
});
process.stdout.write(unit.stdout);
const count = (label) => Number(unit.stdout.match(new RegExp(`ℹ ${label} (\\d+)`))?.[1] ?? 0);
passed += count('pass');
failed += count('fail') + count('cancelled');
if (unit.status !== 0 && count('fail') + count('cancelled') === 0) failed += 1; // crashed before counting

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

console.log(`\nTests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
