// The constraint validation of <se-digit-input>, as a native <input> does it, from the value and
// the element's attributes: pure, so that the unit tier checks every rule without a browser.

/** What the field's value is checked against: its attributes, and what the reading left unsure. */
export interface Constraints {
  required: boolean;
  /** The `min` and `max` attributes: bounds of `valueAsNumber` (NaN or absent: none). */
  min?: number;
  max?: number;
  /** The `maxlength` attribute: most digits (absent or negative: none). */
  maxLength?: number;
  /** The `pattern` attribute: a regular expression the whole value must match, as on <input>. */
  pattern?: string;
  /** The `title` attribute, added to a pattern mismatch's message as browsers do. */
  title?: string;
  /** 1-based positions of the digits read below the confidence threshold, not corrected yet. */
  unsure: number[];
}

/** The flags for `ElementInternals.setValidity`, and the message a browser shows for the first. */
export interface Validity {
  flags: ValidityStateFlags;
  message: string;
}

/**
 * Checks `value` (the digits read or typed) against the constraints; an empty value is only
 * checked by `required`, as on <input>. An unsure digit makes the value a bad input: the value
 * leaves it out, so a form must not submit it as if it were the number written.
 */
export function validate(value: string, c: Constraints): Validity {
  if (c.unsure.length > 0) {
    const which = c.unsure.length === 1 ? `Digit ${c.unsure[0]} is` : `Digits ${c.unsure.join(', ')} are`;
    return invalid('badInput', `${which} unclear: choose what ${c.unsure.length === 1 ? 'it is' : 'they are'}, or write again.`);
  }
  if (value === '') return c.required ? invalid('valueMissing', 'Write or type a number.') : VALID;
  const number = Number(value);
  if (c.min !== undefined && Number.isFinite(c.min) && number < c.min) return invalid('rangeUnderflow', `The number must be ${c.min} or more.`);
  if (c.max !== undefined && Number.isFinite(c.max) && number > c.max) return invalid('rangeOverflow', `The number must be ${c.max} or less.`);
  if (c.maxLength !== undefined && c.maxLength >= 0 && value.length > c.maxLength) {
    return invalid('tooLong', `Use at most ${c.maxLength} digit${c.maxLength === 1 ? '' : 's'} (now ${value.length}).`);
  }
  if (c.pattern && !matchesPattern(value, c.pattern)) {
    return invalid('patternMismatch', `Match the requested format${c.title ? `: ${c.title}` : '.'}`);
  }
  return VALID;
}

const VALID: Validity = { flags: {}, message: '' };

function invalid(flag: keyof ValidityStateFlags, message: string): Validity {
  return { flags: { [flag]: true }, message };
}

/**
 * The `pattern` rule of HTML: the whole value matches, compiled with the `v` flag; a pattern
 * that does not compile is ignored, as browsers ignore it.
 */
export function matchesPattern(value: string, pattern: string): boolean {
  let expression: RegExp;
  try {
    expression = new RegExp(`^(?:${pattern})$`, 'v');
  } catch {
    return true;
  }
  return expression.test(value);
}
