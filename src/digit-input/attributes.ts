// The field's attributes and properties as an app's templates set them, for typing the element
// in a framework's markup (TSX's JSX.IntrinsicElements, Svelte's SvelteHTMLElements, Vue's
// GlobalComponents). se-edge depends on no framework: an app joins this to its framework's
// HTML attributes (docs/digit-input.md shows React's). Numbers may come as strings, as
// attributes do.

export interface DigitInputAttributes {
  /** The key of the value in the form's data. */
  name?: string;
  /** The digits: the field's value (a property, where the framework sets properties). */
  value?: string;
  required?: boolean;
  disabled?: boolean;
  min?: number | string;
  max?: number | string;
  /** The most digits, as `maxlength` on an input. */
  maxlength?: number | string;
  /** A regular expression (`v` flag) that the whole value must match. */
  pattern?: string;
  /** What the hint on the empty pad says (default "Write a number"). */
  placeholder?: string;
  /** 0 to 1 (default 0.6): a digit read below this top-1 probability is unclear. */
  'min-confidence'?: number | string;
  /** Ms after the last stroke before reading (default 450). */
  'read-delay'?: number | string;
}
