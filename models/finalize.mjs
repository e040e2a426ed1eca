// Measures an exported model with ONNX Runtime (onnxruntime-node) on its standard test set
// (10,000 images) and records the figures in its manifest: accuracy, per class, and the
// confusion of the errors. The accuracy we publish is ONNX Runtime's, not PyTorch's; the two
// must agree, or the export is wrong.
//
//   node models/finalize.mjs            se-lenet-mnist (MNIST test digits)
//   node models/finalize.mjs fashion    se-lenet-fashion (Fashion-MNIST test images)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFashion, loadMnist } from './mnist-idx.mjs';
import { testAccuracy } from './onnx-accuracy.mjs';

const which = process.argv[2] ?? 'mnist';
const { name, load } = {
  mnist: { name: 'se-lenet-mnist', load: loadMnist },
  fashion: { name: 'se-lenet-fashion', load: loadFashion },
}[which] ?? {};
if (!name) throw new Error(`finalize.mjs: expected "mnist" or "fashion", got ${JSON.stringify(which)}`);

const manifestPath = fileURLToPath(new URL(`./${name}.manifest.json`, import.meta.url));
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const bytes = readFileSync(new URL(manifest.model.url, new URL('./', import.meta.url)));
const sha256 = createHash('sha256').update(bytes).digest('hex');
if (sha256 !== manifest.model.sha256) throw new Error('manifest sha256 does not match the .onnx');

const { correct, count, runtime, perClass, errors } = await testAccuracy(bytes, { data: load('test') });
const accuracy = correct / count;
const { dataset, pytorchAccuracy } = manifest.metrics.test;
if (Math.round(pytorchAccuracy * count) !== correct) {
  throw new Error(`ONNX Runtime gets ${correct}/${count}, PyTorch ${pytorchAccuracy * count}`);
}
manifest.metrics.test = { dataset, count, correct, accuracy, pytorchAccuracy, measuredWith: runtime, perClass, errors };
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`${name}: test accuracy (${runtime}): ${correct}/${count} = ${(accuracy * 100).toFixed(2)}%, ${count - correct} errors`);
console.log(`per class: ${perClass.map((a, d) => `${manifest.labels[d]}: ${(a * 100).toFixed(2)}%`).join(', ')}`);
console.log(`errors (true->predicted): ${Object.entries(errors).map(([k, n]) => `${k} ${n}`).join(', ')}`);
