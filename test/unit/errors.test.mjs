// contract/errors.ts, from its TypeScript source: each class has its name and code, and
// survives the trip through the worker boundary (serializeError / deserializeError).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as errors from '../../contract/errors.ts';

const { SeEdgeError, WorkerError, deserializeError, serializeError } = errors;
const classes = {
  InputError: 'INVALID_INPUT',
  AbortError: 'ABORTED',
  DisposedError: 'DISPOSED',
  ModelLoadError: 'MODEL_LOAD',
  IntegrityError: 'INTEGRITY',
  BackendError: 'BACKEND',
  WorkerError: 'WORKER',
  TimeoutError: 'TIMEOUT',
  OptionError: 'INVALID_OPTION',
};

test('every error class has its own name and code, and is an SeEdgeError and an Error', () => {
  for (const [name, code] of Object.entries(classes)) {
    const error = new errors[name]('what happened', { cause: 'why' });
    assert.equal(error.name, name);
    assert.equal(error.code, code);
    assert.equal(error.message, 'what happened');
    assert.equal(error.cause, 'why');
    assert.ok(error instanceof SeEdgeError && error instanceof Error);
    for (const other of Object.keys(classes)) if (other !== name) assert.ok(!(error instanceof errors[other]), `${name} is not a ${other}`);
  }
});

test('errors cross the worker boundary as plain data and come back as their own class', () => {
  for (const name of Object.keys(classes)) {
    const data = serializeError(new errors[name]('lost'));
    assert.deepEqual(data, { name, code: classes[name], message: 'lost' });
    assert.deepEqual(structuredClone(data), data);
    const back = deserializeError(data);
    assert.ok(back instanceof errors[name]);
    assert.equal(back.message, 'lost');
  }
});

test("anything else comes back as a WorkerError that keeps the original's name and text", () => {
  const back = deserializeError(serializeError(new RangeError('too far')));
  assert.ok(back instanceof WorkerError);
  assert.equal(back.message, 'RangeError: too far');
  assert.deepEqual(serializeError('a string'), { name: 'Error', message: 'a string' });
});
