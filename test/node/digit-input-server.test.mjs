// se-edge/digit-input in Node, as a server render imports it: the package's `node` condition
// gives dist/digit-input-server.js, which defines nothing, touches no browser API and throws
// nothing on import; making the element there says where it runs. The browser entry, which a
// server bundle without the `node` condition takes (edge functions, workers), imports there too.
import assert from 'node:assert/strict';
import { test } from 'node:test';

/** Imports `entry` where there is no DOM: the same names, and registering defines nothing. */
async function importsWithoutDom(entry) {
  const field = await import(entry);
  assert.deepEqual(Object.keys(field).sort(), ['SeDigitInput', 'defineDigitInput']);
  assert.equal(field.defineDigitInput(), undefined);
  assert.equal(field.defineDigitInput('my-number'), undefined);
  assert.equal(typeof globalThis.customElements, 'undefined');
  return field;
}

test('importing se-edge/digit-input in Node defines nothing and throws nothing; the element says it runs in browsers', async () => {
  const field = await importsWithoutDom('se-edge/digit-input');
  assert.throws(() => Reflect.construct(field.SeDigitInput, []), { name: 'UnsupportedError', code: 'UNSUPPORTED', message: /<se-digit-input> runs in browsers/ });
});

test('the browser entry imported where there is no DOM (a server bundle that took `default`: edge functions, workers) defines nothing and throws nothing', async () => {
  await importsWithoutDom('../../dist/digit-input.js');
});
