// The Inspect view: the inside of every SE block for the input shown (squeeze, gate, the maps
// before and after the gate), the channels ranked by what switching each off does to the
// prediction, and switches that turn channels off and on with everything after them updated.
// It uses only the SDK's public inspect and channelEffects.
import type { BlockInspection, ChannelEffects, Classifier, GateSettings, Inspection } from 'se-edge';
import { heatColour, renderBarChart } from './charts.js';
import { drawMapOverlay } from './map-overlay.js';

export interface InspectElements {
  /** What is inspected, in words. */
  subject: HTMLElement;
  prediction: HTMLElement;
  status: HTMLElement;
  reset: HTMLButtonElement;
  blocks: HTMLElement;
  effects: HTMLElement;
  overlay: HTMLCanvasElement;
  overlayChannel: HTMLSelectElement;
  overlayStage: HTMLSelectElement;
  overlayCaption: HTMLElement;
}

/** How many of the ranked channel effects are listed. */
const EFFECTS_SHOWN = 10;

export class InspectView {
  /** The channels switched off, by block. */
  #off = new Map<string, Set<number>>();
  #input: Float32Array | null = null;
  #inspection: Inspection | null = null;
  /** Counts inputs and switches: a stale answer is dropped. */
  #turn = 0;

  constructor(
    readonly ui: InspectElements,
    private readonly classifier: () => Classifier | null,
    /** A class's name in a sentence ("digit 7", "Trouser"). */
    private readonly className: (label: string) => string,
  ) {
    ui.reset.addEventListener('click', () => {
      this.#off.clear();
      void this.#inspect();
    });
    ui.overlayChannel.addEventListener('change', () => this.#drawOverlay());
    ui.overlayStage.addEventListener('change', () => this.#drawOverlay());
  }

  /**
   * Inspects a new input (the model's input values): every channel back on, effects ranked
   * again. One input at a time, the latest wins: a digit drawn live asks once per frame, and
   * the inputs that arrive meanwhile are skipped, never queued.
   */
  async show(input: Float32Array, what: string): Promise<void> {
    this.#next = { input, what };
    if (!this.#busy) await this.#showLatest();
  }

  #next: { input: Float32Array; what: string } | null = null;
  #busy = false;

  async #showLatest(): Promise<void> {
    this.#busy = true;
    try {
      while (this.#next) {
        const { input, what } = this.#next;
        this.#next = null;
        this.#input = input;
        this.#off.clear();
        this.ui.subject.textContent = what;
        this.#fillOverlayChoices();
        await Promise.all([this.#inspect(), this.#rankEffects()]);
      }
    } finally {
      this.#busy = false;
    }
  }

  /** Empties the view (a model switch, a cleared pad). */
  clear(): void {
    this.#turn++;
    this.#next = null;
    this.#input = this.#inspection = null;
    this.#off.clear();
    this.ui.subject.textContent = 'Nothing yet: draw a digit, pick a test sample or a digit of a number.';
    this.ui.prediction.textContent = '–';
    this.ui.status.textContent = '';
    this.ui.blocks.replaceChildren();
    this.ui.effects.replaceChildren();
    this.ui.overlayChannel.replaceChildren();
    this.ui.overlay.getContext('2d')!.clearRect(0, 0, this.ui.overlay.width, this.ui.overlay.height);
    this.ui.reset.disabled = true;
  }

  #gates(): GateSettings {
    const gates: GateSettings = {};
    for (const [block, channels] of this.#off) {
      if (channels.size) gates[block] = Object.fromEntries([...channels].map((c) => [c, 0]));
    }
    return gates;
  }

  #toggle(block: string, channel: number): void {
    const off = this.#off.get(block) ?? new Set<number>();
    if (!off.delete(channel)) off.add(channel);
    this.#off.set(block, off);
    void this.#inspect(`${block}-${channel}`);
  }

  async #inspect(focus?: string): Promise<void> {
    const classifier = this.classifier();
    if (!classifier || !this.#input) return;
    const turn = ++this.#turn;
    const off = [...this.#off].reduce((n, [, channels]) => n + channels.size, 0);
    try {
      const inspection = await classifier.inspect(this.#input, { gates: this.#gates() });
      if (turn !== this.#turn) return;
      this.#inspection = inspection;
      const { prediction, timings } = inspection;
      const own = off === 0 ? '' : ` with ${off} channel${off > 1 ? 's' : ''} off`;
      this.ui.prediction.textContent = `${this.className(prediction.label)} (${(100 * prediction.top[0]!.probability).toFixed(1)}%)${own}`;
      this.ui.status.textContent = `inspect: worker ${(timings.inferMs).toFixed(2)} ms`;
      this.ui.reset.disabled = off === 0;
      this.ui.blocks.replaceChildren(...inspection.blocks.map((block) => this.#renderBlock(block)));
      if (focus) this.ui.blocks.querySelector<HTMLElement>(`[data-testid="channel-${focus}"]`)?.focus();
      this.#drawOverlay();
    } catch (error) {
      if (turn === this.#turn) this.ui.status.textContent = (error as Error).message;
    }
  }

  async #rankEffects(): Promise<void> {
    const classifier = this.classifier();
    if (!classifier || !this.#input) return;
    const input = this.#input;
    try {
      const ranked = await classifier.channelEffects(input);
      if (input === this.#input) this.#renderEffects(ranked);
    } catch (error) {
      if (input === this.#input) this.ui.effects.textContent = (error as Error).message;
    }
  }

  #renderBlock(block: BlockInspection): HTMLElement {
    const [channels, height, width] = block.shape;
    const section = document.createElement('section');
    section.className = 'inspect-block';
    section.dataset.testid = `inspect-${block.name}`;
    const title = document.createElement('h3');
    const off = this.#off.get(block.name)?.size ?? 0;
    title.textContent = `${block.name} · ${channels} channels · maps ${height}x${width}${off ? ` · ${off} off` : ''}`;
    const bars = (values: Float32Array, what: string, scale: number) => {
      const chart = document.createElement('div');
      chart.className = 'chart';
      chart.dataset.testid = `inspect-${block.name}-${what}`;
      chart.setAttribute('role', 'img');
      chart.setAttribute('aria-label', `${block.name}: ${what} per channel`);
      renderBarChart(chart, scale === 1 ? values : values.map((v) => v / scale), { name: (c) => `${block.name} channel ${c} ${what}` });
      // The titles name the real values, not the ones scaled to the chart's height.
      chart.querySelectorAll<HTMLElement>('.mark').forEach((mark, c) => (mark.title = `${block.name} channel ${c} ${what}: ${values[c]!.toFixed(3)}`));
      return chart;
    };
    const squeezeMax = Math.max(1e-6, ...block.squeeze.map(Math.abs));
    const labelled = (text: string, chart: HTMLElement) => {
      const figure = document.createElement('figure');
      const caption = document.createElement('figcaption');
      caption.textContent = text;
      figure.append(caption, chart);
      return figure;
    };
    const charts = document.createElement('div');
    charts.className = 'inspect-bars';
    charts.append(
      labelled(`squeeze z (mean of each map; largest ${squeezeMax.toFixed(2)})`, bars(block.squeeze, 'squeeze', squeezeMax)),
      labelled('gate s applied (0 to 1)', bars(block.applied, 'gate', 1)),
    );
    const tiles = document.createElement('div');
    tiles.className = height * width > 1 ? 'channels maps' : 'channels values';
    tiles.setAttribute('role', 'group');
    tiles.setAttribute('aria-label', `${block.name} channels: press one to switch it off or on`);
    const size = height * width;
    // One colour scale per block, so that maps can be compared: the largest |U| of the block.
    const peak = Math.max(1e-6, ...block.maps.map(Math.abs));
    for (let c = 0; c < channels; c++) {
      const isOff = this.#off.get(block.name)?.has(c) ?? false;
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.testid = `channel-${block.name}-${c}`;
      button.setAttribute('aria-pressed', String(isOff));
      const gate = block.applied[c]!;
      button.title = `${block.name} channel ${c}: squeeze ${block.squeeze[c]!.toFixed(3)}, gate ${block.gate[c]!.toFixed(3)}${isOff ? ' (switched off)' : ''}`;
      // What the tile shows in text: the channel and its gate under a picture, or U -> s*U where a map is one value.
      let shown: string;
      if (size > 1) {
        const maps = block.maps.subarray(c * size, (c + 1) * size);
        const scaled = block.scaled.subarray(c * size, (c + 1) * size);
        shown = `#${c} ${gate.toFixed(2)}`;
        const label = document.createElement('small');
        label.textContent = shown;
        button.append(heatmap(maps, width, height, peak), heatmap(scaled, width, height, peak), label);
      } else {
        shown = `${block.maps[c]!.toFixed(2)}→${block.scaled[c]!.toFixed(2)}`;
        const value = document.createElement('span');
        value.textContent = shown;
        button.append(value);
      }
      // The accessible name holds the text shown (WCAG 2.5.3, label in name), then what it means.
      button.setAttribute('aria-label', `${block.name} ${shown}: channel ${c}, gate ${gate.toFixed(2)}${isOff ? ', switched off' : ''}`);
      button.addEventListener('click', () => this.#toggle(block.name, c));
      tiles.append(button);
    }
    section.append(title, charts, tiles);
    return section;
  }

  #renderEffects({ prediction, effects, timings }: ChannelEffects): void {
    const intro = document.createElement('p');
    intro.className = 'readout';
    intro.dataset.testid = 'effects-summary';
    intro.textContent =
      `${effects.length} channels, each switched off alone, in one batched run of ${timings.inferMs.toFixed(1)} ms. ` +
      `Largest drops in P(${this.className(prediction.label)}), ${(100 * prediction.top[0]!.probability).toFixed(1)}% as is:`;
    const list = document.createElement('ol');
    list.dataset.testid = 'effects-list';
    for (const effect of effects.slice(0, EFFECTS_SHOWN)) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      const flips = effect.label !== prediction.label ? `, reads ${this.className(effect.label)}` : '';
      button.textContent =
        `${effect.block} #${effect.channel}: ${(100 * effect.probabilityChange).toFixed(1)} points, ` +
        `logit ${effect.logitChange >= 0 ? '+' : ''}${effect.logitChange.toFixed(2)}${flips}`;
      button.setAttribute('aria-label', `Switch ${effect.block} channel ${effect.channel} off or on: ${button.textContent}`);
      button.addEventListener('click', () => this.#toggle(effect.block, effect.channel));
      item.append(button);
      list.append(item);
    }
    this.ui.effects.replaceChildren(intro, list);
  }

  /** The overlay's choices: every channel of the blocks whose maps are pictures (not 1x1). */
  #fillOverlayChoices(): void {
    const classifier = this.classifier();
    if (!classifier || this.ui.overlayChannel.options.length) return;
    const options = classifier.model.attention
      .filter((block) => block.map && block.map[1] * block.map[2] > 1)
      .flatMap((block) =>
        Array.from({ length: block.channels }, (_, c) => {
          const option = document.createElement('option');
          option.value = `${block.name}:${c}`;
          option.textContent = `${block.name} channel ${c}`;
          return option;
        }),
      );
    this.ui.overlayChannel.replaceChildren(...options);
  }

  #drawOverlay(): void {
    const [name, channel] = this.ui.overlayChannel.value.split(':');
    const block = this.#inspection?.blocks.find((b) => b.name === name);
    if (!this.#input || !block) return;
    const stage = this.ui.overlayStage.value === 'scaled' ? 'scaled' : 'maps';
    const c = Number(channel);
    const [, height, width] = block.shape;
    const map = block[stage].subarray(c * height * width, (c + 1) * height * width);
    const input = this.classifier()?.model.input.shape;
    const [inputHeight, inputWidth] = [Number(input?.at(-2)), Number(input?.at(-1))];
    const peak = Math.max(...block.maps);
    const where = drawMapOverlay(this.ui.overlay, this.#input, inputWidth, inputHeight, map, width, height, peak);
    this.ui.overlayCaption.textContent =
      `${block.name} channel ${c} ${stage === 'maps' ? 'before' : 'after'} its gate (${block.applied[c]!.toFixed(2)}), ` +
      `over the ${inputWidth}x${inputHeight} input: each of its ${width}x${height} cells covers ${where.stride}x${where.stride} input pixels.`;
  }
}

/** A map as a small picture: values on the heat scale of the block's peak, negatives (if any) in blue. */
function heatmap(values: Float32Array, width: number, height: number, peak: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.setAttribute('aria-hidden', 'true');
  const context = canvas.getContext('2d')!;
  values.forEach((v, i) => {
    context.fillStyle = v >= 0 ? heatColour(v / peak) : `rgba(47, 127, 207, ${Math.min(1, -v / peak).toFixed(2)})`;
    context.fillRect(i % width, Math.floor(i / width), 1, 1);
  });
  return canvas;
}
