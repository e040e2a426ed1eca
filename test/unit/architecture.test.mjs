// The architecture, checked on the import graph so that it cannot creep back:
//   src/       the main thread: imports contract/, never worker/, never onnxruntime-web
//   worker/    the worker: imports contract/, never src/
//   contract/  what both sides share (worker API types, errors, public types): imports neither
//   demo/      an app: uses the SDK only through its public entries, 'se-edge' and 'se-edge/digit-input'
// and inside the worker, its rooms: reading/ (readDigits) and load/ (the load pipeline) never
// import each other, and preprocessing/ (what a manifest names) never imports reading/.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(folder) {
  return readdirSync(join(root, folder), { recursive: true })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(folder, f));
}

/**
 * Every import of a file (static, dynamic, re-export): a project folder for relative ones, else
 * the package; `path`, the imported file's path from the root (the specifier for a package).
 */
function importsOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith('.')) return { specifier: fileName, target: fileName, path: fileName };
    const path = relative(root, resolve(root, dirname(file), fileName));
    return { specifier: fileName, target: path.split('/')[0], path };
  });
}

/** The imports of the files in `folder` (none when it does not exist) of anything under `other`. */
function importsBetween(folder, other) {
  if (!existsSync(join(root, folder))) return [];
  return sources(folder).flatMap((file) =>
    importsOf(file)
      .filter(({ path }) => path === other || path.startsWith(`${other}/`))
      .map(({ specifier }) => `${file} imports ${specifier}`),
  );
}

function offending(folder, allowed) {
  return sources(folder).flatMap((file) =>
    importsOf(file)
      .filter(({ target }) => !allowed(target))
      .map(({ specifier }) => `${file} imports ${specifier}`),
  );
}

describe('import graph', () => {
  test('src/ imports only itself, contract/ and comlink: never the worker, never onnxruntime-web', () => {
    assert.deepEqual(offending('src', (t) => ['src', 'contract', 'comlink'].includes(t)), []);
  });

  test('worker/ imports only itself, contract/ and its runtime packages: never src/', () => {
    const packages = ['comlink', 'idb-keyval', 'onnxruntime-web', 'onnxruntime-web/wasm', 'virtual:ort-runtime', 'virtual:bundled-model'];
    assert.deepEqual(offending('worker', (t) => t === 'worker' || t === 'contract' || packages.includes(t)), []);
  });

  test('contract/ imports neither side', () => {
    assert.deepEqual(offending('contract', (t) => t === 'contract' || t === 'comlink'), []);
  });

  test('the demo uses the SDK only through its public entries', () => {
    const entries = ['se-edge', 'se-edge/digit-input'];
    assert.deepEqual(offending('demo', (t) => t === 'demo' || entries.includes(t) || t.startsWith('virtual:')), []);
  });

  test("the worker's rooms: reading/ and load/ never import each other; preprocessing/ never imports reading/", () => {
    // load/ may not exist yet: a missing folder imports nothing.
    assert.deepEqual(importsBetween('worker/reading', 'worker/load'), []);
    assert.deepEqual(importsBetween('worker/load', 'worker/reading'), []);
    assert.deepEqual(importsBetween('worker/preprocessing', 'worker/reading'), []);
  });

  test('the graph reader sees real imports (a check that cannot pass vacuously)', () => {
    const workerImports = importsOf('worker/engine.ts').map((i) => i.target);
    assert.ok(workerImports.includes('contract') && workerImports.includes('worker'));
    assert.ok(importsOf('src/worker-link.ts').some((i) => i.target === 'comlink'));
    // The folder check sees imports between the worker's folders, and a missing folder is empty.
    assert.ok(importsBetween('worker/reading', 'worker/preprocessing').length > 0);
    assert.ok(importsBetween('worker', 'worker/reading').includes('worker/engine.ts imports ./reading/index.js'));
    assert.deepEqual(importsBetween('worker/no-such-folder', 'worker'), []);
  });
});

describe('the contract', () => {
  test('the worker API and the public types are types only: they compile to no code', () => {
    for (const file of ['contract/worker-api.ts', 'contract/types.ts', 'contract/options.ts']) {
      const js = ts.transpileModule(readFileSync(join(root, file), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
      }).outputText;
      assert.equal(js.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '').trim(), 'export {};', `${file} holds runtime code`);
    }
  });

  test("the worker's API object satisfies the contract's WorkerApi", () => {
    assert.match(readFileSync(join(root, 'worker/api.ts'), 'utf8'), /\} satisfies WorkerApi;/);
  });
});
