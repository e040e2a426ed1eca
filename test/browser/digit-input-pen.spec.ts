// <se-digit-input> written with a pen, in Chromium: its DevTools protocol sends pen pointer
// events with a pressure (`force`), which no driver of Firefox or WebKit can (the engine cases,
// test/engines/cases/digit-input.mjs, write there with the mouse and a finger). A pen writes as
// the mouse does, and a firmer pen draws a wider line (src/digit-input/ink.ts: 0.6 to 1.4 times
// the pen's width, by pressure).
import { HANDS, numberStrokes, shadowRect } from '../support/handwriting.mjs';
import { mulberry32 } from '../support/number-images.mjs';
import { expect, test } from './fixtures.js';

test('a pen with pressure writes in <se-digit-input>: the number is read, the field gets pen events with their pressure, a firmer pen draws a wider line', async ({ page }) => {
  await page.goto('/test/pages/digit-input.html');
  await page.waitForFunction(() => (window as unknown as { digitInputReady?: boolean }).digitInputReady === true);
  // What reaches the pad: each stroke's first pointer event.
  await page.evaluate(() => {
    const seen: { pointerType: string; pressure: number }[] = ((window as unknown as { penDowns: unknown[] }).penDowns = []);
    document.getElementById('quantity')!.shadowRoot!.querySelector('[part~="ink"]')!.addEventListener('pointerdown', (event) => {
      const { pointerType, pressure } = event as PointerEvent;
      seen.push({ pointerType, pressure });
    });
  });
  const cdp = await page.context().newCDPSession(page);
  const pen = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', [x, y]: number[], force: number) =>
    cdp.send('Input.dispatchMouseEvent', { type, x: x!, y: y!, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1, pointerType: 'pen', force });

  /** Writes `text` with a pen pressed at `force` (0 to 1); what the field read and how much ink it drew. */
  async function write(text: string, force: number) {
    await page.evaluate(() => (document.getElementById('quantity') as HTMLElement & { clear(): void }).clear());
    const pad = await page.evaluate(shadowRect, ['#quantity', '[part~="pad"]']);
    for (const stroke of numberStrokes(text, pad, HANDS[0], mulberry32(7)) as number[][][]) {
      await pen('mousePressed', stroke[0]!, force);
      for (const point of stroke.slice(1)) await pen('mouseMoved', point, force);
      await pen('mouseReleased', stroke.at(-1)!, force);
    }
    await page.waitForFunction((text) => (document.getElementById('quantity') as HTMLElement & { value: string }).value === text, text, { timeout: 60_000 });
    return page.evaluate(() => {
      const canvas = document.getElementById('quantity')!.shadowRoot!.querySelector('[part~="ink"]') as HTMLCanvasElement;
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      let ink = 0;
      for (let i = 3; i < data.length; i += 4) ink += data[i]! / 255;
      const downs = (window as unknown as { penDowns: { pointerType: string; pressure: number }[] }).penDowns.splice(0);
      return { ink, downs };
    });
  }

  const light = await write('47', 0.2);
  const firm = await write('47', 0.9);
  for (const [written, force] of [[light, 0.2], [firm, 0.9]] as const) {
    expect(written.downs.length, 'one pointerdown a stroke (4 and 7: three strokes)').toBe(3);
    for (const down of written.downs) {
      expect(down.pointerType).toBe('pen');
      expect(down.pressure).toBeCloseTo(force, 2);
    }
  }
  console.log(`<se-digit-input>, "47" with a pen: ink ${Math.round(light.ink)} px at pressure 0.2, ${Math.round(firm.ink)} at 0.9 (${(firm.ink / light.ink).toFixed(2)}x)`);
  // Widths 0.76 and 1.32 times the pen's: the same strokes cover about 1.6 times the ink.
  expect(firm.ink / light.ink, `ink drawn: ${Math.round(light.ink)} at 0.2, ${Math.round(firm.ink)} at 0.9`).toBeGreaterThan(1.3);
});
