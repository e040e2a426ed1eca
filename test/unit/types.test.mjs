// Runs the compile-time API checks in test/types (TypeScript, tsconfig.test.json).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

for (const project of ['tsconfig.test.json', 'tsconfig.src.json', 'tsconfig.worker.json', 'tsconfig.demo.json', 'tsconfig.sw.json', 'tsconfig.bench.json']) {
  test(`TypeScript accepts ${project} (strict, no emit)`, () => {
    const result = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });
}
