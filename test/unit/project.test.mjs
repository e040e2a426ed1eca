// Project-level promises: the README's commands and size, and what CI runs. (The build's
// shape and size: test/node/build-output.test.mjs.)
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { docBlocks } from '../support/doc-examples.mjs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

describe('README and CI', () => {
  const setup = docBlocks(['README.md']).find((b) => b.lang === 'sh')?.code.trim().split('\n') ?? [];

  test('the README opens with exactly two set-up commands: npm start and npm test', () => {
    assert.equal(setup.length, 2, `set-up block: ${JSON.stringify(setup)}`);
    assert.match(setup[0], /npm start$/);
    assert.match(setup[1], /npm test$/);
  });

  test('.ci/run installs the Debian packages the tests need, then runs the README test command exactly as written there', () => {
    const ci = read('.ci/run').split('\n').filter((line) => line && !/^(#|set |cd )/.test(line));
    assert.deepEqual(ci, ['bash scripts/ensure-browsers.sh', 'bash scripts/ensure-python.sh', setup[1]]);
  });

  test('the README is at most 15 KB: the rest is in the guides of docs/', () => {
    const bytes = readFileSync(new URL('README.md', root)).length;
    assert.ok(bytes <= 15 * 1024, `README.md is ${bytes} bytes, over 15,360`);
  });
});
