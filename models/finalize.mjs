// Measures the exported model with ONNX Runtime (onnxruntime-node) on the standard MNIST test
// set (10,000 digits) and records the figures in the manifest: accuracy, per class, and the
// confusion of the errors. The accuracy we publish is ONNX Runtime's, not PyTorch's; the two
// must agree, or the export is wrong.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { testAccuracy } from './onnx-accuracy.mjs';

const manifestPath = fileURLToPath(new URL('./se-lenet-mnist.manifest.json', import.meta.url));
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const bytes = readFileSync(new URL(manifest.model.url, new URL('./', import.meta.url)));
const sha256 = createHash('sha256').update(bytes).digest('hex');
if (sha256 !== manifest.model.sha256) throw new Error('manifest sha256 does not match the .onnx');

const { correct, count, runtime, perClass, errors } = await testAccuracy(bytes);
const accuracy = correct / count;
const { dataset, pytorchAccuracy } = manifest.metrics.test;
if (Math.round(pytorchAccuracy * count) !== correct) {
  throw new Error(`ONNX Runtime gets ${correct}/${count}, PyTorch ${pytorchAccuracy * count}`);
}
manifest.metrics.test = { dataset, count, correct, accuracy, pytorchAccuracy, measuredWith: runtime, perClass, errors };
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`test accuracy (${runtime}): ${correct}/${count} = ${(accuracy * 100).toFixed(2)}%, ${count - correct} errors`);
console.log(`per class: ${perClass.map((a, d) => `${d}: ${(a * 100).toFixed(2)}%`).join(', ')}`);
console.log(`errors (true->predicted): ${Object.entries(errors).map(([k, n]) => `${k} ${n}`).join(', ')}`);
