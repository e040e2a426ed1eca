// A bundled test sample: 500 images of the standard MNIST or Fashion-MNIST test set, which
// the models never trained on (the first 50 of each class), built by demo/rollup.config.mjs
// as 500 x 784 bytes followed by 500 labels.
export interface Samples {
  count: number;
  images: Float32Array[];
  labels: Uint8Array;
}

export async function loadSamples(url: URL): Promise<Samples> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load the test sample: HTTP ${response.status}`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const count = bytes.length / 785;
  const images = Array.from({ length: count }, (_, i) => Float32Array.from(bytes.subarray(i * 784, (i + 1) * 784), (v) => v / 255));
  return { count, images, labels: bytes.slice(count * 784) };
}

/** A small canvas showing one image as the data set stores it (white on black). */
export function thumbnail(values: Float32Array): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 28;
  const pixels = new ImageData(28, 28);
  values.forEach((v, i) => pixels.data.set([255 * v, 255 * v, 255 * v, 255], i * 4));
  canvas.getContext('2d')!.putImageData(pixels, 0, 0);
  return canvas;
}
