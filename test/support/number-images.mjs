// Handwritten numbers made from MNIST digits, for measuring readDigits: each digit cropped to
// its ink, scaled (one size for the number, ±20% per digit), slanted, set on a jittered
// baseline, with clear gaps or touching/overlapping its neighbour, on a canvas of one of
// several sizes, dark ink on white paper. Deterministic for a seed. Node and browser alike
// (no dependencies): the browser tests draw the same numbers.
//
//   const rng = mulberry32(7);
//   const number = renderNumber(pickDigits(mnist, 4, rng), { rng, touching: true });
//   // { rgba: Uint8ClampedArray, width, height, text: '2026', boxes: [{ x, y, width, height }] }

/** A small, fast, seeded PRNG (mulberry32): numbers in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uniform = (rng, low, high) => low + (high - low) * rng();

/** The canvas sizes numbers are drawn on: wide pads, a phone's width, a form's box. */
export const CANVASES = [
  [1200, 300],
  [900, 220],
  [640, 160],
  [480, 200],
  [1600, 360],
];

/** `count` digits picked at random from an MNIST set ({ images, labels, count }). */
export function pickDigits(set, count, rng) {
  return Array.from({ length: count }, () => {
    const i = Math.floor(rng() * set.count);
    return { image: set.images.subarray(i * 784, (i + 1) * 784), label: set.labels[i], index: i };
  });
}

/** An MNIST digit (784 values, white on black) cropped to its ink: { values, width, height }. */
function cropDigit(image) {
  let x0 = 28, y0 = 28, x1 = -1, y1 = -1;
  for (let p = 0; p < 784; p++) {
    if (image[p] > 0) {
      const x = p % 28, y = (p - x) / 28;
      x0 = Math.min(x0, x), x1 = Math.max(x1, x), y0 = Math.min(y0, y), y1 = Math.max(y1, y);
    }
  }
  const width = x1 - x0 + 1, height = y1 - y0 + 1;
  const values = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) values[y * width + x] = image[(y0 + y) * 28 + x0 + x];
  return { values, width, height };
}

/** Bilinear sample of a glyph at (u, v) in its pixel units (pixel centres at +0.5). */
function sample({ values, width, height }, u, v) {
  const x = u - 0.5, y = v - 0.5;
  const xi = Math.floor(x), yi = Math.floor(y);
  const fx = x - xi, fy = y - yi;
  const at = (xx, yy) => (xx < 0 || yy < 0 || xx >= width || yy >= height ? 0 : values[yy * width + xx]);
  return (1 - fy) * ((1 - fx) * at(xi, yi) + fx * at(xi + 1, yi)) + fy * ((1 - fx) * at(xi, yi + 1) + fx * at(xi + 1, yi + 1));
}

/**
 * Draws a number. `digits`: [{ image, label }] from pickDigits. Options: `rng`; `touching`:
 * neighbours' boxes (each digit's box: its MNIST crop, scaled and slanted) touch or overlap
 * by up to 15% of the narrower one's width (else clear gaps of 10% to 45% of a usual
 * digit's width between them);
 * `canvas`: [width, height] (default: one of CANVASES at random); `spaces`: indices after
 * which a gap of 1.3 to 2 digits is left.
 */
