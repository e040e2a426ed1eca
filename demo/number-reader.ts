// The "write a number" mode: a wide pad read live with readDigits (one call per animation
// frame, a stale call aborted), each digit's box drawn over the ink, and a row of the digits
// read; picking one shows its prediction (probabilities and attention) in the single-digit view.
import type { Classifier, DigitReading } from 'se-edge';
import { DrawingPad } from './drawing-pad.js';

export interface NumberReaderElements {
  pad: HTMLCanvasElement;
  boxes: HTMLCanvasElement;
  clear: HTMLElement;
  reading: HTMLElement;
  confidence: HTMLElement;
  status: HTMLElement;
  digits: HTMLElement;
}

export class NumberReader {
  readonly pad: DrawingPad;
  #frame = 0;
  #pending: AbortController | null = null;
  #reading: DigitReading | null = null;
  #selected = -1;

  constructor(
    private readonly ui: NumberReaderElements,
    private readonly classifier: () => Classifier | null,
    /** Shows a digit's prediction; `picked` when a person picked it (not a live re-reading). */
    private readonly showDigit: (digit: DigitReading['digits'][number], what: string, picked: boolean) => void,
  ) {
    this.pad = new DrawingPad(ui.pad, () => this.schedule());
    ui.clear.addEventListener('click', () => {
      this.#pending?.abort();
      this.pad.clear();
      this.#show(null);
    });
  }

  /** Reads the pad at the next animation frame (at most once per frame). */
  schedule(): void {
    if (!this.#frame) this.#frame = requestAnimationFrame(() => ((this.#frame = 0), void this.#read()));
  }

  async #read(): Promise<void> {
    const classifier = this.classifier();
    if (!classifier || !this.pad.hasInk) return;
    this.#pending?.abort();
    const controller = (this.#pending = new AbortController());
    try {
      this.#show(await classifier.readDigits(this.pad.canvas, { signal: controller.signal, minProbability: 0.5 }));
    } catch (error) {
      const { name, code, message } = error as { name: string; code?: string; message: string };
      if (name === 'AbortError') return;
      if (code === 'INVALID_INPUT') this.#show(null, message.replace(/^input: /, ''));
      else this.ui.status.textContent = message;
    }
  }

  #show(reading: DigitReading | null, why = ''): void {
    const { ui } = this;
    this.#reading = reading;
    ui.reading.textContent = reading?.text ?? '–';
    ui.confidence.textContent = reading ? `lowest ${(100 * reading.confidence).toFixed(1)}%` : '';
    ui.status.textContent = reading
      ? `${reading.digits.length} digits · worker ${(reading.timings.prepareMs + reading.timings.inferMs).toFixed(1)} ms (finding ${reading.timings.prepareMs.toFixed(1)}, inference ${reading.timings.inferMs.toFixed(1)})`
      : why;
    ui.digits.replaceChildren(
      ...(reading?.digits ?? []).map(({ prediction }, i) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.dataset.testid = `number-digit-${i}`;
        const percent = `${(100 * prediction.top[0]!.probability).toFixed(0)}%`;
        // The name holds the text shown (WCAG 2.5.3, label in name), then which digit it is.
        button.setAttribute('aria-label', `${prediction.label} ${percent}: digit ${i + 1}`);
        const probability = document.createElement('small');
        probability.textContent = percent;
        button.append(prediction.label, ' ', probability);
        button.addEventListener('click', () => this.#select(i, true));
        return button;
      }),
    );
    // Keep the digit picked while the reading updates, when it still exists.
    this.#select(reading && this.#selected < reading.digits.length ? this.#selected : -1);
  }

  #select(index: number, picked = false): void {
    this.#selected = index;
    const digits = this.#reading?.digits ?? [];
    this.ui.digits.querySelectorAll('button').forEach((b, i) => b.setAttribute('aria-pressed', String(i === index)));
    this.#drawBoxes(index);
    if (index >= 0) this.showDigit(digits[index]!, `Digit ${index + 1} of the number "${this.#reading!.text}"`, picked);
  }

  /** Each digit's box over the ink, in the pad's pixels (the overlay has the pad's size); the picked one stands out. */
  #drawBoxes(selected: number): void {
    const canvas = this.ui.boxes;
    const context = canvas.getContext('2d')!;
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.font = '600 18px system-ui, sans-serif';
    (this.#reading?.digits ?? []).forEach(({ box, prediction }, i) => {
      const colour = i === selected ? '#1f5fbf' : '#d9692a';
      context.strokeStyle = context.fillStyle = colour;
      context.lineWidth = i === selected ? 4 : 2;
      context.strokeRect(box.x - 4, box.y - 4, box.width + 8, box.height + 8);
      context.fillText(prediction.label, box.x - 4, Math.max(16, box.y - 8));
    });
  }
}
