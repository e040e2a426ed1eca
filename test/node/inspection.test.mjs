// The inspection graphs (models/inspect_graph.py, written by models/export.py beside each
// model as <name>.inspect.onnx) in onnxruntime-node: each gives PyTorch's answers
// (<name>.inspect-golden.json: the eval-mode module with its SE outputs replaced by U * s')
// with and without gate overrides; without overrides it gives the serving graph's logits and
// gates; rows of a batch do not mix; and the tool writes no inspection field for a model whose
// gate it cannot find multiplied into a map.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PARTS = ['maps', 'scaled', 'squeeze', 'gate', 'applied'];
const MODELS = [
  { dir: join(root, 'models'), name: 'se-lenet-mnist' },
  { dir: join(root, 'models'), name: 'se-lenet-fashion' },
  { dir: join(root, 'test/fixtures/rgb-se-cnn'), name: 'se-cnn' },
];
const maxDiff = (a, b) => {
  assert.equal(a.length, b.length);
  return a.reduce((worst, v, i) => Math.max(worst, Math.abs(v - b[i])), 0);
};

for (const { dir, name } of MODELS) {
  describe(`${name}: the inspection graph`, () => {
    const manifest = JSON.parse(readFileSync(join(dir, `${name}.manifest.json`), 'utf8'));
    const golden = JSON.parse(readFileSync(join(dir, `${name}.inspect-golden.json`), 'utf8'));
    const shape = manifest.input.shape.slice(1);
    const size = shape.reduce((a, b) => a * b, 1);
    const blocks = manifest.attention;
    let inspect;
    let serve;
    const sessions = async () => {
      inspect ??= await ort.InferenceSession.create(readFileSync(join(dir, manifest.inspection.url)));
      serve ??= await ort.InferenceSession.create(readFileSync(join(dir, manifest.model.url)));
      return { inspect, serve };
    };
    /** Feeds for `rows` (each { input: Float32Array, overrides: { block: { channel: value } } }). */
    const feeds = (rows) => {
      const input = new Float32Array(rows.length * size);
      rows.forEach((r, i) => input.set(r.input, i * size));
      const out = { [manifest.input.name]: new ort.Tensor('float32', input, [rows.length, ...shape]) };
      for (const b of blocks) {
        const data = new Float32Array(rows.length * b.channels).fill(NaN);
        rows.forEach((r, i) => Object.entries(r.overrides?.[b.name] ?? {}).forEach(([ch, v]) => { data[i * b.channels + Number(ch)] = v; }));
        out[`${b.name}/override`] = new ort.Tensor('float32', data, [rows.length, b.channels]);
      }
      return out;
    };
    const inputOf = (i) => Float32Array.from(golden.inputs[i]);

    test('is the file the manifest names (sha256, bytes), with the inputs and outputs it promises', async () => {
      const bytes = readFileSync(join(dir, `${name}.inspect.onnx`));
      assert.deepEqual(manifest.inspection, { url: `${name}.inspect.onnx`, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
      const keys = Object.keys(manifest);
      assert.equal(keys[keys.indexOf('model') + 1], 'inspection', 'the inspection field follows the model field');
      assert.equal(golden.model, `${name}.inspect.onnx`);
      for (const b of blocks) assert.equal(b.map.length, 3, `${b.name}.map`);
      const { inspect } = await sessions();
      assert.deepEqual(inspect.inputNames, [manifest.input.name, ...blocks.map((b) => `${b.name}/override`)]);
      assert.deepEqual(inspect.outputNames, ['logits', ...blocks.map((b) => b.output), ...blocks.flatMap((b) => PARTS.map((p) => `${b.name}/${p}`))]);
    });

    test("gives PyTorch's logits, maps, squeezes, gates, applied gates and scaled maps for every golden case (within 1e-4)", async () => {
      const { inspect } = await sessions();
      assert.equal(golden.cases.length, 2 * golden.inputs.length);
      assert.ok(golden.cases.some((c) => Object.keys(c.overrides).length > 0));
      for (const [k, c] of golden.cases.entries()) {
        const out = await inspect.run(feeds([{ input: inputOf(c.input), overrides: c.overrides }]));
        assert.ok(maxDiff(out.logits.data, c.logits) <= 1e-4, `case ${k}: logits`);
        for (const b of blocks) {
          const [ch, h, w] = b.map;
          assert.equal(c.blocks[b.name].maps.length, ch * h * w, `case ${k}: ${b.name}.map`);
          for (const part of PARTS) {
            assert.ok(maxDiff(out[`${b.name}/${part}`].data, c.blocks[b.name][part]) <= 1e-4, `case ${k}: ${b.name}/${part}`);
          }
          assert.ok(maxDiff(out[b.output].data, c.blocks[b.name].gate) <= 1e-4, `case ${k}: ${b.output}`);
          for (const [channel, value] of Object.entries(c.overrides[b.name] ?? {})) {
            assert.equal(out[`${b.name}/applied`].data[Number(channel)], value, `case ${k}: ${b.name} applied[${channel}]`);
          }
        }
      }
    });

    test('gives the serving graph its logits and gates when nothing is overridden (within 1e-5)', async () => {
      const { inspect, serve } = await sessions();
      for (let i = 0; i < golden.inputs.length; i += 1) {
        const served = await serve.run({ [manifest.input.name]: new ort.Tensor('float32', inputOf(i), [1, ...shape]) });
        const out = await inspect.run(feeds([{ input: inputOf(i) }]));
        assert.ok(maxDiff(out.logits.data, served.logits.data) <= 1e-5, `input ${i}: logits`);
        for (const b of blocks) {
          assert.ok(maxDiff(out[b.output].data, served[b.output].data) <= 1e-5, `input ${i}: ${b.output}`);
          assert.ok(maxDiff(out[`${b.name}/gate`].data, served[b.output].data) <= 1e-5, `input ${i}: ${b.name}/gate`);
          assert.ok(maxDiff(out[`${b.name}/applied`].data, served[b.output].data) <= 1e-5, `input ${i}: ${b.name}/applied`);
        }
      }
    });

    test('answers each row of a batch as it answers the row alone, overrides included', async () => {
      const { inspect } = await sessions();
      const first = blocks[0].name;
      const last = blocks.at(-1).name;
      const rows = [
        { input: inputOf(0) },
        { input: inputOf(0), overrides: { [first]: { 0: 0 } } },
        { input: inputOf(golden.inputs.length - 1), overrides: { [last]: { 1: 1 } } },
      ];
      const batch = await inspect.run(feeds(rows));
      for (const [r, row] of rows.entries()) {
        const alone = await inspect.run(feeds([row]));
        for (const key of inspect.outputNames) {
          const n = alone[key].data.length;
          assert.ok(maxDiff(batch[key].data.subarray(r * n, (r + 1) * n), alone[key].data) <= 1e-5, `row ${r}: ${key}`);
        }
      }
      // The override reached the row it was given for, and only that one.
      assert.equal(batch[`${first}/applied`].data[blocks[0].channels], 0);
      assert.notEqual(batch[`${first}/applied`].data[0], 0);
    });
  });
}

describe('a model whose gate the surgery cannot place', () => {
  const work = mkdtempSync(join(tmpdir(), 'se-edge-inspect-'));
  after(() => rmSync(work, { recursive: true, force: true }));

  test('is exported with a warning and without an inspection field or file', () => {
    const script = `
import sys, json, torch
from torch import nn
sys.path.insert(0, ${JSON.stringify(join(root, 'models'))})
from export import export_se_model

class Unscaled(nn.Module):
    """Computes a gate but never multiplies it into the map."""
    def __init__(self, c):
        super().__init__()
        self.excite = nn.Sequential(nn.Linear(c, 2), nn.ReLU(), nn.Linear(2, c), nn.Sigmoid())
    def forward(self, x):
        return x, self.excite(x.mean(dim=(2, 3)))

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 4, 3)
        self.attend = Unscaled(4)
        self.head = nn.Linear(4, 2)
    def forward(self, x):
        x, _ = self.attend(torch.relu(self.conv(x)))
        return self.head(x.mean(dim=(2, 3)))

torch.manual_seed(1)
manifest = export_se_model(Net(), ${JSON.stringify(join(work, 'unscaled.onnx'))}, labels=["a", "b"], input_shape=(1, 8, 8),
                           preprocessing={"type": "fit"}, se_type=Unscaled)
print(json.dumps({"inspection": "inspection" in manifest, "map": manifest["attention"][0]["map"]}))
`;
    const run = spawnSync('/usr/bin/python3', ['-c', script], { cwd: root, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout.trim()), { inspection: false, map: [4, 6, 6] });
    assert.match(run.stderr, /warning: no inspection graph for unscaled: SE block attend: its gate scales no single map: no Mul found/);
    assert.ok(existsSync(join(work, 'unscaled.onnx')));
    assert.ok(!existsSync(join(work, 'unscaled.inspect.onnx')));
    assert.ok(!existsSync(join(work, 'unscaled.inspect-golden.json')));
    const written = JSON.parse(readFileSync(join(work, 'unscaled.manifest.json'), 'utf8'));
    assert.equal(written.inspection, undefined);
  });
});
