// <se-digit-input>: a number field that people write in. Strokes (ink.ts) are read by
// readDigits after a short pause; the digits read make the value, which the field gives its
// form like an <input> does (ElementInternals: name, reset, disabled, constraint validation).
// A digit read below the confidence threshold is marked and left out of the value, and the
// field is invalid until someone chooses what it is (its top-3 alternatives) or writes it again.
// Typing digits in the field's text box works too, so nobody depends on writing.
import type { Classifier, ReadDigit, TopClass } from '../index.js';
import type { Box } from '../../contract/types.js';
import { Ink } from './ink.js';
import { sharedClassifier } from './shared-classifier.js';
import { make, render, type Parts } from './template.js';
import { validate } from './validity.js';

/** One digit of the field, as read (and maybe corrected). */
export interface FieldDigit {
  /** Where its ink lies, in CSS pixels of the pad. */
  box: Box;
  /** The model's three likeliest readings, likeliest first. */
  top: TopClass[];
  /** What a person chose for it, if they did. */
  chosen?: string;
  /** Below the confidence threshold and not chosen: left out of the value. */
  unsure: boolean;
  /** What the digit stands for in the value ('' while unsure). */
  label: string;
}

const DEFAULT_MIN_CONFIDENCE = 0.6;
const DEFAULT_READ_DELAY_MS = 450;

// A server bundle that takes the browser entry (a runtime with neither the `node` condition nor
// a DOM: edge functions, workers) still imports it: the class is made, never defined there.
const ElementBase: typeof HTMLElement = globalThis.HTMLElement ?? (class {} as typeof HTMLElement);

export class SeDigitInput extends ElementBase {
  static readonly formAssociated = true;
  static readonly observedAttributes = ['value', 'required', 'min', 'max', 'maxlength', 'pattern', 'title', 'min-confidence', 'aria-label', 'placeholder'];

  readonly #internals: ElementInternals;
  readonly #parts: Parts;
  readonly #ink: Ink;
  #classifier: Classifier | null = null;
  #digits: FieldDigit[] = [];
  /** The value when it was typed or set (no ink): null while the ink makes it. */
  #typed: string | null = null;
  #value = '';
  #customError = '';
  /** What the status line says beside the value: a reading under way, an error, a choice made. */
  #message = '';
  /** Whether a person has changed the value yet (invalid styling waits for it, as :user-invalid). */
  #touched = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #pending: AbortController | null = null;
  #selected = -1;
  #disabled = false;
  #resize: ResizeObserver | null = null;
  #scheme: MediaQueryList | null = null;
  #theme: MutationObserver | null = null;

