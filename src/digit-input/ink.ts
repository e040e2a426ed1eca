// The strokes written on the field's pad: taken from Pointer Events (mouse, touch, pen), kept
// as points in the pad's CSS pixels so that undo, erasing a digit and a resize can redraw them,
// and drawn twice: on the visible canvas in the field's colours, and on a paper of its own, dark
// ink on white at one pixel per CSS pixel, which is what readDigits reads (so that a dark colour
// scheme or a high-density screen never changes what the model sees).

import type { Box } from '../../contract/types.js';

/** One point of a stroke: x, y in CSS pixels of the pad, and the pen's width there. */
export type InkPoint = [x: number, y: number, width: number];


/**
 * The pen's width, from the pad's height: a digit written across about 0.8 of the pad then has
 * MNIST's proportions (strokes about a tenth of the digit's height). A pen's pressure, where the
 * device reports one, makes it from 0.6 to 1.4 times as wide; mouse and touch keep it even.
 */
export function penWidth(padHeight: number, event?: { pointerType: string; pressure: number }): number {
  const base = Math.max(2, padHeight / 13);
  if (event?.pointerType !== 'pen' || !(event.pressure > 0)) return base;
  return base * (0.6 + 0.8 * Math.min(1, event.pressure));
}

export class Ink {
  /** Every stroke, oldest first. */
  readonly strokes: InkPoint[][] = [];
  readonly #view: HTMLCanvasElement;
  readonly #paper: HTMLCanvasElement;
  #current: InkPoint[] | null = null;
  #pointer = -1;
  #colour = '#000';
  /** False while the field is disabled: the pad takes no strokes. */
  enabled = true;

  /**
   * `view` is the canvas people see (sized here to the pad's box and the screen's density);
   * `onStroke` runs when a stroke begins (`'start'`) and when it ends (`'end'`).
   */
  constructor(view: HTMLCanvasElement, private readonly onStroke: (phase: 'start' | 'end') => void) {
    this.#view = view;
    this.#paper = document.createElement('canvas');
    view.addEventListener('pointerdown', (event) => this.#down(event));
    view.addEventListener('pointermove', (event) => this.#move(event));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture'] as const) view.addEventListener(type, (event) => this.#up(event));
  }

  /** What readDigits reads: the strokes in black on white. */
  get paper(): HTMLCanvasElement {
    return this.#paper;
  }

  get isEmpty(): boolean {
    return this.strokes.length === 0;
  }

  get isWriting(): boolean {
    return this.#current !== null;
  }

  /** Sizes both canvases to the pad (CSS pixels) and redraws; the colour is the visible ink's. */
  resize(width: number, height: number, colour: string): void {
    const density = Math.max(1, globalThis.devicePixelRatio || 1);
    this.#view.width = Math.max(1, Math.round(width * density));
    this.#view.height = Math.max(1, Math.round(height * density));
    this.#paper.width = Math.max(1, Math.round(width));
    this.#paper.height = Math.max(1, Math.round(height));
    this.#colour = colour;
    this.redraw();
  }

  /** Changes the visible ink's colour (a colour scheme changed) and redraws, if it changed. */
  recolour(colour: string): void {
    if (colour === this.#colour) return;
    this.#colour = colour;
    this.redraw();
  }

  clear(): void {
    this.strokes.length = 0;
    this.#current = null;
    this.redraw();
  }

  /** Removes the last stroke; false when there was none. */
  undo(): boolean {
    if (this.strokes.length === 0) return false;
    this.strokes.pop();
    this.redraw();
    return true;
  }

  /**
   * Removes the strokes that belong to a digit's box (in the paper's pixels, which are the
   * pad's CSS pixels): those with most of their points inside it, grown by the pen's width.
   * Returns how many went.
   */
  erase(box: Box): number {
    const before = this.strokes.length;
    const grow = penWidth(this.#paper.height);
    const inside = ([x, y]: InkPoint) => x >= box.x - grow && x <= box.x + box.width + grow && y >= box.y - grow && y <= box.y + box.height + grow;
    const kept = this.strokes.filter((stroke) => stroke.filter(inside).length * 2 < stroke.length);
    this.strokes.splice(0, this.strokes.length, ...kept);
    this.redraw();
    return before - kept.length;
  }

  redraw(): void {
    const view = this.#context(this.#view);
    view.clearRect(0, 0, this.#view.width, this.#view.height);
    const paper = this.#context(this.#paper);
    paper.fillStyle = '#fff';
    paper.fillRect(0, 0, this.#paper.width, this.#paper.height);
    for (const stroke of this.strokes) this.#draw(stroke, 0);
    if (this.#current) this.#draw(this.#current, 0);
  }

  #context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
    return canvas.getContext('2d', canvas === this.#paper ? { willReadFrequently: true } : undefined)!;
  }

  #point(event: PointerEvent): InkPoint {
    const box = this.#view.getBoundingClientRect();
    const x = ((event.clientX - box.left) * this.#paper.width) / Math.max(1, box.width);
    const y = ((event.clientY - box.top) * this.#paper.height) / Math.max(1, box.height);
    return [x, y, penWidth(this.#paper.height, event)];
  }

  #down(event: PointerEvent): void {
    // One pen at a time: a second finger (a palm, a pinch) neither writes nor ends the stroke.
    if (!this.enabled || this.#current || (event.pointerType === 'mouse' && event.button !== 0)) return;
    event.preventDefault();
    this.#view.setPointerCapture?.(event.pointerId);
    this.#pointer = event.pointerId;
    this.#current = [this.#point(event)];
    this.#draw(this.#current, 0);
    this.onStroke('start');
  }

  #move(event: PointerEvent): void {
    if (!this.#current || event.pointerId !== this.#pointer) return;
    // Coalesced events keep fast strokes smooth on pens and touch screens.
    const coalesced = event.getCoalescedEvents?.() ?? [];
    const events = coalesced.length ? coalesced : [event];
    for (const e of events) this.#current.push(this.#point(e));
    this.#draw(this.#current, this.#current.length - events.length);
  }

  #up(event: PointerEvent): void {
    if (!this.#current || event.pointerId !== this.#pointer) return;
    this.strokes.push(this.#current);
    this.#current = null;
    this.onStroke('end');
  }

  /** Draws a stroke's segments from point `from` on, on both canvases. */
  #draw(stroke: InkPoint[], from: number): void {
    const scale = this.#view.width / Math.max(1, this.#paper.width);
    for (const [canvas, colour, factor] of [[this.#paper, '#000', 1], [this.#view, this.#colour, scale]] as const) {
      const c = this.#context(canvas);
      c.strokeStyle = c.fillStyle = colour;
      c.lineCap = c.lineJoin = 'round';
      if (stroke.length === 1) {
        const [x, y, w] = stroke[0]!;
        c.beginPath();
        c.arc(x * factor, y * factor, (w * factor) / 2, 0, 2 * Math.PI);
        c.fill();
        continue;
      }
      for (let i = Math.max(1, from); i < stroke.length; i++) {
        const [x0, y0, w0] = stroke[i - 1]!;
        const [x1, y1, w1] = stroke[i]!;
        c.lineWidth = ((w0 + w1) / 2) * factor;
        c.beginPath();
        c.moveTo(x0 * factor, y0 * factor);
        c.lineTo(x1 * factor, y1 * factor);
        c.stroke();
      }
    }
  }
}
