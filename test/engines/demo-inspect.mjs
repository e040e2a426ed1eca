// The demo's Inspect view, driven as a person would (keyboard and mouse), and axe-core's
// WCAG 2.1 A/AA check of the page. Used by the demo case (cases/demo.mjs) in every engine.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const byTestId = (id) => `[data-testid="${id}"]`;

/** Waits until the element with data-testid `id` has a text that matches `pattern`; returns it. */
export function textOf(page, id, pattern, timeout = 30_000) {
  return page.waitFor(
    ([id, pattern]) => {
      const text = document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
      return new RegExp(pattern).test(text) && text;
    },
    [id, pattern.source],
    { timeout },
  );
}

/** The Inspect view's state: prediction, tiles per block, the se3 values, the effects listed. */
export const inspectState = (page) =>
  page.evaluate(() => {
    const q = (s) => document.querySelector(s);
    const tiles = (block) => [...document.querySelectorAll(`[data-testid="inspect-${block}"] .channels button`)];
    return {
      subject: q('[data-testid="inspect-subject"]').textContent,
      prediction: q('[data-testid="inspect-prediction"]').textContent,
      tiles: Object.fromEntries(['se1', 'se2', 'se3'].map((b) => [b, tiles(b).length])),
      canvases: Object.fromEntries(['se1', 'se2', 'se3'].map((b) => [b, document.querySelectorAll(`[data-testid="inspect-${b}"] canvas`).length])),
      labels: Object.fromEntries(['se1', 'se2', 'se3'].map((b) => [b, tiles(b).map((t) => t.getAttribute('aria-label'))])),
      se3Values: tiles('se3').map((t) => t.querySelector('span')?.textContent),
      effects: [...document.querySelectorAll('[data-testid="effects-list"] button')].map((b) => b.textContent),
      summary: q('[data-testid="effects-summary"]')?.textContent ?? '',
      resetDisabled: q('[data-testid="inspect-reset"]').disabled,
    };
  });

/** "digit 7 (98.2%) with 1 channel off" -> { label: '7', percent: 98.2 } */
const parsePrediction = (text) => {
  const match = /^(?:digit )?(.+?) \((\d+\.\d)%\)/.exec(text);
  assert.ok(match, `a prediction: ${text}`);
  return { label: match[1], percent: Number(match[2]) };
};

