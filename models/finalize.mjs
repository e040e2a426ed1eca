// Measures the exported model with ONNX Runtime (onnxruntime-node) over the 2,000 held-out
// digits and records the figure in the manifest. The accuracy we publish is ONNX
// Runtime's, not PyTorch's; the two must agree, or the export is wrong.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { heldoutAccuracy } from './onnx-accuracy.mjs';

const manifestPath = fileURLToPath(new URL('./se-lenet-mnist.manifest.json', import.meta.url));
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const bytes = readFileSync(new URL(manifest.model.url, new URL('./', import.meta.url)));
const sha256 = createHash('sha256').update(bytes).digest('hex');
if (sha256 !== manifest.model.sha256) throw new Error('manifest sha256 does not match the .onnx');

const { correct, count, runtime } = await heldoutAccuracy(bytes);
const accuracy = correct / count;
const heldout = manifest.metrics.heldout;
if (Math.round(heldout.pytorchAccuracy * count) !== correct) {
  throw new Error(`ONNX Runtime gets ${correct}/${count}, PyTorch ${heldout.pytorchAccuracy * count}`);
}
manifest.metrics.heldout = { ...heldout, correct, accuracy, measuredWith: runtime };
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`held-out accuracy (${runtime}): ${correct}/${count} = ${(accuracy * 100).toFixed(2)}%`);
