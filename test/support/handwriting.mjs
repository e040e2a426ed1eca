// Numbers written as a person writes them on a pad: the test suite's pen-drawn digit shapes
// (ink-drawing.mjs's DIGIT_STROKES) placed one after another across a box of viewport pixels, in
// a hand (size, width, slant), each point moved a little by a seeded random source. The strokes
// are lists of [x, y] viewport points, for a browser driver to play as pointer strokes
// (test/engines/drivers.mjs's page.strokes, Playwright's mouse).
import { DIGIT_STROKES } from './ink-drawing.mjs';

/** Hands to write in: each digit's height as a share of the pad's, its width for its height, its slant. */
export const HANDS = [
  { name: 'regular', height: 0.7, width: 0.6, slant: 0 },
  { name: 'slanted', height: 0.7, width: 0.6, slant: 0.25 },
  { name: 'wide', height: 0.6, width: 0.85, slant: 0 },
  { name: 'narrow', height: 0.75, width: 0.4, slant: 0 },
  { name: 'small', height: 0.45, width: 0.6, slant: 0.1 },
];

/**
 * The round strokes (the 33-point circles of 0, 8 and 9) as 12 points evenly picked: a stroke
 * goes point to point at a frame a point (drivers.mjs) and the pad joins the points with lines,
 * so the circle reads the same in a third of the time. Shorter strokes keep every point: their
 * corners (the foot of a 2) are what makes the digit.
 */
function thin(line, most = 12) {
  if (line.length <= 30) return line;
  return Array.from({ length: most }, (_, i) => line[Math.round((i * (line.length - 1)) / (most - 1))]);
}

/**
 * The strokes of `text` written across `pad` (a box in viewport pixels) in `hand`, each point
 * moved by up to `wobble` of the digit's size: lists of [x, y] viewport points.
 */
export function numberStrokes(text, pad, hand, rng, wobble = 0.03) {
  const h = hand.height * pad.height;
  const w = hand.width * h;
  const gap = 0.45 * h;
  let x = pad.x + 0.06 * pad.width + rng() * 0.1 * h;
  const strokes = [];
  for (const c of text) {
    const top = pad.y + (pad.height - h) / 2 + (rng() - 0.5) * 0.15 * (pad.height - h);
    for (const line of DIGIT_STROKES[c]) {
      strokes.push(thin(line).map(([u, v]) => [
        x + (u + (rng() - 0.5) * wobble) * w + hand.slant * (1 - v) * h,
        top + (v + (rng() - 0.5) * wobble) * h,
      ]));
    }
    x += w + gap;
  }
  return strokes;
}

/**
 * In the page (pass it to page.evaluate with [host, inner]): the box, in viewport pixels, of
 * `inner` in the shadow root of the element `host` finds, after scrolling that element into
 * view; null when there is no such part. [host, '[part~="pad"]'] is a field's pad.
 * @param {string[]} selectors [host, inner]
 * @returns {{ x: number, y: number, width: number, height: number } | null}
 */
export function shadowRect([host, inner]) {
  const field = document.querySelector(host);
  field.scrollIntoView({ block: 'center' });
  const element = field.shadowRoot.querySelector(inner);
  if (!element) return null;
  const { x, y, width, height } = element.getBoundingClientRect();
  return { x, y, width, height };
}
