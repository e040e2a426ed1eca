// The segmentation of readDigits (worker/reading/: segment-line.ts and the modules it uses)
// and the working size of a line (line-ink.ts), from their TypeScript sources,
// on synthetic ink (test/support/ink-drawing.mjs: pen strokes, as a canvas draws them).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { labelComponents } from '../../worker/reading/components.ts';
import { cheapestChain } from '../../worker/reading/lattice.ts';
import { inkAtWorkingSize, inkExtent } from '../../worker/reading/line-ink.ts';
import { segmentLine } from '../../worker/reading/segment-line.ts';
import { mnistDigit } from '../../worker/preprocessing/mnist-digit.ts';
import { arc, sheet, stroke, write } from '../support/ink-drawing.mjs';

const THRESHOLD = 0.1;
const LINE_HEIGHT = mnistDigit.symbols.lineHeight;
const segment = (page, options = {}) => segmentLine(page.ink, page.width, page.height, { threshold: THRESHOLD, ...options });
/** Each group's symbols on its cheapest chain, as [x0, x1) spans of their ink. */
const spans = (line) => line.groups.flatMap((g) => cheapestChain(g).map((p) => [p.glyph.box.x, p.glyph.box.x + p.glyph.box.width]));
/** Whether a glyph's ink covers most of a written digit's box. */
const covers = ([x0, x1], box) => x0 <= box.x + 0.25 * box.width && x1 >= box.x + 0.75 * box.width;

describe('labelComponents', () => {
  test('8-connected: diagonal neighbours join, a gap of one pixel does not', () => {
    const page = sheet(6, 4);
    for (const [x, y] of [[0, 0], [1, 1], [2, 2], [5, 0], [5, 1]]) page.ink[y * 6 + x] = 1;
    const { labels, components } = labelComponents(page.ink, 6, 4, THRESHOLD);
    assert.equal(components.length, 2);
    assert.deepEqual(components.map((c) => c.area), [3, 2]);
    assert.deepEqual(components[0], { x0: 0, y0: 0, x1: 2, y1: 2, area: 3 });
    assert.equal(labels[0], labels[2 * 6 + 2]);
    assert.notEqual(labels[0], labels[5]);
  });

  test('a U joins its two arms (labels merged in the second pass)', () => {
    const page = sheet(40, 40);
    stroke(page, [[5, 5], [5, 35], [35, 35], [35, 5]], 3);
    assert.equal(labelComponents(page.ink, 40, 40, THRESHOLD).components.length, 1);
  });
});

