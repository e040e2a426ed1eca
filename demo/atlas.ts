// The attention atlas: mean attention per class and channel for every SE block, computed in
// the browser with classifyBatch over the test sample, drawn as one heatmap per block.
import type { AttentionBlock, Classifier } from 'se-edge';
import { heatColour } from './charts.js';
import type { Samples } from './samples.js';

export interface Atlas {
  /** block name -> 10 x channels means, row-major. */
  perClass: Record<string, Float32Array>;
  /** block name -> channel means over all samples. */
  overall: Record<string, Float32Array>;
}

const CHUNK = 50;

export async function computeAtlas(
  classifier: Classifier,
  samples: Samples,
  onProgress: (done: number, total: number) => void,
): Promise<Atlas> {
  const classes = classifier.model.labels.length;
  const blocks = classifier.model.attention;
  const sums = Object.fromEntries(blocks.map((b) => [b.name, new Float64Array(classes * b.channels)]));
  const counts = new Float64Array(classes);
  for (let start = 0; start < samples.count; start += CHUNK) {
    const images = samples.images.slice(start, start + CHUNK);
    const predictions = await classifier.classifyBatch(images, { topK: 1 });
    predictions.forEach((prediction, k) => {
      const label = samples.labels[start + k]!;
      counts[label]!++;
      for (const { name, channels } of blocks) {
        const row = sums[name]!;
        prediction.attention[name]!.forEach((v, c) => (row[label * channels + c]! += v));
      }
    });
    onProgress(Math.min(samples.count, start + CHUNK), samples.count);
  }
  const perClass: Atlas['perClass'] = {};
  const overall: Atlas['overall'] = {};
  for (const { name, channels } of blocks) {
    const means = new Float32Array(classes * channels);
    const all = new Float32Array(channels);
    for (let d = 0; d < classes; d++) {
      for (let c = 0; c < channels; c++) {
        means[d * channels + c] = sums[name]![d * channels + c]! / counts[d]!;
        all[c]! += sums[name]![d * channels + c]! / samples.count;
      }
    }
    perClass[name] = means;
    overall[name] = all;
  }
  return { perClass, overall };
}

/** Heatmaps with a button per class row; picking a row describes the channels it relies on. */
export function renderAtlas(
  container: HTMLElement,
  atlas: Atlas,
  blocks: AttentionBlock[],
  labels: string[],
  describe: (text: string) => void,
): void {
  const figures = blocks.map((block) => {
    const figure = document.createElement('figure');
    const means = atlas.perClass[block.name]!;
    // Each block on its own colour range: se1's means differ by hundredths, se3's by whole units.
    let low = Infinity, high = -Infinity;
    for (const v of means) (low = Math.min(low, v)), (high = Math.max(high, v));
    const caption = document.createElement('figcaption');
    caption.textContent = `${block.name}: ${block.channels} channels · colour ${low.toFixed(2)} → ${high.toFixed(2)}`;
    const heat = document.createElement('div');
    heat.className = 'heat';
    const rows = document.createElement('div');
    rows.className = 'rows';
    const canvas = document.createElement('canvas');
    canvas.dataset.testid = `atlas-${block.name}`;
    canvas.width = block.channels;
    canvas.height = labels.length;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `Mean ${block.name} attention per class`);
    const context = canvas.getContext('2d')!;
    for (let d = 0; d < labels.length; d++) {
      for (let c = 0; c < block.channels; c++) {
        context.fillStyle = heatColour((means[d * block.channels + c]! - low) / (high - low || 1));
        context.fillRect(c, d, 1, 1);
      }
    }
    const buttons = labels.map((label, d) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.setAttribute('aria-pressed', 'false');
      button.setAttribute('aria-label', `Class ${label}: channels it relies on`);
      button.addEventListener('click', () => pick(d));
      return button;
    });
    rows.append(...buttons);
    canvas.addEventListener('click', (event) => {
      const box = canvas.getBoundingClientRect();
      pick(Math.min(labels.length - 1, Math.floor(((event.clientY - box.top) / box.height) * labels.length)));
    });
    heat.append(rows, canvas);
    figure.append(caption, heat);
    return { figure, buttons };
  });
  container.replaceChildren(...figures.map((f) => f.figure));

  function pick(d: number) {
    for (const { buttons } of figures) buttons.forEach((b, i) => b.setAttribute('aria-pressed', String(i === d)));
    const parts = blocks.map(({ name, channels }) => {
      const row = atlas.perClass[name]!.subarray(d * channels, (d + 1) * channels);
      const overall = atlas.overall[name]!;
      const top = Array.from(row.keys())
        .sort((a, b) => row[b]! - overall[b]! - (row[a]! - overall[a]!))
        .slice(0, 3)
        .map((c) => `#${c} (${row[c]!.toFixed(2)}, ${row[c]! >= overall[c]! ? '+' : ''}${(row[c]! - overall[c]!).toFixed(2)})`);
      return `${name}: ${top.join(', ')}`;
    });
    describe(`Class ${labels[d]} relies most, relative to all classes, on ${parts.join('; ')}.`);
  }
}
