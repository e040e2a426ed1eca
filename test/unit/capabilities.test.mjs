// worker/load/capabilities.ts, imageReadingProblem (worker/image-pixels.ts) and the clearCache fallback, from their TypeScript sources: what the
// worker checks of the browser before anything is downloaded, each answer against a scope
// that lacks one thing (the engine cases, test/engines/cases/support.mjs, check the same in
// real browsers).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageReadingProblem } from '../../worker/image-pixels.ts';
import { runtimeProblem, threadsProblem } from '../../worker/load/capabilities.ts';
import { deleteSdkDatabases } from '../../worker/load/file-cache.ts';

const browser = {
  WebAssembly,
  crossOriginIsolated: true,
  SharedArrayBuffer,
  Worker: class {},
  OffscreenCanvas: class {},
  createImageBitmap: () => undefined,
};
const without = (name, more = {}) => ({ ...browser, [name]: undefined, ...more });

test('a browser with everything: no problem', () => {
  assert.equal(runtimeProblem(browser), undefined);
  assert.equal(threadsProblem(browser), undefined);
  assert.equal(imageReadingProblem(browser), undefined);
});

test('the runtime needs WebAssembly and its SIMD', () => {
  assert.match(runtimeProblem(without('WebAssembly')), /^WebAssembly is not available in this browser \(it is turned off, as by Lockdown Mode/);
  const noSimd = { ...WebAssembly, validate: (bytes) => !bytes.includes(253) };
  assert.match(runtimeProblem(without('WebAssembly', { WebAssembly: noSimd })), /has no SIMD, which onnxruntime-web needs \(Chrome 91, Firefox 89, Safari 16\.4 or later\)/);
});

test('threads need cross-origin isolation, SharedArrayBuffer and workers in workers, each named', () => {
  assert.match(threadsProblem(without('crossOriginIsolated')), /only to cross-origin isolated pages \(serve the page with the COOP and COEP headers\)/);
  assert.match(threadsProblem(without('SharedArrayBuffer')), /no SharedArrayBuffer even to this cross-origin isolated page \(WebKitGTK and WPE do not yet; Safari does\)/);
  assert.match(threadsProblem(without('Worker')), /cannot start workers from a worker \(Safari before 15\.5\)/);
});

test('images are read in the worker with OffscreenCanvas and createImageBitmap', () => {
  for (const name of ['OffscreenCanvas', 'createImageBitmap']) {
    assert.match(imageReadingProblem(without(name)), /cannot read images in a worker .*pass the model's input as a Float32Array instead$/, name);
  }
});

test('clearCache without indexedDB.databases() (Firefox before 126) deletes the default database', async () => {
  const deleted = [];
  const request = (name) => {
    const r = { result: undefined };
    deleted.push(name);
    setTimeout(() => r.onsuccess?.());
    return r;
  };
  globalThis.indexedDB = { deleteDatabase: request };
  try {
    assert.deepEqual(await deleteSdkDatabases(), ['se-edge-cache']);
    assert.deepEqual(deleted, ['se-edge-cache']);
    deleted.length = 0;
    globalThis.indexedDB.databases = async () => [{ name: 'se-edge-cache:drafts' }, { name: 'my-app' }];
    assert.deepEqual(await deleteSdkDatabases(), ['se-edge-cache:drafts']);
    assert.deepEqual(deleted, ['se-edge-cache:drafts']);
  } finally {
    delete globalThis.indexedDB;
  }
});
