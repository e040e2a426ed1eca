// Bad input gets a typed error that names what was expected, and the classifier stays usable.
import type { Page } from '@playwright/test';
import { cachedModelKeys, countRequests, expect, golden, manifest, openSdkPage, test } from './fixtures.js';

test('each kind of bad input rejects with an exported error class, and the next call succeeds', async ({ page }) => {
  await openSdkPage(page);
  const outcomes = await page.evaluate(async (valid) => {
    const { createClassifier, InputError, AbortError, OptionError } = window.seEdge;
    const clf = await createClassifier({ backend: 'wasm' });
    const good = Float32Array.from(valid);
    const withValue = (v: number) => Object.assign(good.slice(), { [100]: v });
    const blank = document.createElement('canvas'); // 300x150, no ink
    const zero = document.createElement('canvas');
    zero.width = 0;
    const cases: [string, () => Promise<unknown>, unknown][] = [
      ['short array', () => clf.classify(new Float32Array(10)), InputError],
      ['NaN', () => clf.classify(withValue(NaN)), InputError],
      ['Infinity', () => clf.classify(withValue(Infinity)), InputError],
      ['out of range', () => clf.classify(withValue(255)), InputError],
      ['plain array', () => clf.classify([1, 2, 3] as never), InputError],
      ['non-image object', () => clf.classify({ width: 28, height: 28 } as never), InputError],
      ['zero-size canvas', () => clf.classify(zero), InputError],
      ['blank canvas', () => clf.classify(blank), InputError],
      ['empty Blob', () => clf.classify(new Blob([])), InputError],
      ['Blob that is not an image', () => clf.classify(new Blob(['not a png'], { type: 'image/png' })), InputError],
      ['aborted signal', () => clf.classify(good, { signal: AbortSignal.abort() }), AbortError],
      ['bad topK', () => clf.classify(good, { topK: 0 }), OptionError],
    ];
    const results = [];
    for (const [name, call, type] of cases) {
      try {
        await call();
        results.push({ name, outcome: 'resolved' });
      } catch (error) {
        const e = error as InstanceType<typeof InputError>;
        const next = await clf.classify(good).then((p) => p.label, (err) => `failed: ${err}`);
        results.push({
          name,
          outcome: 'rejected',
          right: e instanceof (type as typeof InputError) && e instanceof window.seEdge.SeEdgeError,
          errorName: e.name,
          code: e.code,
          message: e.message,
          next,
        });
      }
    }
    await clf.dispose();
    return results;
  }, golden.inputs[4]!);
  for (const outcome of outcomes) {
    expect(outcome, outcome.name).toMatchObject({ outcome: 'rejected', right: true, next: String(golden.labels[4]) });
    expect((outcome.message ?? '').length, outcome.name).toBeGreaterThan(15);
  }
  const byName = Object.fromEntries(outcomes.map((o) => [o.name, o]));
  expect(byName['short array']).toMatchObject({ errorName: 'InputError', code: 'INVALID_INPUT' });
  expect(byName['short array']!.message).toMatch(/expected 784 values/);
  expect(byName['NaN']!.message).toMatch(/value 100 is NaN/);
  expect(byName['blank canvas']!.message).toMatch(/blank/);
  // Decoding fails in the worker: the class survives the trip back.
  expect(byName['Blob that is not an image']!.message).toMatch(/could not be decoded/);
  expect(byName['aborted signal']).toMatchObject({ errorName: 'AbortError', code: 'ABORTED' });
});

test('aborting a queued call rejects it alone; its batch-mates resolve', async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(async (inputs) => {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const controller = new AbortController();
    const calls = inputs.map((row, i) =>
      clf.classify(Float32Array.from(row), i === 1 ? { signal: controller.signal } : {}).then(
        (p) => p.label,
        (e: Error) => e.name,
      ),
    );
    controller.abort();
    const labels = await Promise.all(calls);
    await clf.dispose();
    return labels;
  }, golden.inputs.slice(0, 3));
  expect(outcome).toEqual([String(golden.labels[0]), 'AbortError', String(golden.labels[2])]);
});

test('calls after dispose, and calls pending at dispose, reject with DisposedError', async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(async (input) => {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const pending = clf.classify(Float32Array.from(input)).then(() => 'resolved', (e: Error) => e.name);
    await clf.dispose();
    const after = await clf.classify(Float32Array.from(input)).then(() => 'resolved', (e) => [e.name, e.code, e instanceof window.seEdge.DisposedError]);
    return { pending: await pending, after };
  }, golden.inputs[0]!);
  expect(['resolved', 'DisposedError']).toContain(outcome.pending);
  expect(outcome.after).toEqual(['DisposedError', 'DISPOSED', true]);
});