describe('segmentLine', () => {
  test('separate digits are found left to right, one symbol each, with their boxes', () => {
    const page = write('2026');
    const line = segment(page);
    assert.equal(line.count, 4);
    assert.equal(line.groups.length, 4);
    const found = spans(line);
    page.boxes.forEach((box, i) => assert.ok(covers(found[i], box), `digit ${i}: ${found[i]} vs ${JSON.stringify(box)}`));
    assert.ok(Math.abs(line.symbolHeight - 48) <= 6, `symbol height ${line.symbolHeight}`);
    assert.ok(line.strokeWidth >= 4 && line.strokeWidth <= 8, `stroke width ${line.strokeWidth}`);
  });

  test('fragments of one digit are joined: a 5 with its bar lifted, a 4 in two strokes, a broken stroke', () => {
    for (const text of ['5', '4', '45']) {
      const line = segment(write(text));
      assert.equal(line.count, text.length, text);
    }
    // A 1 drawn as dashes (a stroke broken into pieces), then a 0.
    const page = sheet(200, 80);
    for (let y = 10; y < 66; y += 12) stroke(page, [[50, y], [50, y + 8]], 6);
    stroke(page, arc(120, 38, 18, 26), 6);
    const line = segment(page);
    assert.equal(line.count, 2);
    assert.deepEqual(line.groups[0].box, { x: 47, y: 7, width: 6, height: 62 });
  });

  test('a 7 whose bar was lifted (the bar apart, above the stem) is one digit', () => {
    const page = sheet(120, 90);
    stroke(page, [[30, 14], [80, 14]], 6); // the bar
    stroke(page, [[78, 22], [45, 80]], 6); // the stem, lifted a little
    assert.equal(segment(page).count, 1);
  });

  test('specks, dots and dashes away from the digits are dropped', () => {
    const page = write('23', { margin: 30 });
    for (const [x, y] of [[4, 4], [page.width - 5, page.height - 5], [page.width / 2, 6], [12, page.height - 8]]) stroke(page, [[x, y]], 3);
    stroke(page, [[page.width - 20, 10], [page.width - 12, 10]], 3); // a dash
    const line = segment(page);
    assert.equal(line.count, 2);
    assert.deepEqual(line.groups.map((g) => g.box.y), [30, 30].map((y) => line.groups[0].box.y));
  });

  test('order is left to right, whatever order the strokes were drawn in', () => {
    const page = sheet(300, 80);
    for (const x of [230, 30, 130]) stroke(page, [[x, 10], [x, 70]], 6);
    const line = segment(page);
    assert.deepEqual(line.groups.map((g) => g.box.x), [27, 127, 227]);
  });

  test('touching digits (one stroke through two) are cut apart', () => {
    for (const [text, touch] of [['45', 0.1], ['20', 0.1], ['38', 0.1], ['27', 0.2]]) {
      const page = write(text, { touch });
      const strokes = labelComponents(page.ink, page.width, page.height, THRESHOLD).components.filter((c) => c.area > 30);
      assert.equal(strokes.length, 1, `${text}: the ink touches`);
      // The model picks among the lattice's chains: a chain of two must be among them.
      const line = segment(page);
      assert.ok(hasChainOf(line, 2), `${text}: a chain of 2 pieces`);
    }
  });

  test('a group wider than a digit offers chains of several lengths, every piece a plausible symbol', () => {
    const page = write('2026', { touch: 0.1 });
    const line = segment(page);
    const lengths = new Set(line.groups.flatMap((g) => chainLengths(g)));
    assert.ok(lengths.size >= 2, `chain lengths ${[...lengths]}`);
    for (const piece of line.groups.flatMap((g) => g.pieces)) {
      assert.ok(piece.glyph.box.height >= 0.45 * line.symbolHeight);
      assert.ok(piece.glyph.ink.length === piece.glyph.width * piece.glyph.height);
      // Margin of paper around each glyph, as a picture of the digit alone has.
      const { ink, width, height } = piece.glyph;
      for (let x = 0; x < width; x++) assert.equal(ink[x], 0);
      for (let y = 0; y < height; y++) assert.equal(ink[y * width], 0);
    }
  });

  test('a line with more groups than maxSymbols stops before cutting and says so', () => {
    const page = sheet(40 * 12 + 20, 60);
    for (let i = 0; i < 40; i++) stroke(page, [[10 + 12 * i, 8], [10 + 12 * i, 52]], 4);
    const line = segment(page, { maxSymbols: 32 });
    assert.equal(line.count, 40);
    assert.equal(line.groups.length, 0);
    assert.equal(segment(page).groups.length, 40);
  });

  test('a blank sheet has no groups', () => {
    assert.equal(segment(sheet(50, 20)).count, 0);
  });
});

describe('line-ink: the working size', () => {
  test('a line is cropped to its ink and reduced by the height of its ink, never enlarged', () => {
    const page = write('31415926', { size: 200, thickness: 20, margin: 40 });
    const extent = inkExtent(page.ink, page.width, page.height, THRESHOLD);
    assert.ok(extent.height >= 195 && extent.height <= 225, `ink height ${extent.height}`);
    const work = inkAtWorkingSize(page.ink, page.width, page.height, extent, LINE_HEIGHT);
    assert.ok(work.height <= LINE_HEIGHT + 12, `${work.height} high`);
    // Reduced by the height: the long number keeps its digits readable, however wide it is.
    assert.ok(Math.abs(work.scale - LINE_HEIGHT / extent.height) < 0.01);
    assert.ok(work.width > 8 * 0.7 * LINE_HEIGHT, `${work.width} wide`);
    assert.equal(Math.max(...work.ink), 1, 'strokes back to full strength');
    const small = write('12', { size: 30 });
    const kept = inkAtWorkingSize(small.ink, small.width, small.height, inkExtent(small.ink, small.width, small.height, THRESHOLD), LINE_HEIGHT);
    assert.equal(kept.scale, 1);
  });

  test("a speck far above the line does not count in the line's height", () => {
    const page = write('77', { size: 60, margin: 120 });
    stroke(page, [[10, 5]], 3);
    const extent = inkExtent(page.ink, page.width, page.height, THRESHOLD);
    assert.ok(extent.y0 <= 6, 'the speck is in the box');
    assert.ok(extent.height <= 66, `height ${extent.height}`);
  });

  test('no ink, no extent', () => {
    assert.equal(inkExtent(new Float32Array(100), 10, 10, THRESHOLD), null);
  });
});

/** The lengths of the chains from a group's left end to its right end. */
function chainLengths(group) {
  const lengths = new Set();
  const walk = (point, n) => {
    if (point === group.end) return void lengths.add(n);
    for (const p of group.pieces) if (p.from === point) walk(p.to, n + 1);
  };
  walk(0, 0);
  return [...lengths];
}

function hasChainOf(line, total) {
  const options = line.groups.map(chainLengths);
  const sums = options.reduce((acc, lengths) => acc.flatMap((a) => lengths.map((l) => a + l)), [0]);
  return sums.includes(total);
}
