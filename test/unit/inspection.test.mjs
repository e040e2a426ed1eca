// worker/inspection/, its pure parts from their TypeScript sources: the gates an app imposes
// become the inspection graph's override rows, or an InputError that names the mistake; the
// manifest's inspection fields are checked at load, with a bound on the memory one input's
// inspection needs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InputError, ModelLoadError } from '../../contract/errors.ts';
import { blocksNamed, gateOverrides, noOverrides } from '../../worker/inspection/gate-settings.ts';
import { INSPECTION_BYTES_LIMIT, inspectionBytes, inspectionFieldsProblem } from '../../worker/inspection/manifest-fields.ts';
import { checkManifest } from '../../worker/load/check-manifest.ts';
import { readFileSync } from 'node:fs';

const blocks = [
  { name: 'se1', output: 'se1', channels: 6, position: '', map: [6, 14, 14] },
  { name: 'se2', output: 'se2', channels: 16, position: '', map: [16, 5, 5] },
  { name: 'se3', output: 'se3', channels: 120, position: '', map: [120, 1, 1] },
];
const inspection = { url: 'm.inspect.onnx', sha256: 'a'.repeat(64), bytes: 1000 };

describe('gates: from the app to the override rows', () => {
  test('no gates: every value NaN (the model keeps its own gate), one row per block', () => {
    const rows = gateOverrides(blocks, undefined);
    assert.deepEqual(Object.keys(rows), ['se1', 'se2', 'se3']);
    assert.equal(rows.se2.length, 16);
    assert.ok([...rows.se1, ...rows.se2, ...rows.se3].every(Number.isNaN));
    assert.equal(noOverrides(blocks, 3).se1.length, 18);
  });

  test('each gate lands on its block and channel; the rest stay NaN', () => {
    const rows = gateOverrides(blocks, { se2: { 5: 0, 15: 1 }, se3: { 0: 0.25 } });
    assert.deepEqual([rows.se2[5], rows.se2[15], rows.se3[0]], [0, 1, 0.25]);
    assert.equal([...rows.se2].filter((v) => !Number.isNaN(v)).length, 2);
    assert.ok([...rows.se1].every(Number.isNaN));
  });

  const refused = (gates) => {
    try {
      gateOverrides(blocks, gates);
    } catch (error) {
      assert.ok(error instanceof InputError, `${error}`);
      return error.message;
    }
    assert.fail(`accepted ${JSON.stringify(gates)}`);
  };

  test('an unknown block, a channel that does not exist, a value outside [0, 1] or NaN: an InputError naming it', () => {
    assert.match(refused({ se9: { 0: 0 } }), /no SE block "se9"; its blocks are se1, se2, se3/);
    assert.match(refused({ se1: { 6: 0 } }), /gates\.se1: channel "6" does not exist; se1 has channels 0 to 5/);
    assert.match(refused({ se1: { '-1': 0 } }), /channel "-1" does not exist/);
    assert.match(refused({ se1: { 1.5: 0 } }), /channel "1.5" does not exist/);
    assert.match(refused({ se1: { '01': 0 } }), /channel "01" does not exist/);
    assert.match(refused({ se2: { 3: 1.5 } }), /gates\.se2\[3\] is 1.5; a gate is a number in \[0, 1\]/);
    assert.match(refused({ se2: { 3: -0.1 } }), /is -0.1/);
    assert.match(refused({ se2: { 3: NaN } }), /is NaN/);
    assert.match(refused({ se2: { 3: '0' } }), /is 0; a gate is a number/);
    assert.match(refused({ se2: [0, 1] }), /gates\.se2 must be an object/);
    assert.match(refused([1]), /gates must be an object/);
    assert.match(refused(null), /gates must be an object/);
  });

  test('blocks of channelEffects: all by default, or those named, checked', () => {
    assert.deepEqual(blocksNamed(blocks, undefined).map((b) => b.name), ['se1', 'se2', 'se3']);
    assert.deepEqual(blocksNamed(blocks, ['se3', 'se1']).map((b) => b.name), ['se3', 'se1']);
    assert.throws(() => blocksNamed(blocks, ['se4']), (e) => e instanceof InputError && /no SE block "se4"/.test(e.message));
    assert.throws(() => blocksNamed(blocks, []), (e) => e instanceof InputError && /non-empty array/.test(e.message));
    assert.throws(() => blocksNamed(blocks, 'se1'), InputError);
  });
});

describe('the manifest fields inspection relies on', () => {
  test("SE-LeNet's inspection returns 15 KB per input: far within the bound", () => {
    assert.equal(inspectionBytes(blocks), (2 * (6 * 196 + 16 * 25 + 120) + 3 * 142) * 4);
    assert.equal(inspectionFieldsProblem({ attention: blocks, inspection }), undefined);
    assert.equal(inspectionFieldsProblem({ attention: blocks }), undefined, 'no inspection graph: nothing more to check');
  });

  test('a map that does not fit its block, a broken inspection field, or a missing map: the field named', () => {
    const withMap = (map) => ({ attention: [{ ...blocks[0], map }], inspection });
    assert.match(inspectionFieldsProblem(withMap([5, 14, 14])), /"attention\[0\]\.map" must be \[channels, height, width\] with channels 6; got \[5,14,14\]/);
    assert.match(inspectionFieldsProblem(withMap([6, 0, 14])), /"attention\[0\]\.map"/);
    assert.match(inspectionFieldsProblem(withMap('6x14x14')), /"attention\[0\]\.map"/);
    assert.match(inspectionFieldsProblem({ attention: blocks, inspection: { ...inspection, sha256: 'x' } }), /"inspection\.sha256"/);
    assert.match(inspectionFieldsProblem({ attention: blocks, inspection: { ...inspection, url: '' } }), /"inspection\.url"/);
    assert.match(inspectionFieldsProblem({ attention: blocks, inspection: { ...inspection, bytes: -1 } }), /"inspection\.bytes"/);
    const [, ...rest] = blocks;
    const unmapped = [{ ...blocks[0], map: undefined }, ...rest];
    assert.match(inspectionFieldsProblem({ attention: unmapped, inspection }), /"attention\[0\]\.map" is needed with "inspection"/);
  });

  test(`a model whose maps would need more than ${INSPECTION_BYTES_LIMIT / 2 ** 20} MB for one input is refused, naming the largest block`, () => {
    const huge = [blocks[0], { ...blocks[1], channels: 512, map: [512, 128, 128] }];
    assert.match(inspectionFieldsProblem({ attention: huge, inspection }), /"attention\[1\]\.map" and the other blocks' maps would need 64 MB to inspect one input; se-edge allows 64 MB/);
    const hostile = [{ ...blocks[0], channels: 1, map: [1, 1e6, 1e6] }];
    assert.match(inspectionFieldsProblem({ attention: hostile, inspection }), /"attention\[0\]\.map" .* would need \d+ MB/);
  });

  test('checkManifest refuses such a manifest at load with a ModelLoadError, before anything is fetched', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../models/se-lenet-mnist.manifest.json', import.meta.url), 'utf8'));
    manifest.inspection = inspection;
    manifest.attention.forEach((block, i) => (block.map = [block.channels, ...[[14, 14], [5, 5], [4096, 4096]][i]]));
    assert.throws(() => checkManifest(manifest, 'm.json'), (e) => e instanceof ModelLoadError && /"attention\[2\]\.map" .* would need/.test(e.message));
  });
});
