// se-edge/digit-input in Node, as a server render imports it: the package's `node` condition
// gives dist/digit-input-server.js, which defines nothing, touches no browser API and throws
// nothing on import; making the element there says where it runs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing se-edge/digit-input in Node defines nothing and throws nothing; the element says it runs in browsers', async () => {
  const field = await import('se-edge/digit-input');
  assert.deepEqual(Object.keys(field).sort(), ['SeDigitInput', 'defineDigitInput']);
  assert.equal(field.defineDigitInput(), undefined);
  assert.equal(field.defineDigitInput('my-number'), undefined);
  assert.equal(typeof globalThis.customElements, 'undefined');
  assert.throws(() => Reflect.construct(field.SeDigitInput, []), { name: 'UnsupportedError', code: 'UNSUPPORTED', message: /<se-digit-input> runs in browsers/ });
});

test('the browser entry imported where there is no DOM (a server bundle that took `default`: edge functions, workers) defines nothing and throws nothing', async () => {
  const field = await import('../../dist/digit-input.js');
  assert.deepEqual(Object.keys(field).sort(), ['SeDigitInput', 'defineDigitInput']);
  assert.equal(field.defineDigitInput(), undefined);
  assert.equal(field.defineDigitInput('my-number'), undefined);
  assert.equal(typeof globalThis.customElements, 'undefined');
});
