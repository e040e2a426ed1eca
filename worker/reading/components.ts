// The connected strokes of a line: where its segmentation starts.
import type { Extent } from '../geometry/extent.js';

/** A connected stroke: its extent and how many pixels of ink it holds. */
export interface Component extends Extent {
  area: number;
}

/**
 * Labels the 8-connected components of the ink above `threshold`. Two passes with
 * union-find; labels are 1..count in order of first appearance, 0 for paper.
 */
export function labelComponents(ink: Float32Array, width: number, height: number, threshold: number): { labels: Int32Array; components: Component[] } {
  const labels = new Int32Array(width * height);
  let parent = new Int32Array(64);
  let next = 1;
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]!]!;
    return a;
  };
  // First pass: provisional labels from the four neighbours already seen (W, NW, N, NE).
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (!(ink[i]! > threshold)) continue;
      // Neighbours in raster order: W, then NW, N, NE on the row above.
      let label = x > 0 ? labels[i - 1]! : 0;
      if (y > 0) {
        const up = i - width;
        for (let j = x > 0 ? up - 1 : up; j <= up + 1 && j - up + x < width; j++) {
          const other = labels[j]!;
          if (!other) continue;
          if (!label) label = other;
          else if (other !== label) {
            const ra = find(label), rb = find(other);
            if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
          }
        }
      }
      if (!label) {
        if (next === parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        label = next++;
      }
      labels[i] = label;
    }
  }
  // Second pass: final labels, numbered densely, and each component's box and area.
  const final = new Int32Array(next);
  const components: Component[] = [];
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      const raw = labels[i]!;
      if (!raw) continue;
      const root = find(raw);
      let label = final[root]!;
      if (!label) {
        components.push({ x0: x, y0: y, x1: x, y1: y, area: 0 });
        label = final[root] = components.length;
      }
      labels[i] = label;
      const c = components[label - 1]!;
      if (x < c.x0) c.x0 = x;
      if (x > c.x1) c.x1 = x;
      c.y1 = y;
      c.area++;
    }
  }
  return { labels, components };
}