test('a manifest that does not load gives a typed ModelLoadError naming the URL', async ({ page }) => {
  await openSdkPage(page);
  const error = await page.evaluate(async () => {
    try {
      await window.seEdge.createClassifier({ model: '/no/such/manifest.json' });
      return null;
    } catch (e) {
      const err = e as InstanceType<typeof window.seEdge.ModelLoadError>;
      return { name: err.name, code: err.code, message: err.message, right: err instanceof window.seEdge.ModelLoadError };
    }
  });
  expect(error).toMatchObject({ name: 'ModelLoadError', code: 'MODEL_LOAD', right: true });
  expect(error!.message).toMatch(/\/no\/such\/manifest\.json.*HTTP 404/);
});

test('model bytes that do not match the pinned sha256 give an IntegrityError and are not cached', async ({ page }) => {
  const pinnedElsewhere = { ...manifest, model: { ...manifest.model, url: '/dist/models/se-lenet-mnist.onnx', sha256: 'ab'.repeat(32) } };
  await page.route('**/__test__/pinned.manifest.json', (route) =>
    route.fulfill({ json: pinnedElsewhere, headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }),
  );
  await openSdkPage(page);
  const outcome = await page.evaluate(async () => {
    let error: { name: string; code: string; message: string; right: boolean } | null = null;
    try {
      await window.seEdge.createClassifier({ model: '/__test__/pinned.manifest.json', backend: 'wasm' });
    } catch (e) {
      const err = e as InstanceType<typeof window.seEdge.IntegrityError>;
      error = { name: err.name, code: err.code, message: err.message, right: err instanceof window.seEdge.IntegrityError };
    }
    return { error };
  });
  const modelKeys = await cachedModelKeys(page);
  expect(outcome.error).toMatchObject({ name: 'IntegrityError', code: 'INTEGRITY', right: true });
  expect(outcome.error!.message).toMatch(/se-lenet-mnist\.onnx has SHA-256 [0-9a-f]{64} but (ab){32} was expected/);
  expect(modelKeys).toEqual([]);
});

/** createClassifier of a manifest served at /__test__/<name>; resolves with the error it gave. */
async function loadError(page: Page, name: string, served: unknown) {
  await page.route(`**/__test__/${name}`, (route) => route.fulfill({ json: served, headers: { 'Cross-Origin-Resource-Policy': 'same-origin' } }));
  await openSdkPage(page);
  return page.evaluate(async (url) => {
    try {
      await window.seEdge.createClassifier({ model: url, backend: 'wasm', cache: false });
      return null;
    } catch (e) {
      const err = e as InstanceType<typeof window.seEdge.ModelLoadError>;
      return { name: err.name, code: err.code, message: err.message, right: err instanceof window.seEdge.ModelLoadError };
    }
  }, `/__test__/${name}`);
}

test('a manifest the worker cannot serve is refused at load, naming the field, before anything is downloaded', async ({ page }) => {
  const onnx = countRequests(page, /\.onnx$/);
  const rgb = { ...manifest, model: { ...manifest.model, url: '/dist/models/se-lenet-mnist.onnx' }, input: { ...manifest.input, shape: ['N', 3, 32, 32] } };
  const error = await loadError(page, 'rgb.manifest.json', rgb);
  expect(error).toMatchObject({ name: 'ModelLoadError', code: 'MODEL_LOAD', right: true });
  expect(error!.message).toMatch(/rgb\.manifest\.json cannot be used: "input\.shape" must be \[N, 1, 28, 28\] for "mnist-digit" preprocessing; got \[N, 3, 32, 32\]/);
  expect(onnx.count()).toBe(0);
});

test("a manifest whose output names are not the model's is refused at load, naming the field", async ({ page }) => {
  const renamed = { ...manifest, model: { ...manifest.model, url: '/dist/models/se-lenet-mnist.onnx' }, outputs: { logits: { name: 'scores' } } };
  const error = await loadError(page, 'renamed.manifest.json', renamed);
  expect(error).toMatchObject({ name: 'ModelLoadError', right: true });
  expect(error!.message).toMatch(/"outputs\.logits\.name" is "scores" but the model's outputs are \["logits","se1","se2","se3"\]/);
});

test("the classifier states its model's input length, and classify(Float32Array) holds to it", async ({ page }) => {
  await openSdkPage(page);
  const outcome = await page.evaluate(async () => {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm' });
    const { inputLength, model } = clf;
    const message = await clf.classify(new Float32Array(inputLength + 1)).then(() => 'resolved', (e: Error) => e.message);
    const label = (await clf.classify(new Float32Array(inputLength))).label;
    await clf.dispose();
    return { inputLength, shape: model.input.shape, range: model.input.range, message, label };
  });
  expect(outcome).toMatchObject({ inputLength: 784, shape: ['N', 1, 28, 28], range: [0, 1] });
  expect(outcome.message).toBe('input: expected 784 values (the model\'s input), got a Float32Array of 785');
  expect(outcome.label).toMatch(/^\d$/);
});
