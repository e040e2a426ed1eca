// The export tool (models/export.py), run with Debian's Python and PyTorch as a user runs it:
// the bundled models re-exported through it come out byte for byte as committed; its
// command writes a model and a manifest that onnxruntime-node runs to the manifest's probe;
// and it refuses, naming the block, gates that are not [N, C] in [0, 1].
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';

const root = fileURLToPath(new URL('../../', import.meta.url));
const models = join(root, 'models');
const work = mkdtempSync(join(tmpdir(), 'se-edge-export-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs Debian's Python (where python3-torch installs) and returns its stdout. */
const python = (args, options = {}) => execFileSync('/usr/bin/python3', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });

describe('the bundled models (MNIST, Fashion-MNIST), re-exported through the tool', () => {
  test('give the committed .onnx and inspection graphs byte for byte, the committed manifests and inspection goldens', () => {
    python(['models/reexport.py', '--out', work]);
    for (const name of ['se-lenet-mnist', 'se-lenet-fashion']) {
      for (const file of [`${name}.onnx`, `${name}.inspect.onnx`]) {
        assert.ok(readFileSync(join(work, file)).equals(readFileSync(join(models, file))), `same ${file} bytes`);
      }
      for (const file of [`${name}.manifest.json`, `${name}.inspect-golden.json`]) {
        assert.deepEqual(JSON.parse(readFileSync(join(work, file), 'utf8')), JSON.parse(readFileSync(join(models, file), 'utf8')), file);
      }
    }
  });
});

// A user's model file: a small SE network on grey 20x24 inputs, with its own SE block class.
const userModel = `
import torch
from torch import nn

class Gate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.squeeze = nn.AdaptiveAvgPool2d(1)
        self.excite = nn.Sequential(nn.Linear(c, 2), nn.ReLU(), nn.Linear(2, c), nn.Sigmoid())
    def forward(self, x):
        s = self.excite(self.squeeze(x).flatten(1))
        return x * s[:, :, None, None], s

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Conv2d(1, 4, 3), nn.ReLU())
        self.attend = Gate(4)
        self.head = nn.Linear(4, 3)
    def forward(self, x):
        x, _ = self.attend(self.body(x))
        return self.head(x.mean(dim=(2, 3)))

def build():
    torch.manual_seed(3)
    return Net()
`;

describe('the command', () => {
  test('writes the .onnx and a manifest whose every field fits it; onnxruntime-node reproduces the probe', async () => {
    writeFileSync(join(work, 'user_model.py'), userModel);
    const out = join(work, 'out', 'tiny.onnx');
    const printed = python(['models/export.py', `${join(work, 'user_model.py')}:build`, '--out', out, '--labels', 'a,b,c', '--input-shape', '1,20,24',
      '--preprocessing', '{"type": "fit", "invert": true}', '--se-type', 'Gate', '--version', '0.3.0']);
    assert.match(printed, /wrote .*tiny\.onnx \(\d+ bytes\) and tiny\.manifest\.json; SE blocks: attend \[N, 4\]/);
    const bytes = readFileSync(out);
    const manifest = JSON.parse(readFileSync(join(work, 'out', 'tiny.manifest.json'), 'utf8'));
    // MACs by hand: the convolution 4x18x22 outputs x 9 weights = 14,256; the gate's two Linear 8 + 8;
    // its scaling 4x18x22 = 1,584; the head 4x3 = 12.
    assert.deepEqual(manifest.model, { url: 'tiny.onnx', sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, format: 'onnx', opset: 17, parameters: 77, macs: 15_868 });
    assert.deepEqual(manifest.input, { name: 'input', shape: ['N', 1, 20, 24], dtype: 'float32', range: [0, 1], preprocessing: { type: 'fit', invert: true } });
    assert.deepEqual(manifest.labels, ['a', 'b', 'c']);
    assert.equal(manifest.version, '0.3.0');
    assert.deepEqual(manifest.attention, [{ name: 'attend', channels: 4, map: [4, 18, 22], hidden: 2, position: 'module attend (Gate), on a 4x18x22 map', output: 'attend', shape: ['N', 4] }]);
    const inspection = readFileSync(join(work, 'out', 'tiny.inspect.onnx'));
    assert.deepEqual(manifest.inspection, { url: 'tiny.inspect.onnx', sha256: createHash('sha256').update(inspection).digest('hex'), bytes: inspection.length });
    const inspector = await ort.InferenceSession.create(inspection);
    assert.deepEqual(inspector.inputNames, ['input', 'attend/override']);
    assert.deepEqual(inspector.outputNames, ['logits', 'attend', 'attend/maps', 'attend/scaled', 'attend/squeeze', 'attend/gate', 'attend/applied']);
    const { probe } = manifest;
    assert.equal(probe.inputs.length, 4);
    assert.ok(probe.inputs.every((row) => row.length === 480 && row.every((v) => v >= 0 && v <= 1 && v * 16 === Math.round(v * 16))));

    const session = await ort.InferenceSession.create(bytes);
    assert.deepEqual(session.outputNames, ['logits', 'attend']);
    const input = new ort.Tensor('float32', Float32Array.from(probe.inputs.flat()), [4, 1, 20, 24]);
    const result = await session.run({ input });
    const diff = (actual, rows) => rows.flat().reduce((w, v, i) => Math.max(w, Math.abs(actual[i] - v)), 0);
    assert.ok(diff(result.logits.data, probe.logits) <= probe.tolerance);
    assert.ok(diff(result.attend.data, probe.attention.attend) <= probe.tolerance);
    assert.deepEqual(result.attend.dims, [4, 4], 'the batch is dynamic');
  });
});

describe('the blocks', () => {
  test('come in the order the forward pass runs them, whatever order the model holds them in', () => {
    writeFileSync(join(work, 'user_model.py'), userModel);
    const order = python(['-c', `
import sys, torch
from torch import nn
sys.path.insert(0, ${JSON.stringify(models)})
sys.path.insert(0, ${JSON.stringify(work)})
from export import export_se_model
from user_model import Gate

class TwoGates(nn.Module):
    def __init__(self):
        super().__init__()
        self.late = Gate(4)   # held first, runs second
        self.early = Gate(4)
        self.conv = nn.Conv2d(1, 4, 3)
        self.head = nn.Linear(4, 2)
    def forward(self, x):
        x, _ = self.early(torch.relu(self.conv(x)))
        x, _ = self.late(x)
        return self.head(x.mean(dim=(2, 3)))

manifest = export_se_model(TwoGates(), ${JSON.stringify(join(work, 'order', 'two.onnx'))}, labels=["a", "b"], input_shape=(1, 8, 8),
                           preprocessing={"type": "fit"}, se_type=Gate)
print(",".join(b["name"] for b in manifest["attention"]))
`]).trim();
    assert.equal(order, 'early,late');
  });
});

describe('refusals', () => {
  // Each case exports a variant of the user's model through the API; the script prints the
  // ExportError's message, or "exported" if there was none.
  const refusal = (setup, call) =>
    python(['-c', `
import sys, torch
from torch import nn
sys.path.insert(0, ${JSON.stringify(models)})
sys.path.insert(0, ${JSON.stringify(work)})
from export import export_se_model, ExportError
from user_model import Gate, Net, build
${setup}
try:
    ${call}
    print("exported")
except ExportError as error:
    print(error)
`]).trim();
  const exportWith = () =>
    `export_se_model(model, ${JSON.stringify(join(work, 'refused', 'm.onnx'))}, labels=["a", "b", "c"], input_shape=(1, 20, 24), preprocessing={"type": "fit"}, se_type=Gate)`;

  test('a gate that is a map, not one weight per channel ([N, C, H, W])', () => {
    writeFileSync(join(work, 'user_model.py'), userModel);
    const message = refusal(`
class Spatial(Gate):
    def forward(self, x):
        s = torch.sigmoid(x)
        return x * s, s
model = build()
model.attend = Spatial(4)`, exportWith());
    assert.match(message, /SE block attend: its gate is \[4, 4, 18, 22\] for 4 inputs; se-edge needs \[N, C\]/);
  });

  test('a gate outside [0, 1] (not a sigmoid)', () => {
    const message = refusal(`
class Tanh(Gate):
    def forward(self, x):
        s = 2 * torch.tanh(self.squeeze(x).flatten(1) - 0.5)
        return x * s[:, :, None, None], s
model = build()
model.attend = Tanh(4)`, exportWith());
    assert.match(message, /SE block attend: its gate spans \[-?[\d.e-]+, [\d.e-]+\]; se-edge needs values in \[0, 1\]/);
  });

  test('logits that are not one per label', () => {
    assert.match(refusal('model = build()', exportWith().replace('labels=["a", "b", "c"]', 'labels=["a", "b"]')), /the logits are \[4, 3\] for 4 inputs; expected \[4, 2\] \(one per label\)/);
  });

  test('no SE module of the type, or a name the model does not have', () => {
    assert.match(refusal('model = build()', exportWith().replace('se_type=Gate', 'se_type=nn.BatchNorm2d')), /the model has no module of type BatchNorm2d/);
    assert.match(refusal('model = build()', exportWith().replace('se_type=Gate', 'se_names=["attention"]')), /no module named \['attention'\] in the model; its modules are \['body', 'body\.0', 'body\.1', 'attend'/);
  });

  test('a preprocessing that cannot give the input', () => {
    assert.match(refusal('model = build()', exportWith().replace('{"type": "fit"}', '{"type": "fit", "color": "rgb"}')), /'fit' preprocessing with color 'rgb' gives 3 channel\(s\); the input has 1/);
    assert.match(refusal('model = build()', exportWith().replace('{"type": "fit"}', '{"type": "letterbox"}')), /preprocessing must be a dict whose 'type' is one of \['fit', 'mnist-digit'\]/);
  });
});
