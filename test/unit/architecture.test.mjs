// The architecture, checked on the import graph so that it cannot creep back:
//   src/       the main thread: imports contract/, never worker/, never onnxruntime-web
//   worker/    the worker: imports contract/, never src/
//   contract/  what both sides share (worker API types, errors, public types): imports neither
//   demo/      an app: uses the SDK only through its public entry, 'se-edge'
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

/** Every import of a file (static, dynamic, re-export): a project folder for relative ones, else the package. */
function importsOf(file) {
  const text = readFileSync(join(root, file), 'utf8');
  return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => {
    if (!fileName.startsWith('.')) return { specifier: fileName, target: fileName };
    const target = relative(root, resolve(root, dirname(file), fileName));
    return { specifier: fileName, target: target.split('/')[0] };
  });
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

  test('the demo uses the SDK only through its public entry', () => {
    assert.deepEqual(offending('demo', (t) => t === 'demo' || t === 'se-edge' || t.startsWith('virtual:')), []);
  });

  test('the graph reader sees real imports (a check that cannot pass vacuously)', () => {
    const workerImports = importsOf('worker/engine.ts').map((i) => i.target);
    assert.ok(workerImports.includes('contract') && workerImports.includes('worker'));
    assert.ok(importsOf('src/worker-link.ts').some((i) => i.target === 'comlink'));
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
