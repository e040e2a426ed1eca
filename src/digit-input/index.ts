// se-edge/digit-input: <se-digit-input>, a number field that people write in with a finger,
// a pen or the mouse, and that behaves in its form like an <input>. Importing this module
// registers it as <se-digit-input> (unless that name is taken); defineDigitInput(name)
// registers it under another name too. It reads with the SDK of the package's main entry, one
// classifier shared by every field of the page (or an app's own: `field.classifier`).
import { SeDigitInput } from './element.js';

export { SeDigitInput, type FieldDigit } from './element.js';
export type { DigitInputAttributes } from './attributes.js';

/** False in a server render that took the browser entry: there is nothing to register with. */
const hasCustomElements = typeof customElements !== 'undefined';

/**
 * Registers the field as `<name>` (default `se-digit-input`): nothing happens when the name
 * already holds this field; a name that holds another element is an error, as
 * `customElements.define` says.
 */
export function defineDigitInput(name = 'se-digit-input'): void {
  if (!hasCustomElements) return; // a server render that took this entry: nothing to define
  const existing = customElements.get(name);
  if (existing && (existing === SeDigitInput || existing.prototype instanceof SeDigitInput)) return;
  // A class is registered under one name only: once the field has its own, another name gets a
  // subclass of its own.
  const taken = customElements.get('se-digit-input') === SeDigitInput;
  customElements.define(name, taken ? class extends SeDigitInput {} : SeDigitInput);
}

if (hasCustomElements && !customElements.get('se-digit-input')) customElements.define('se-digit-input', SeDigitInput);
