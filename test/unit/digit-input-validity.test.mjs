// src/digit-input/validity.ts, from its TypeScript source: <se-digit-input>'s constraint
// validation follows <input>'s rules (an empty value is only checked by `required`; min and
// max on the number; maxlength on the digits; pattern on the whole value, compiled with the
// `v` flag, ignored when it does not compile), and a digit read below the confidence
// threshold makes the value a bad input that says which digit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesPattern, validate } from '../../src/digit-input/validity.ts';

const none = { required: false, unsure: [] };
const flag = (value, constraints) => Object.keys(validate(value, { ...none, ...constraints }).flags).join() || 'valid';

test('an empty value is valid unless required', () => {
  assert.equal(flag('', {}), 'valid');
  assert.equal(flag('', { required: true }), 'valueMissing');
  assert.equal(validate('', { ...none, required: true }).message, 'Write or type a number.');
  // The other constraints do not look at an empty value, as on <input>.
  assert.equal(flag('', { min: 5, max: 10, pattern: '[0-9]{4}', maxLength: 0 }), 'valid');
});

test('min and max bound the number, each included', () => {
  assert.equal(flag('4', { min: 5 }), 'rangeUnderflow');
  assert.equal(flag('5', { min: 5 }), 'valid');
  assert.equal(flag('0010', { min: 5, max: 10 }), 'valid');
  assert.equal(flag('11', { max: 10 }), 'rangeOverflow');
  assert.equal(validate('11', { ...none, max: 10 }).message, 'The number must be 10 or less.');
  // An attribute that is not a number (NaN) sets no bound.
  assert.equal(flag('3', { min: NaN, max: NaN }), 'valid');
});

test('maxlength counts digits; a negative one sets no limit', () => {
  assert.equal(flag('12345', { maxLength: 4 }), 'tooLong');
  assert.equal(validate('12345', { ...none, maxLength: 4 }).message, 'Use at most 4 digits (now 5).');
  assert.equal(flag('1234', { maxLength: 4 }), 'valid');
  assert.equal(flag('12345', { maxLength: -1 }), 'valid');
});

test('pattern matches the whole value; the title joins its message; a pattern that does not compile is ignored', () => {
  assert.equal(flag('123', { pattern: '[0-9]{4}' }), 'patternMismatch');
  assert.equal(flag('12345', { pattern: '[0-9]{4}' }), 'patternMismatch');
  assert.equal(flag('1234', { pattern: '[0-9]{4}' }), 'valid');
  assert.equal(validate('123', { ...none, pattern: '\\d{4}', title: 'four digits' }).message, 'Match the requested format: four digits');
  assert.equal(matchesPattern('12', '1|12'), true); // the alternation is grouped before anchoring
  assert.equal(matchesPattern('12', '(unclosed'), true);
});

test('an unclear digit makes the value a bad input, before any other rule, naming the digits', () => {
  assert.deepEqual(validate('12', { ...none, required: true, unsure: [2] }), {
    flags: { badInput: true },
    message: 'Digit 2 is unclear: choose what it is, or write again.',
  });
  assert.equal(validate('', { ...none, unsure: [1, 3] }).message, 'Digits 1, 3 are unclear: choose what they are, or write again.');
});