  constructor() {
    super();
    this.#internals = this.attachInternals();
    this.#parts = render(this.attachShadow({ mode: 'open' }));
    this.#ink = new Ink(this.#parts.canvas, (phase) => this.#stroke(phase));
    const { text, undo, clear } = this.#parts;
    text.addEventListener('input', () => this.#typing());
    text.addEventListener('change', () => this.#fire('change'));
    undo.addEventListener('click', () => this.undo());
    clear.addEventListener('click', () => {
      if (this.#value === '' && this.#ink.isEmpty && this.#typed === null) return;
      this.#reset('');
      this.#userChanged();
    });
    this.#parts.alternatives.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') this.#select(-1, true);
    });
    // A click on one of the field's <label>s reaches the host itself: take it to the text box.
    this.addEventListener('click', (event) => {
      if (event.composedPath()[0] === this) this.#parts.text.focus();
    });
    // Labels can come and go: the inner controls take the field's name again when it gets focus.
    this.addEventListener('focusin', () => (this.#name(), this.#warmUp()));
    this.#parts.pad.addEventListener('pointerover', this.#warmUp);
    this.#parts.pad.addEventListener('pointerdown', this.#warmUp);
    this.#update();
  }

  connectedCallback(): void {
    this.#resize = new ResizeObserver(() => this.#fit());
    this.#resize.observe(this.#parts.pad);
    // The ink is drawn on a canvas, which CSS does not recolour: it follows the colour scheme
    // when the system's changes, and when the page switches its own (a class, a data attribute
    // or a style on <html> or <body>, as theme switches do).
    this.#scheme = matchMedia('(prefers-color-scheme: dark)');
    this.#scheme.addEventListener('change', this.#recolour);
    this.#theme = new MutationObserver(this.#recolour);
    for (const element of [document.documentElement, document.body]) if (element) this.#theme.observe(element, { attributes: true });
    // A property set before the element was defined (a framework's binding, an app's script) is
    // an own property of the element that hides the class's accessor: take it through the setter.
    for (const property of ['classifier', 'value'] as const) {
      if (Object.hasOwn(this, property)) {
        const value = (this as Record<string, unknown>)[property];
        delete (this as Record<string, unknown>)[property];
        (this as Record<string, unknown>)[property] = value;
      }
    }
    this.#fit();
    this.#name();
  }

  /**
   * Starts the page's shared classifier when someone comes to write (a pointer on the pad, the
   * field focused), so that a form whose field is never used downloads nothing, and the model
   * loads while the first digit is being written. A field given a classifier starts none.
   */
  #warmUp = (): void => {
    if (this.#classifier || this.#disabled) return;
    sharedClassifier().catch((error: Error) => this.#say(`Handwriting is not available: ${error.message}`));
  };

  disconnectedCallback(): void {
    this.#resize?.disconnect();
    this.#scheme?.removeEventListener('change', this.#recolour);
    this.#theme?.disconnect();
    clearTimeout(this.#timer);
    this.#pending?.abort();
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value) return;
    if (name === 'value' && !this.#touched && this.#ink.isEmpty) return this.#reset(value ?? '');
    if (name === 'aria-label') return this.#name();
    if (name === 'placeholder') this.#parts.hint.textContent = value ?? 'Write a number';
    if (name === 'min-confidence') this.#digits = this.#digits.map((d) => this.#judge(d));
    this.#update();
  }

  // ── Form-associated callbacks ──

  formResetCallback(): void {
    this.#touched = false;
    this.#customError = '';
    this.#reset(this.defaultValue);
  }

  formDisabledCallback(disabled: boolean): void {
    this.#disabled = disabled;
    this.#ink.enabled = !disabled;
    this.#parts.text.disabled = disabled;
    for (const button of this.#parts.alternatives.querySelectorAll('button')) button.disabled = disabled;
    this.#update(); // Undo, Clear and the digit buttons follow #disabled there
  }

  formStateRestoreCallback(state: string | File | FormData | null): void {
    if (typeof state === 'string') this.#reset(state);
  }

  // ── The <input>-like API ──

  /** The digits read or typed, as a string ('' when none). Setting it replaces the ink. */
  get value(): string {
    return this.#value;
  }

  set value(value: string) {
    const digits = String(value ?? '').replace(/\D/g, '');
    // A framework's two-way binding hands back the value the field just gave it (React, Svelte,
    // Vue set the property on each render): the same value, with no unclear digit left out of
    // it, keeps the ink and its digits, as a native input keeps its caret.
    if (digits === this.#value && !this.#digits.some((d) => d.unsure)) return;
    this.#reset(digits);
  }

  /** The value as a number; NaN when it is empty. */
  get valueAsNumber(): number {
    return this.#value === '' ? NaN : Number(this.#value);
  }

  set valueAsNumber(number: number) {
    if (!Number.isFinite(number)) {
      this.value = '';
      return;
    }
    if (number < 0 || !Number.isInteger(number)) throw new TypeError(`valueAsNumber: ${number} is not a whole number of 0 or more`);
    this.value = BigInt(number).toString();
  }

  /** The `value` attribute: what the field shows at first and after its form is reset. */
  get defaultValue(): string {
    return (this.getAttribute('value') ?? '').replace(/\D/g, '');
  }

  set defaultValue(value: string) {
    this.setAttribute('value', value);
  }

  get name(): string {
    return this.getAttribute('name') ?? '';
  }

  set name(name: string) {
    this.setAttribute('name', name);
  }

  get disabled(): boolean {
    return this.hasAttribute('disabled');
  }

  set disabled(disabled: boolean) {
    this.toggleAttribute('disabled', Boolean(disabled));
  }

  get required(): boolean {
    return this.hasAttribute('required');
  }

  set required(required: boolean) {
    this.toggleAttribute('required', Boolean(required));
  }

  /** Digits read below this top-1 probability are marked and left out of the value (0 to 1). */
  get minConfidence(): number {
    const value = Number(this.getAttribute('min-confidence'));
    return this.hasAttribute('min-confidence') && value >= 0 && value <= 1 ? value : DEFAULT_MIN_CONFIDENCE;
  }

  set minConfidence(value: number) {
    this.setAttribute('min-confidence', String(value));
  }

  /** How long the field waits after the pen lifts before reading, in ms. */
  get readDelay(): number {
    const value = Number(this.getAttribute('read-delay'));
    return this.hasAttribute('read-delay') && value >= 0 ? value : DEFAULT_READ_DELAY_MS;
  }

  set readDelay(value: number) {
    this.setAttribute('read-delay', String(value));
  }

  /**
   * The classifier that reads the field: by default one shared by every field of the page,
   * started when the first field is connected. Give an app's own to share it with the app.
   */
  get classifier(): Classifier | null {
    return this.#classifier;
  }

  set classifier(classifier: Classifier | null) {
    this.#classifier = classifier;
  }

  /** The digits as read, left to right, with their boxes, alternatives and any correction. */
  get digits(): readonly FieldDigit[] {
    return this.#digits.map((d) => ({ ...d, box: { ...d.box }, top: [...d.top] }));
  }

  get form(): HTMLFormElement | null {
    return this.#internals.form;
  }

  get labels(): NodeList {
    return this.#internals.labels;
  }

  get type(): string {
    return this.localName;
  }

  get validity(): ValidityState {
    return this.#internals.validity;
  }

  get validationMessage(): string {
    return this.#internals.validationMessage;
  }

  get willValidate(): boolean {
    return this.#internals.willValidate;
  }

  checkValidity(): boolean {
    return this.#internals.checkValidity();
  }

  reportValidity(): boolean {
    return this.#internals.reportValidity();
  }

  setCustomValidity(message: string): void {
    this.#customError = String(message ?? '');
    this.#validate();
  }

  override focus(options?: FocusOptions): void {
    this.#parts.text.focus(options);
  }

  /** Empties the field: ink, digits and value (no event, as setting an input's value fires none). */
  clear(): void {
    this.#reset('');
  }

  /** Takes back the last stroke and reads again; false when there was none. */
  undo(): boolean {
    if (this.#disabled || !this.#ink.undo()) return false;
    this.#touched = true;
    this.#read();
    return true;
  }

  // ── Writing and reading ──

  #stroke(phase: 'start' | 'end'): void {
    clearTimeout(this.#timer);
    this.#pending?.abort();
    if (phase === 'start') {
      this.#recolour();
      this.#state('reading', false);
      this.#touched = true;
      this.#select(-1);
      this.#typed = null; // writing replaces what was typed
      this.#parts.hint.hidden = true;
      return;
    }
    this.#state('reading', true);
    this.#timer = setTimeout(() => this.#read(), this.readDelay);
  }

  /**
   * Custom states apps can style: `:state(reading)` from the pen's lift until the reading is
   * in, `:state(invalid)` once a person has changed an invalid value (as :user-invalid).
   */
  #state(name: 'reading' | 'invalid', on: boolean): void {
    try {
      if (on) this.#internals.states.add(name);
      else this.#internals.states.delete(name);
    } catch {} // an engine without custom states: the field still works, unstyled
  }

  async #read(): Promise<void> {
    clearTimeout(this.#timer);
    this.#pending?.abort();
    if (this.#ink.isEmpty) {
      this.#digits = [];
      this.#state('reading', false);
      return this.#userChanged();
    }
    const controller = (this.#pending = new AbortController());
    this.#say('Reading…');
    try {
      const classifier = this.#classifier ?? (await sharedClassifier());
      if (controller.signal.aborted) return;
      const reading = await classifier.readDigits(this.#ink.paper, { signal: controller.signal, topK: 3 });
      if (controller.signal.aborted || this.#ink.isWriting) return;
      const before = this.#digits;
      this.#digits = reading.digits.map((digit) => this.#judge(this.#fromReading(digit, before)));
      this.#message = '';
    } catch (error) {
      const { name, code, message } = error as { name?: string; code?: string; message?: string };
      if (name === 'AbortError' || controller.signal.aborted) return;
      // Ink the reader cannot take (a scribble with no digit in it, too many digits) reads as
      // nothing, and says why; a classifier that failed says so too.
      this.#digits = [];
      this.#message = code === 'INVALID_INPUT' ? `Nothing read: ${String(message).replace(/^input: /, '')}` : `Could not read: ${message}`;
    } finally {
      if (this.#pending === controller) this.#pending = null;
    }
    this.#state('reading', false);
    this.#userChanged();
  }

  /** A digit of a new reading; a person's choice for the same digit (its box unchanged) is kept. */
  #fromReading({ box, prediction }: ReadDigit, before: FieldDigit[]): FieldDigit {
    const same = before.find((d) => d.chosen !== undefined && overlap(d.box, box) >= 0.9);
    return { box, top: prediction.top.slice(0, 3), chosen: same?.chosen, unsure: false, label: '' };
  }

  /** Marks a digit unsure (below the threshold, not chosen) and gives its label in the value. */
  #judge(digit: FieldDigit): FieldDigit {
    const best = digit.top[0];
    const unsure = digit.chosen === undefined && (!best || best.probability < this.minConfidence);
    return { ...digit, unsure, label: digit.chosen ?? (unsure ? '' : best!.label) };
  }

  /** Replaces everything by `value` (typed or set): the ink goes. No event. */
  #reset(value: string): void {
    this.#replaceInk(value);
    this.#update();
  }

  #typing(): void {
    const { text } = this.#parts;
    const digits = text.value.replace(/\D/g, '');
    if (digits !== text.value) text.value = digits;
    this.#touched = true;
    this.#replaceInk(digits);
    // The text box's own input event crosses the shadow boundary (it is composed): the page
    // gets it, with the value already updated here. Only `change` needs firing (see constructor).
    this.#update({ keepText: true });
  }

  /** Drops the ink, its digits and any reading under way; the value becomes `typed`. */
  #replaceInk(typed: string): void {
    clearTimeout(this.#timer);
    this.#pending?.abort();
    this.#state('reading', false);
    this.#ink.clear();
    this.#digits = [];
    this.#typed = typed;
    this.#message = '';
    this.#select(-1);
  }

  /** After a change a person made: update, then `input` and `change`, when the value changed. */
  #userChanged(): void {
    const before = this.#value;
    this.#touched = true;
    this.#update();
    if (this.#value !== before) {
      this.#fire('input');
      this.#fire('change');
    }
  }

  #fire(type: 'input' | 'change'): void {
    this.dispatchEvent(new Event(type, { bubbles: true, composed: type === 'input' }));
  }

  // ── Showing it ──

  #update({ keepText = false } = {}): void {
    // The page may have changed its colour scheme (no media query says so when it sets
    // color-scheme itself): the ink follows at the next update.
    if (this.isConnected) this.#recolour();
    this.#value = this.#typed ?? this.#digits.map((d) => d.label).join('');
    this.#internals.setFormValue(this.#value);
    if (!keepText) this.#parts.text.value = this.#value;
    this.#parts.hint.hidden = !this.#ink.isEmpty || this.#ink.isWriting || this.#value !== '';
    this.#parts.undo.disabled = this.#disabled || this.#ink.isEmpty;
    this.#parts.clear.disabled = this.#disabled || (this.#ink.isEmpty && this.#value === '');
    this.#showDigits();
    this.#validate();
  }

  /** The status line (a live region): the message if any, else what is unclear, else the value read. */
  #showStatus(unclear: string): void {
    const read = this.#typed === null && this.#value ? `Read ${this.#value.split('').join(' ')}` : '';
    this.#parts.status.textContent = this.#message || unclear || read;
  }

  #validate(): void {
    const unsure = this.#digits.flatMap((d, i) => (d.unsure ? [i + 1] : []));
    const number = (name: string) => (this.hasAttribute(name) ? Number(this.getAttribute(name)) : undefined);
    const checked = validate(this.#value, {
      required: this.required,
      min: number('min'),
      max: number('max'),
      maxLength: number('maxlength'),
      pattern: this.getAttribute('pattern') ?? undefined,
      title: this.getAttribute('title') ?? undefined,
      unsure,
    });
    const flags = this.#customError ? { ...checked.flags, customError: true } : checked.flags;
    const message = this.#customError || checked.message;
    if (message) this.#internals.setValidity(flags, message, this.#parts.text);
    else this.#internals.setValidity({});
    const invalid = Boolean(message) && this.#touched;
    this.#parts.text.setAttribute('aria-invalid', String(invalid));
    this.#state('invalid', invalid);
    this.#showStatus(unsure.length ? checked.message : '');
  }

  /**
   * Under the pad, each digit read: a button with its reading (a tap opens its alternatives with
   * their probabilities, and Erase), and under it its other likely readings, each a button that
   * makes the digit that in one tap. Over the ink, each digit's box.
   */
  #showDigits(): void {
    const { digits, boxes } = this.#parts;
    const count = this.#digits.length;
    digits.replaceChildren(
      ...this.#digits.map((digit, i) => {
        const shown = digit.chosen ?? digit.top[0]?.label ?? '?';
        const text = digit.unsure ? `${shown}?` : shown;
        const column = make('div', { class: 'column', part: 'digit-column' });
        const button = make('button', { type: 'button', class: digit.unsure ? 'digit unsure' : 'digit', part: digit.unsure ? 'digit unsure' : 'digit', 'aria-expanded': String(i === this.#selected) }, text);
        // The name starts with the text shown (WCAG 2.5.3, label in name), then says what it does.
        button.setAttribute('aria-label', `${text}: digit ${i + 1} of ${count}${digit.unsure ? ', unclear' : ''}, change it`);
        button.disabled = this.#disabled;
        button.addEventListener('click', () => this.#select(i === this.#selected ? -1 : i, true));
        // The readings it is not: an unclear digit offers all three, its likeliest first.
        const others = make('div', { class: 'others' });
        for (const { label, probability } of digit.top.filter((t) => t.label !== digit.label)) {
          const other = make('button', { type: 'button', class: 'other', part: 'candidate', value: label, title: `${Math.round(100 * probability)}%` }, label);
          other.setAttribute('aria-label', `${label}: make digit ${i + 1} a ${label}`);
          other.disabled = this.#disabled;
          other.addEventListener('click', () => this.#choose(i, label));
          others.append(other);
        }
        column.append(button, others);
        return column;
      }),
    );
    boxes.replaceChildren(
      ...this.#digits.map((digit) => {
        const box = make('div', { class: digit.unsure ? 'box unsure' : 'box' });
        const pad = 4;
        Object.assign(box.style, { left: `${digit.box.x - pad}px`, top: `${digit.box.y - pad}px`, width: `${digit.box.width + 2 * pad}px`, height: `${digit.box.height + 2 * pad}px` });
        box.append(make('span', {}, digit.unsure ? `${digit.top[0]?.label ?? ''}?` : digit.label));
        return box;
      }),
    );
  }

  /** Opens (or, with -1, closes) the alternatives of digit `index`: its top 3, and erasing it. */
  #select(index: number, focus = false): void {
    const previous = this.#selected;
    this.#selected = index >= 0 && index < this.#digits.length ? index : -1;
    const { alternatives, digits } = this.#parts;
    digits.querySelectorAll('button.digit').forEach((b, i) => b.setAttribute('aria-expanded', String(i === this.#selected)));
    if (this.#selected < 0) {
      alternatives.hidden = true;
      alternatives.replaceChildren();
      if (focus && previous >= 0) this.#digitButton(previous)?.focus();
      return;
    }
    const digit = this.#digits[this.#selected]!;
    alternatives.setAttribute('aria-label', `Digit ${this.#selected + 1}: choose what it is`);
    const choices = digit.top.map(({ label, probability }) => {
      const button = make('button', { type: 'button', part: 'alternative', 'aria-pressed': String(label === digit.label) }, `${label} `);
      button.append(make('small', {}, `${Math.round(100 * probability)}%`));
      button.addEventListener('click', () => this.#choose(this.#selected, label));
      return button;
    });
    const erase = make('button', { type: 'button', part: 'alternative erase' }, 'Erase');
    erase.setAttribute('aria-label', `Erase digit ${this.#selected + 1}`);
    erase.addEventListener('click', () => this.#erase(this.#selected));
    alternatives.replaceChildren(...choices, erase);
    alternatives.hidden = false;
    if (focus) choices[0]?.focus();
  }

  #choose(index: number, label: string): void {
    const digit = this.#digits[index];
    if (!digit || this.#disabled) return;
    this.#digits[index] = this.#judge({ ...digit, chosen: label });
    this.#select(-1);
    this.#message = `Digit ${index + 1} is ${label}.`;
    this.#userChanged();
    this.#digitButton(index)?.focus();
  }

  /** The button of digit `index` under the pad. */
  #digitButton(index: number): HTMLButtonElement | undefined {
    return this.#parts.digits.querySelectorAll<HTMLButtonElement>('button.digit')[index];
  }

  #erase(index: number): void {
    const digit = this.#digits[index];
    if (!digit || this.#disabled) return;
    this.#ink.erase(digit.box);
    this.#digits.splice(index, 1);
    this.#select(-1);
    this.#userChanged();
    this.#read();
  }

  #say(message: string): void {
    this.#message = message;
    this.#validate();
  }

  /** Gives the inner controls the field's accessible name (its aria-label, or its labels' text). */
  #name(): void {
    const label = this.getAttribute('aria-label') ?? [...this.#internals.labels].map((l) => l.textContent?.trim()).filter(Boolean).join(' ');
    const name = label || 'Number';
    this.#parts.text.setAttribute('aria-label', name);
    this.#parts.digits.setAttribute('aria-label', `${name}: the digits read`);
  }

  #fit(): void {
    const { width, height } = this.#parts.pad.getBoundingClientRect();
    if (width > 0 && height > 0) this.#ink.resize(width, height, this.#inkColour());
  }

  /** The visible ink's colour: the pad's CSS `color` (--se-digit-input-ink, by colour scheme). */
  #inkColour(): string {
    return getComputedStyle(this.#parts.pad).color;
  }

  readonly #recolour = (): void => this.#ink.recolour(this.#inkColour());
}

declare global {
  interface HTMLElementTagNameMap {
    'se-digit-input': SeDigitInput;
  }
}

/** How much two boxes overlap: intersection over union, 0 to 1. */
function overlap(a: Box, b: Box): number {
  const w = Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x));
  const h = Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  const inter = w * h;
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}
