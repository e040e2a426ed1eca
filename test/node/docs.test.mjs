// npm run docs: the API reference (TypeDoc) builds from the public declarations and covers them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('npm run docs generates an API reference of the public API, without warnings', () => {
  const run = spawnSync('npm', ['run', '--silent', 'docs'], { cwd: root, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.doesNotMatch(run.stdout + run.stderr, /warning/i);
  const index = readFileSync(new URL('../../docs/api/index.html', import.meta.url), 'utf8');
  for (const name of ['createClassifier', 'clearCache', 'Classifier', 'Prediction', 'ClassifierOptions', 'InputError', 'DigitReading', 'ReadDigit', 'ReadDigitsOptions', 'UnsupportedError']) {
    assert.match(index, new RegExp(`>${name}<`), name);
  }
  assert.ok(readdirSync(new URL('../../docs/api/interfaces/', import.meta.url)).some((f) => f.startsWith('Prediction')));
});
