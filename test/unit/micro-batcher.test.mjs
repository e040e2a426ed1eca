// src/micro-batcher.ts, from its TypeScript source: calls of one tick travel together,
// batches are bounded, at most two are in flight, and waiting calls can be taken back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MicroBatcher } from '../../src/micro-batcher.ts';

/** A batcher whose sends stay open until the test settles them. */
function recorder(maxBatch, maxInFlight) {
  const sent = [];
  const open = [];
  const batcher = new MicroBatcher(
    (batch) => {
      sent.push(batch);
      return new Promise((done) => open.push(done));
    },
    maxBatch,
    maxInFlight,
  );
  const finishOne = async () => {
    open.shift()();
    await new Promise((tick) => setImmediate(tick));
  };
  return { batcher, sent, finishOne };
}
const tick = () => new Promise((done) => setImmediate(done));

test('items pushed in the same tick leave as one batch, after the tick', async () => {
  const { batcher, sent } = recorder(256);
  for (const item of [1, 2, 3]) batcher.push(item);
  assert.equal(sent.length, 0, 'nothing is sent synchronously');
  await tick();
  assert.deepEqual(sent, [[1, 2, 3]]);
});

test('batches hold at most maxBatch items, and at most maxInFlight are out at once', async () => {
  const { batcher, sent, finishOne } = recorder(2, 2);
  for (const item of [1, 2, 3, 4, 5, 6, 7]) batcher.push(item);
  await tick();
  assert.deepEqual(sent, [[1, 2], [3, 4]], 'two in flight; the rest wait');
  await finishOne();
  assert.deepEqual(sent.at(-1), [5, 6]);
  await finishOne();
  assert.deepEqual(sent.at(-1), [7]);
  assert.equal(sent.length, 4);
});

test('items that arrive while the batches are out travel together in the next one', async () => {
  const { batcher, sent, finishOne } = recorder(256, 1);
  batcher.push('a');
  await tick();
  batcher.push('b');
  batcher.push('c');
  await tick();
  assert.deepEqual(sent, [['a']]);
  await finishOne();
  assert.deepEqual(sent, [['a'], ['b', 'c']]);
});

test('remove takes back an item that has not left; drain takes all that wait', async () => {
  const { batcher, sent } = recorder(256, 1);
  batcher.push(1);
  batcher.push(2);
  assert.equal(batcher.remove(2), true);
  await tick();
  assert.equal(batcher.remove(1), false, 'already sent');
  batcher.push(3);
  batcher.push(4);
  await tick();
  assert.deepEqual(batcher.drain(), [3, 4]);
  assert.deepEqual(sent, [[1]]);
});
