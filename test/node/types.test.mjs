// TypeScript: one tsconfig per folder, all referenced from the root tsconfig.json, checked
// once by `tsc -b` (npm run build runs it; here it finds everything up to date or checks
// what changed). test/types holds the compile-time checks of the public API.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const folders = ['contract', 'src', 'worker', 'demo', 'demo/service-worker', 'test'];

test('every source folder has its own tsconfig, referenced by the root one', () => {
  const { config } = ts.readConfigFile(`${root}tsconfig.json`, (path) => readFileSync(path, 'utf8'));
  assert.deepEqual(config.references.map((r) => r.path.replace(/^\.\//, '')), folders);
  for (const folder of folders) assert.ok(existsSync(`${root}${folder}/tsconfig.json`), folder);
});

test('tsc -b accepts every project (strict), the API checks in test/types included', () => {
  const result = spawnSync(process.execPath, [tsc, '-b'], { cwd: root, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stdout + result.stderr);
});
