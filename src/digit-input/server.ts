// se-edge/digit-input where there is no browser: the `node` condition, which server renders
// (Next.js, SvelteKit, Angular) and Node resolve. Importing it defines nothing and throws
// nothing; the field comes to life when the page's own copy of the module runs in the browser.
// Its names are the browser entry's, so that an import of either resolves the same.
import { UnsupportedError } from '../server.js';

/** Registers nothing: there is no `customElements` here. */
export function defineDigitInput(_name?: string): void {}

/** No element exists on a server: constructing one says so. */
export class SeDigitInput {
  private constructor() {
    throw new UnsupportedError('<se-digit-input> runs in browsers, not here (no custom elements: a server render?)');
  }
}