export function renderNumber(digits, { rng, touching = false, canvas, spaces = [] }) {
  const [W, H] = canvas ?? CANVASES[Math.floor(rng() * CANVASES.length)];
  const slant = uniform(rng, -0.27, 0.27); // shear, about ±15 degrees, the writer's own
  const glyphs = digits.map((d) => {
    const crop = cropDigit(d.image);
    return {
      ...crop,
      label: d.label,
      scale: uniform(rng, 0.8, 1.2),
      jitter: uniform(rng, -0.08, 0.08),
      slant: slant + uniform(rng, -0.05, 0.05),
    };
  });
  // Between neighbours, as shares: of a usual digit's width (gaps, spaces) or of the narrower one (overlaps).
  const apart = glyphs.slice(1).map((_, i) =>
    spaces.includes(i) ? { gap: uniform(rng, 1.3, 2) } : touching ? { overlap: uniform(rng, 0, 0.15) } : { gap: uniform(rng, 0.1, 0.45) },
  );
  // A digit's geometry at a size (a 20-pixel MNIST digit becomes `size` pixels): its scale,
  // height, top (relative to the line's middle), the shift of its rows (x moves by
  // slant * (bottom - y)), and the width of its box.
  const geometry = (g, size) => {
    const s = (size / 20) * g.scale;
    const h = g.height * s;
    const top = -h / 2 + g.jitter * size * 2;
    const shift = g.slant > 0 ? g.slant * h : 0;
    const dx = (y) => shift - g.slant * (y - top);
    return { s, h, top, dx, width: g.width * s + Math.abs(g.slant) * h };
  };
  // Left edges of the digits' boxes (the box the slanted digit was drawn in), each placed
  // against the one before: apart by the gap, or overlapping by a share of the narrower box.
  const layout = (size) => {
    const shapes = glyphs.map((g) => geometry(g, size));
    const xs = [0];
    for (let i = 1; i < glyphs.length; i++) {
      const a = shapes[i - 1], b = shapes[i];
      const { gap, overlap } = apart[i - 1];
      xs.push(xs[i - 1] + a.width + (gap !== undefined ? gap * 0.75 * size : -overlap * Math.min(a.width, b.width)));
    }
    const span = xs.at(-1) + shapes.at(-1).width;
    return { shapes, xs, span };
  };
  let size = uniform(rng, 0.4, 0.6) * H;
  let placed = layout(size);
  const room = 0.92 * W;
  for (let tries = 0; tries < 3 && placed.span > room; tries++) {
    size *= (0.98 * room) / placed.span; // too long for the canvas: smaller
    placed = layout(size);
  }
  const left = uniform(rng, 0.03 * W, Math.max(0.03 * W, W - placed.span - 0.03 * W));
  const middle = uniform(rng, 0.45, 0.55) * H;
  const ink = new Float32Array(W * H);
  const alone = [];
  const boxes = glyphs.map((g, i) => {
    const { s, h, top: relativeTop, dx, width } = placed.shapes[i];
    const top = middle + relativeTop;
    const x0 = left + placed.xs[i];
    const ax = Math.max(0, Math.floor(x0) - 4), ay = Math.max(0, Math.floor(top) - 4);
    const aw = Math.min(W, Math.ceil(x0 + width) + 4) - ax, ah = Math.min(H, Math.ceil(top + h) + 4) - ay;
    const own = new Float32Array(aw * ah); // this digit alone, on its own piece of paper
    for (let y = Math.max(0, Math.floor(top)); y < Math.min(H, Math.ceil(top + h)); y++) {
      const v = (y + 0.5 - top) / s;
      const shift = dx(y + 0.5 - middle);
      for (let x = Math.max(0, Math.floor(x0)); x < Math.min(W, Math.ceil(x0 + width)); x++) {
        const value = sample(g, (x + 0.5 - x0 - shift) / s, v);
        own[(y - ay) * aw + x - ax] = value;
        if (value > ink[y * W + x]) ink[y * W + x] = value;
      }
    }
    alone.push({ rgba: toRgba(own), width: aw, height: ah });
    return { x: Math.round(x0), y: Math.round(top), width: Math.round(width), height: Math.round(h) };
  });
  let text = '';
  glyphs.forEach((g, i) => (text += g.label + (spaces.includes(i) ? ' ' : '')));
  return { rgba: toRgba(ink), width: W, height: H, text, labels: glyphs.map((g) => g.label), boxes, alone };
}

/** Ink (0 to 1) as RGBA pixels: dark ink on white paper. */
function toRgba(ink) {
  const rgba = new Uint8ClampedArray(ink.length * 4);
  for (let i = 0; i < ink.length; i++) {
    const shade = Math.round(255 * (1 - Math.min(1, ink[i])));
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = shade;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** `count` numbers of 2 to 8 digits from an MNIST set, seeded: the same in Node and in a browser test. */
export function numberSample(set, seed, count, touching) {
  const rng = mulberry32(seed);
  return Array.from({ length: count }, () => {
    const length = 2 + Math.floor(rng() * 7);
    return renderNumber(pickDigits(set, length, rng), { rng, touching });
  });
}
