// The scale of a line, measured on its strokes: how high a symbol is, how wide a stroke, how
// much ink a symbol holds; and what a width costs against the line's usual one. Every length
// the segmentation judges is relative to these.
import { heightOf } from '../geometry/extent.js';
import type { Component } from './components.js';
import { FRAGMENT_HEIGHT, HEIGHT_QUANTILE, MAJOR_AREA, MAJOR_HEIGHT, NARROW, WEIGH } from './tuning.js';

/** A line's scale, in pixels. */
export interface LineScale {
  /** The height of a symbol. */
  H: number;
  /** The width of a stroke. */
  strokeWidth: number;
  /** The usual width of a symbol. */
  symbolWidth: number;
}

/**
 * The line's symbol height: among the components of substantial area (MAJOR_AREA of the
 * largest's) and height (MAJOR_HEIGHT of the tallest's), so that bars, fragments and specks
 * do not count, the upper quartile of heights.
 */
export function lineSymbolHeight(components: Component[]): number {
  const largest = Math.max(0, ...components.map((c) => c.area));
  const major = components.filter((c) => c.area >= MAJOR_AREA * largest).map(heightOf);
  const tallest = Math.max(0, ...major);
  const heights = major.filter((h) => h >= MAJOR_HEIGHT * tallest).sort((a, b) => a - b);
  return heights[Math.floor(HEIGHT_QUANTILE * (heights.length - 1))] ?? 1;
}

/** The stroke width: the median length of the ink's horizontal and of its vertical runs, the smaller. */
export function lineStrokeWidth(labels: Int32Array, width: number, height: number): number {
  const horizontal: number[] = [], vertical: number[] = [];
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x <= width; x++) {
      if (x < width && labels[y * width + x]) run++;
      else if (run) (horizontal.push(run), (run = 0));
    }
  }
  for (let x = 0; x < width; x++) {
    let run = 0;
    for (let y = 0; y <= height; y++) {
      if (y < height && labels[y * width + x]) run++;
      else if (run) (vertical.push(run), (run = 0));
    }
  }
  const median = (runs: number[]) => runs.sort((a, b) => a - b)[runs.length >> 1] ?? 1;
  return Math.min(median(horizontal), median(vertical));
}

/** The ink area of a usual symbol: the median over the components as tall as a symbol. */
export function typicalArea(components: Component[], H: number): number {
  const areas = components
    .filter((c) => heightOf(c) >= FRAGMENT_HEIGHT * H)
    .map((c) => c.area)
    .sort((a, b) => a - b);
  return areas[areas.length >> 1] ?? 0;
}

/** How far a symbol's width is from the line's usual width, as a cost (WEIGH's, or PROPOSE's to propose seams). */
export function widthCost(w: number, { symbolWidth, H }: LineScale, { wide, narrow } = WEIGH): number {
  // Narrow symbols are usual (a 1 is a quarter as wide as a 0): only the wide side costs much.
  const r = w >= symbolWidth ? Math.log(w / symbolWidth) / wide : Math.log(Math.min(1, w / (NARROW * H))) / narrow;
  return 0.5 * r * r;
}
