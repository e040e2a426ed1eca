// Bar charts in a few lines of DOM: one mark per class or channel, readable at a glance.
export interface BarChartOptions {
  /** Name of mark i, for hover text. */
  name: (i: number) => string;
  /** Short label under mark i (probabilities only). */
  label?: (i: number) => string;
  /** Reference values drawn behind the bars (e.g. the test sample's mean). */
  reference?: Float32Array;
  /** Index of the mark to highlight. */
  highlight?: number;
  /** Called with a description of the hovered mark. */
  onHover?: (text: string) => void;
}

/** How far from the reference a value must be to count as raised or damped. */
const NOTABLE = 0.05;

export function renderBarChart(container: HTMLElement, values: Float32Array, options: BarChartOptions): void {
  const marks = Array.from(values, (value, i) => {
    const mark = document.createElement('div');
    mark.className = 'mark';
    const reference = options.reference?.[i];
    let text = `${options.name(i)}: ${value.toFixed(3)}`;
    if (reference !== undefined) {
      const mean = document.createElement('i');
      mean.className = 'mean';
      mean.style.height = `${(100 * reference).toFixed(1)}%`;
      mark.append(mean);
      const delta = value - reference;
      if (delta > NOTABLE) mark.classList.add('above');
      if (delta < -NOTABLE) mark.classList.add('below');
      text += ` (test mean ${reference.toFixed(3)}, ${delta >= 0 ? '+' : ''}${delta.toFixed(3)})`;
    }
    if (i === options.highlight) mark.classList.add('top');
    const bar = document.createElement('i');
    bar.className = 'value';
    bar.style.height = `${Math.max(0.5, 100 * value).toFixed(1)}%`;
    mark.append(bar);
    mark.title = text;
    if (options.label) mark.dataset.label = options.label(i);
    if (options.onHover) mark.addEventListener('pointerenter', () => options.onHover!(text));
    return mark;
  });
  container.replaceChildren(...marks);
}

/** Colour of a value in [0, 1] on a dark-to-bright scale (perceptually ordered, colour-blind safe). */
export function heatColour(value: number): string {
  const stops = [
    [13, 8, 135],
    [126, 3, 168],
    [204, 71, 120],
    [248, 149, 64],
    [240, 249, 33],
  ];
  const x = Math.min(1, Math.max(0, value)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const t = x - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  return `rgb(${a.map((v, k) => Math.round(v + (b[k]! - v) * t)).join(',')})`;
}
