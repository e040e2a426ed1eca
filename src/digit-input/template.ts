// The field's shadow tree and its style. Everything an app may restyle is a part
// (`se-digit-input::part(pad)`) or a custom property. Like a native input, the field takes the
// colour scheme of the page (its inherited `color-scheme`: light unless the page says
// `color-scheme: light dark` or `dark`), through light-dark(), unless the app sets the colours.

const STYLE = `
:host {
  display: block;
  --_paper: var(--se-digit-input-paper, light-dark(#fff, #1b1d21));
  --_ink: var(--se-digit-input-ink, light-dark(#111, #f1f1f1));
  --_border: var(--se-digit-input-border, light-dark(#6b6b6b, #9d9d9d));
  --_accent: var(--se-digit-input-accent, light-dark(#1f5fbf, #9cc0ff));
  --_unsure: var(--se-digit-input-unsure, light-dark(#b3261e, #ffb4ab));
  --_muted: light-dark(#595959, #b8b8b8);
  --_control: light-dark(#fff, #26292e);
  --_text: light-dark(#111, #f1f1f1);
  color: var(--_text);
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.pad {
  position: relative;
  height: var(--se-digit-input-height, 8rem);
  background: var(--_paper);
  color: var(--_ink);
  border: 1px solid var(--_border);
  border-radius: var(--se-digit-input-radius, 6px);
  touch-action: none;
  user-select: none;
  -webkit-user-select: none;
  cursor: crosshair;
  overflow: hidden;
}
.pad:focus-visible, button:focus-visible, input:focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
:host(:state(invalid)) .pad, :host(:state(invalid)) input { border-color: var(--_unsure); }
canvas { position: absolute; inset: 0; width: 100%; height: 100%; }
.boxes { position: absolute; inset: 0; pointer-events: none; }
.box { position: absolute; border: 2px solid var(--_accent); border-radius: 4px; }
/* Each box's reading beside its top right corner, where the gap to the next digit is. */
.box span { position: absolute; left: 100%; top: -2px; margin-left: 3px; font: 600 0.9em/1.2 system-ui, sans-serif; color: var(--_accent); }
.box.unsure { border-style: dashed; border-color: var(--_unsure); }
.box.unsure span { color: var(--_unsure); }
.hint { position: absolute; inset: 0; display: grid; place-items: center; color: var(--_muted); pointer-events: none; }
.hint[hidden] { display: none; }
.row { display: flex; flex-wrap: wrap; gap: 0.375rem; align-items: center; margin-top: 0.5rem; }
.digits, .alternatives { display: flex; flex-wrap: wrap; gap: 0.25rem; }
.digits { align-items: flex-start; }
.alternatives[hidden], .digits:empty { display: none; }
button, input {
  font: inherit;
  color: var(--_text);
  background: var(--_control);
  border: 1px solid var(--_border);
  border-radius: 4px;
  min-height: 2.25rem;
}
button { min-width: 2.25rem; padding: 0 0.6rem; cursor: pointer; }
button:disabled, input:disabled { cursor: not-allowed; opacity: 0.6; }
button[aria-pressed="true"], button[aria-expanded="true"] { border-color: var(--_accent); box-shadow: inset 0 0 0 1px var(--_accent); }
.digit.unsure { color: var(--_unsure); border-color: var(--_unsure); border-style: dashed; }
/* Each digit a column: its reading, and under it the readings it may be instead, smaller. */
.column { display: flex; flex-direction: column; align-items: center; gap: 0.125rem; }
.others { display: flex; gap: 0.125rem; }
.others:empty { display: none; }
button.other { min-width: 1.5rem; min-height: 1.5rem; padding: 0 0.3rem; font-size: 0.8125em; color: var(--_muted); }
input { flex: 1 1 7rem; min-width: 5rem; padding: 0 0.5rem; font-variant-numeric: tabular-nums; }
.status { margin: 0.25rem 0 0; min-height: 1.2em; font-size: 0.875em; color: var(--_muted); }
:host(:state(invalid)) .status { color: var(--_unsure); }
:host(:disabled) .pad { cursor: not-allowed; opacity: 0.6; }
`;

/** The field's parts, made once in its shadow root. */
export interface Parts {
  pad: HTMLDivElement;
  canvas: HTMLCanvasElement;
  boxes: HTMLDivElement;
  hint: HTMLDivElement;
  digits: HTMLDivElement;
  text: HTMLInputElement;
  undo: HTMLButtonElement;
  clear: HTMLButtonElement;
  alternatives: HTMLDivElement;
  status: HTMLParagraphElement;
}

let sheet: CSSStyleSheet | null = null;

/**
 * Fills `root` with the field's style and elements; returns its parts. The style is a
 * constructed sheet, shared by every field, and the elements are made with the DOM, not
 * parsed from markup: a page with a strict Content-Security-Policy (no inline style) or
 * Trusted Types gets the field as it is.
 */
export function render(root: ShadowRoot): Parts {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE);
  }
  root.adoptedStyleSheets = [sheet];
  const parts: Parts = {
    pad: make('div', { class: 'pad', part: 'pad', tabindex: '-1' }),
    canvas: make('canvas', { part: 'ink', 'aria-hidden': 'true' }),
    boxes: make('div', { class: 'boxes', 'aria-hidden': 'true' }),
    hint: make('div', { class: 'hint', part: 'hint', 'aria-hidden': 'true' }, 'Write a number'),
    digits: make('div', { class: 'digits', part: 'digits', role: 'group' }),
    text: make('input', { part: 'text', type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', enterkeyhint: 'done' }),
    undo: make('button', { type: 'button', class: 'undo', part: 'button undo' }, 'Undo'),
    clear: make('button', { type: 'button', class: 'clear', part: 'button clear' }, 'Clear'),
    alternatives: make('div', { class: 'alternatives', part: 'alternatives', role: 'group', hidden: '' }),
    status: make('p', { class: 'status', part: 'status', role: 'status' }),
  };
  parts.pad.append(parts.canvas, parts.boxes, parts.hint);
  const row = make('div', { class: 'row', part: 'controls' });
  row.append(parts.digits, parts.text, parts.undo, parts.clear);
  root.append(parts.pad, row, parts.alternatives, parts.status);
  return parts;
}

/** An element with attributes and, if given, its text. */
export function make<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}