/** Presses the button with data-testid `id` from the keyboard (focused, then Enter). */
async function pressKey(page, id) {
  await page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`).focus(), id);
  await page.press('Enter');
}

/** The coloured (not grey) pixels of the overlay, and their bounding box in input pixels. */
const overlayColour = (page) =>
  page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="inspect-overlay"]');
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let count = 0, left = width, right = -1, top = height, bottom = -1;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = (y * width + x) * 4;
        if (Math.abs(data[i] - data[i + 1]) + Math.abs(data[i + 1] - data[i + 2]) < 12) continue;
        count++;
        [left, right, top, bottom] = [Math.min(left, x), Math.max(right, x), Math.min(top, y), Math.max(bottom, y)];
      }
    }
    const scale = width / 28;
    return { count, box: count ? [left / scale, (right + 1) / scale, top / scale, (bottom + 1) / scale] : null };
  });

/**
 * The Inspect view for a drawn digit (the page shows one already, predicted `digit`): every
 * block's tiles, the ranked effects, a channel switched off and on by keyboard with the later
 * blocks and the prediction updated, an effect's figure matching what switching it off does,
 * and a map over the input where its cells lie.
 */
export async function checkInspectView(page, digit) {
  await textOf(page, 'inspect-subject', /^The drawn digit$/);
  await textOf(page, 'inspect-prediction', new RegExp(`^digit ${digit} \\(\\d+\\.\\d%\\)$`));
  await textOf(page, 'effects-summary', /^142 channels, each switched off alone, in one batched run of [\d.]+ ms/);
  const before = await inspectState(page);
  assert.deepEqual(before.tiles, { se1: 6, se2: 16, se3: 120 });
  // Two heatmaps per channel where maps are pictures (before and after the gate); values for se3's 1x1.
  assert.deepEqual(before.canvases, { se1: 12, se2: 32, se3: 0 });
  assert.ok(before.se3Values.every((v) => /^-?\d+\.\d\d→-?\d+\.\d\d$/.test(v)), before.se3Values.slice(0, 3).join());
  assert.equal(before.effects.length, 10);
  assert.ok(before.resetDisabled, 'nothing to switch back on yet');
  const own = parsePrediction(before.prediction);

  // se1's channel 0 off, by keyboard: its tile says so, se2 and se3 answer, and so does the prediction.
  await pressKey(page, 'channel-se1-0');
  await textOf(page, 'inspect-prediction', /with 1 channel off$/);
  const off = await inspectState(page);
  assert.match(off.labels.se1[0], /^se1 #0 0\.00: channel 0, gate 0\.00, switched off$/);
  assert.equal(await page.evaluate(() => document.querySelector('[data-testid="channel-se1-0"]').getAttribute('aria-pressed')), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'channel-se1-0', 'focus stays on the switch');
  assert.notDeepEqual(off.labels.se2, before.labels.se2, 'se2 gates answer to se1 channel 0 off');
  assert.notDeepEqual(off.se3Values, before.se3Values, 'se3 answers too');
  assert.equal(off.resetDisabled, false);
  // Pressed again: back on, everything as before.
  await pressKey(page, 'channel-se1-0');
  await textOf(page, 'inspect-prediction', /\)$/);
  const on = await inspectState(page);
  assert.deepEqual([on.labels, on.se3Values, on.prediction], [before.labels, before.se3Values, before.prediction]);

  // The first-ranked channel, switched off from its entry: the prediction moves as its effect said.
  const top = /^(se\d) #(\d+): (-?\d+\.\d) points/.exec(before.effects[0]);
  assert.ok(top, before.effects[0]);
  await page.evaluate(() => document.querySelector('[data-testid="effects-list"] button').click());
  await textOf(page, 'inspect-prediction', /with 1 channel off$/);
  const ranked = await inspectState(page);
  const now = parsePrediction(ranked.prediction);
  if (!/, reads /.test(before.effects[0])) {
    assert.equal(now.label, own.label);
    assert.ok(Math.abs(now.percent - (own.percent + Number(top[3]))) <= 0.15, `${own.percent} ${top[3]} -> ${now.percent}`);
  } else assert.notEqual(now.label, own.label, 'the effect said the class flips');
  assert.match(ranked.labels[top[1]][Number(top[2])], /gate 0\.00, switched off$/);
  await pressKey(page, 'inspect-reset');
  await textOf(page, 'inspect-prediction', /\)$/);

  // se2 channel 3 over the input: its 5x5 cells of 4x4 pixels cover the central 20x20 (4 to 24).
  await choose(page, 'overlay-channel', 'se2:3');
  await choose(page, 'overlay-stage', 'maps');
  await textOf(page, 'overlay-caption', /^se2 channel 3 before its gate \(\d\.\d\d\), over the 28x28 input: each of its 5x5 cells covers 4x4 input pixels\.$/);
  const map = await overlayColour(page);
  assert.ok(map.count > 0, 'the map fires somewhere on the digit');
  const [left, right, topEdge, bottom] = map.box;
  assert.ok(left >= 4 && right <= 24 && topEdge >= 4 && bottom <= 24, `inside the central 20x20: ${map.box}`);
  // After its gate with the channel switched off: nothing left to draw.
  await pressKey(page, 'channel-se2-3');
  await textOf(page, 'inspect-prediction', /with 1 channel off$/);
  await choose(page, 'overlay-stage', 'scaled');
  await textOf(page, 'overlay-caption', /^se2 channel 3 after its gate \(0\.00\)/);
  assert.equal((await overlayColour(page)).count, 0);
  await pressKey(page, 'inspect-reset');
  await textOf(page, 'inspect-prediction', /\)$/);
  await choose(page, 'overlay-stage', 'maps');
}

/** Picks `value` in the <select> with data-testid `id`, as a person's choice fires 'change'. */
export const choose = (page, id, value) =>
  page.evaluate(
    ([id, value]) => {
      const select = document.querySelector(`[data-testid="${id}"]`);
      select.value = value;
      select.dispatchEvent(new Event('change'));
    },
    [id, value],
  );

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's WCAG 2.1 A and AA rules over the whole page: the violations, as "rule: target".
 * The function sent holds axe's source itself: the demo's CSP forbids eval, and a driver's
 * script is the page's own code.
 */
export async function axeViolations(page) {
  // eslint-disable-next-line no-new-func
  const run = new Function(
    'arg',
    `${axeSource};
    return axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
      .then((r) => r.violations.flatMap((v) => v.nodes.map((n) => v.id + ': ' + n.target.join(' '))));`,
  );
  return page.evaluate(run);
}

/** Every button, select and input of the Inspect view can take keyboard focus. */
export const unfocusable = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="inspect-panel"] button, [data-testid="inspect-panel"] select')]
      .filter((e) => e.tabIndex < 0 || (e.disabled && e.dataset.testid !== 'inspect-reset'))
      .map((e) => e.outerHTML.slice(0, 80)),
  );
