// The preprocessings the worker knows, by the name a manifest gives in
// `input.preprocessing.type`. A new one is a module beside mnist-digit.ts and a line here.
import type { ModelInput, Preprocessing } from '../../contract/types.js';
import { fit } from './fit.js';
import { mnistDigit } from './mnist-digit.js';
import { withNormalization } from './normalization.js';
import type { PreprocessingKind, Preprocessor } from './preprocessor.js';

export type { Preprocessor } from './preprocessor.js';

const preprocessings: Record<Preprocessing['type'], PreprocessingKind> = {
  'mnist-digit': mnistDigit,
  fit,
};

/** The names a manifest may use, for error messages. */
export const knownPreprocessings = Object.keys(preprocessings);

/** The preprocessing for a type name, or undefined when the worker does not know it. */
export function preprocessingNamed(type: unknown): PreprocessingKind | undefined {
  return typeof type === 'string' && Object.hasOwn(preprocessings, type) ? preprocessings[type as Preprocessing['type']] : undefined;
}

/** The preprocessor of a model whose manifest checkManifest accepted, mean/std applied. */
export function preprocessorFor(input: ModelInput): Preprocessor {
  return withNormalization(preprocessings[input.preprocessing.type].forInput(input), input);
}
