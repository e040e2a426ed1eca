// Synthetic ink for the unit tests of the reader: strokes drawn into a Float32Array (1 = ink,
// 0 = paper) with round caps and anti-aliased edges, as a pen on a canvas draws them, and
// shapes of digits in a unit box. Node only; no canvas.

/** A blank sheet of `width x height`: { ink, width, height }. */
export function sheet(width, height) {
  return { ink: new Float32Array(width * height), width, height };
}

/**
 * Draws a polyline of [x, y] points (pixels) with a round pen of `thickness` pixels:
 * each pixel gets the coverage of its centre by the pen, anti-aliased over one pixel.
 */
export function stroke({ ink, width, height }, points, thickness) {
  const r = thickness / 2;
  const segments = points.length === 1 ? [[points[0], points[0]]] : points.slice(1).map((p, i) => [points[i], p]);
  for (const [[x0, y0], [x1, y1]] of segments) {
    const left = Math.max(0, Math.floor(Math.min(x0, x1) - r - 1)), right = Math.min(width - 1, Math.ceil(Math.max(x0, x1) + r + 1));
    const top = Math.max(0, Math.floor(Math.min(y0, y1) - r - 1)), bottom = Math.min(height - 1, Math.ceil(Math.max(y0, y1) + r + 1));
    const dx = x1 - x0, dy = y1 - y0, length2 = dx * dx + dy * dy;
    for (let y = top; y <= bottom; y++) {
      for (let x = left; x <= right; x++) {
        const px = x + 0.5, py = y + 0.5;
        const t = length2 ? Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / length2)) : 0;
        const distance = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
        const coverage = Math.max(0, Math.min(1, r - distance + 0.5));
        const i = y * width + x;
        if (coverage > ink[i]) ink[i] = coverage;
      }
    }
  }
}

/** An ellipse as a polyline: centre, radii, from angle a0 to a1 (radians, 0 = top, clockwise). */
export function arc(cx, cy, rx, ry, a0 = 0, a1 = 2 * Math.PI, steps = 32) {
  return Array.from({ length: steps + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / steps;
    return [cx + rx * Math.sin(a), cy - ry * Math.cos(a)];
  });
}

/**
 * Digits as strokes in a unit box (x right, y down), one array of polylines each. Several
 * are drawn as people lift the pen: the 4 in two strokes, the 5 with its bar apart.
 */
export const DIGIT_STROKES = {
  0: [arc(0.5, 0.5, 0.38, 0.48)],
  1: [[[0.42, 0.14], [0.58, 0.02], [0.58, 0.98]]],
  2: [[...arc(0.5, 0.3, 0.36, 0.28, -1.3, 1.9, 12), [0.12, 0.98], [0.9, 0.98]]],
  3: [arc(0.48, 0.27, 0.33, 0.25, -1.4, 3.1, 12), arc(0.48, 0.74, 0.38, 0.25, 0.1, 4.6, 12)],
  4: [[[0.62, 0.02], [0.08, 0.68], [0.95, 0.68]], [[0.7, 0.3], [0.7, 0.98]]],
  5: [[[0.24, 0.06], [0.18, 0.46], ...arc(0.48, 0.7, 0.38, 0.28, -1.2, 3.9, 12)], [[0.28, 0.0], [0.9, 0.0]]],
  6: [[[0.72, 0.02], [0.3, 0.4], ...arc(0.5, 0.7, 0.34, 0.28, -1.8, 4.5, 16)]],
  7: [[[0.08, 0.04], [0.92, 0.04], [0.4, 0.98]]],
  8: [arc(0.5, 0.26, 0.28, 0.24), arc(0.5, 0.73, 0.36, 0.25)],
  9: [arc(0.5, 0.3, 0.34, 0.28), [[0.84, 0.3], [0.76, 0.98]]],
};

/**
 * Writes `text` (digits and spaces) on a sheet: each digit `size` pixels high and 0.7 of that
 * wide, `gap` pixels apart (a space is one digit's width more), `thickness` the pen.
 * `touch`: neighbours overlap by this share of a digit's width instead of the gap.
 * Returns the sheet and each digit's box.
 */
export function write(text, { size = 48, thickness = size / 8, gap = size / 4, touch = 0, margin = 8, slant = 0 } = {}) {
  const w = 0.7 * size;
  const step = touch ? w * (1 - touch) : w + gap;
  const spaces = [...text].filter((c) => c === ' ').length;
  const digits = [...text].filter((c) => c !== ' ').length;
  const width = Math.ceil(2 * margin + digits * step + spaces * (w + gap) + w + Math.abs(slant) * size);
  const height = Math.ceil(2 * margin + size);
  const page = sheet(width, height);
  const boxes = [];
  let x = margin;
  for (const c of text) {
    if (c === ' ') {
      x += w + gap;
      continue;
    }
    for (const line of DIGIT_STROKES[c]) {
      stroke(page, line.map(([u, v]) => [x + u * w + slant * (1 - v) * size, margin + v * size]), thickness);
    }
    boxes.push({ x, y: margin, width: w, height: size });
    x += step;
  }
  return { ...page, boxes };
}

/** Ink (0 to 1) as RGBA: dark on white paper, or light on black with `light`. */
export function rgbaOf({ ink, width, height }, { light = false } = {}) {
  const rgba = new Uint8ClampedArray(width * height * 4);
  ink.forEach((v, i) => {
    const shade = Math.round(255 * (light ? v : 1 - v));
    rgba.set([shade, shade, shade, 255], i * 4);
  });
  return rgba;
}
