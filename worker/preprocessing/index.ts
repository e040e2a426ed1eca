// The preprocessings the worker knows, by the name a manifest gives in
// `input.preprocessing.type`. A new one is a module beside mnist-digit.ts and a line here.
import type { Preprocessing } from '../../contract/types.js';
import { mnistDigit } from './mnist-digit.js';
import type { Preprocessor } from './preprocessor.js';

export type { Preprocessor } from './preprocessor.js';

const preprocessors: Record<Preprocessing['type'], Preprocessor> = {
  'mnist-digit': mnistDigit,
};

/** The names a manifest may use, for error messages. */
export const knownPreprocessings = Object.keys(preprocessors);

/** The preprocessor for a type name, or undefined when the worker does not know it. */
export function preprocessorNamed(type: unknown): Preprocessor | undefined {
  return typeof type === 'string' && Object.hasOwn(preprocessors, type) ? preprocessors[type as Preprocessing['type']] : undefined;
}
