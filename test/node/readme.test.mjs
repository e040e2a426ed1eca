// The code examples of the README and of the guides in docs/ are all run: each code block is
// named, each name is used once across those files, and each belongs to a test that runs it,
// wherever it lives. The documented Prediction and DigitReading shapes are checked against the
// real types here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { docBlocks, docExample, docFiles } from '../support/doc-examples.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Which test runs each example (found by name in README.md or docs/*.md). */
const runners = {
  'test/engines/cases/readme.mjs': ['quick-start', 'options', 'batch', 'attention', 'read-digits', 'clothing', 'own-model-python', 'own-model-js', 'errors', 'cancel', 'inspect', 'cache'],
  'test/browser/package.spec.ts': ['install', 'plain-html', 'vite.config.js', 'webpack.config.js'],
  'test/browser/frameworks.spec.ts': [
    'next-digit.tsx', 'next.config.ts', 'angular-digit.ts', 'ng-add', 'angular.json-assets', 'angular-server-headers', 'angular.json-serve',
    'Digit.svelte', 'sveltekit-vite.config.ts', 'rsbuild-index.js', 'rsbuild.config.mjs',
    'digit-input-react.tsx', 'digit-input-react.d.ts', 'digit-input-angular.ts', 'digit-input-svelte',
  ],
  'test/engines/cases/digit-input.mjs': ['digit-input-form', 'digit-input-events'],
  'test/node/readme.test.mjs': ['prediction-type', 'reading-type'],
};

test('the examples are read from the README and every guide in docs/', () => {
  assert.equal(docFiles()[0], 'README.md');
  assert.ok(docFiles().includes('docs/reading-numbers.md'), docFiles().join(', '));
  assert.ok(!docFiles().some((file) => file.startsWith('docs/api/')), "docs/api/ is TypeDoc's output");
});

test('every code block of the README and of docs/ is a named example that a test runs', () => {
  // The README's first sh block holds the set-up commands, which CI and npm test run (project.test.mjs).
  const blocks = docBlocks();
  const setup = blocks.find((b) => b.file === 'README.md' && b.lang === 'sh');
  const code = blocks.filter((b) => b !== setup && ['js', 'ts', 'tsx', 'json', 'svelte', 'html', 'sh', 'python'].includes(b.lang));
  const unnamed = code.filter((b) => !b.name).map((b) => `${b.file}: ${b.code.split('\n')[0]}`);
  assert.deepEqual(unnamed, [], 'blocks without an <!-- example: NAME --> line');
  const files = {};
  for (const b of code) (files[b.name] ??= []).push(b.file);
  const repeated = Object.entries(files).filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
  assert.deepEqual(repeated, [], 'example names used more than once');
  assert.deepEqual(code.map((b) => b.name).sort(), Object.values(runners).flat().sort());
});

/** Compiles a documented type block against the SDK's type of the same name, assigned both ways. */
function checkSameType(example, name) {
  const dir = mkdtempSync(join(tmpdir(), 'se-edge-readme-'));
  try {
    // The other public types an example names (DigitReading names Prediction) come from the SDK.
    const others = name === 'Prediction' ? '' : ', Prediction';
    writeFileSync(join(dir, 'check.ts'), `import type { ${name} as Real${others} } from ${JSON.stringify(join(root, 'src/index.js'))};
${docExample(example).code}
const fromReal = (p: Real): ${name} => p;
const toReal = (p: ${name}): Real => p;
export { fromReal, toReal };
`);
    const args = [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', '--types', 'node', join(dir, 'check.ts')];
    const result = spawnSync(process.execPath, args, { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the Prediction shape in the docs is the SDK\'s Prediction type, both ways', () => {
  checkSameType('prediction-type', 'Prediction');
});

test('the DigitReading shape in the docs is the SDK\'s DigitReading type, both ways', () => {
  checkSameType('reading-type', 'DigitReading');
});
