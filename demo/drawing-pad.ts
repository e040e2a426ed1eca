// A canvas to draw on with mouse, pen or finger (pointer events), black ink on white paper.
// The pen is a thirteenth of the canvas's height: a digit written across it has MNIST's strokes.
export class DrawingPad {
  private last: [number, number] | null = null;
  private inked = false;
  private readonly context: CanvasRenderingContext2D;

  constructor(readonly canvas: HTMLCanvasElement, private readonly onChange: () => void) {
    this.context = canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    canvas.addEventListener('pointerdown', (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.last = this.point(event);
      this.stroke(this.last, this.last);
    });
    canvas.addEventListener('pointermove', (event) => {
      if (!this.last) return;
      // Coalesced events keep fast strokes smooth on pens and touch screens.
      for (const e of event.getCoalescedEvents?.() ?? [event]) {
        const next = this.point(e);
        this.stroke(this.last, next);
        this.last = next;
      }
    });
    for (const type of ['pointerup', 'pointercancel'] as const) canvas.addEventListener(type, () => (this.last = null));
  }

  get hasInk(): boolean {
    return this.inked;
  }

  clear(): void {
    this.context.fillStyle = '#fff';
    this.context.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.inked = false;
  }

  /** Paints 28x28 MNIST values (white on black) as a dark digit on the paper. */
  showDigit(values: Float32Array): void {
    const small = new OffscreenCanvas(28, 28);
    const pixels = new ImageData(28, 28);
    values.forEach((v, i) => {
      const shade = Math.round(255 * (1 - v));
      pixels.data.set([shade, shade, shade, 255], i * 4);
    });
    small.getContext('2d')!.putImageData(pixels, 0, 0);
    this.clear();
    this.context.imageSmoothingQuality = 'high';
    this.context.drawImage(small, 0, 0, this.canvas.width, this.canvas.height);
    this.inked = true;
    this.onChange();
  }

  private point(event: PointerEvent): [number, number] {
    const box = this.canvas.getBoundingClientRect();
    return [
      ((event.clientX - box.left) * this.canvas.width) / box.width,
      ((event.clientY - box.top) * this.canvas.height) / box.height,
    ];
  }

  private stroke([x0, y0]: [number, number], [x1, y1]: [number, number]): void {
    const c = this.context;
    c.strokeStyle = '#000';
    c.lineWidth = this.canvas.height / 13;
    c.lineCap = c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(x0, y0);
    c.lineTo(x1, y1);
    c.stroke();
    this.inked = true;
    this.onChange();
  }
}
