// One classifier for every field of the page: the first field that needs one starts it (the
// bundled digit model, the SDK's defaults), the others wait for the same promise, so a page
// with ten fields runs one worker and loads the model once. An app that has a classifier of
// its own gives it to each field (`field.classifier = classifier`) and none is started here.
import { createClassifier, type Classifier } from '../index.js';

let shared: Promise<Classifier> | null = null;

/** The page's shared classifier, started on the first call. A failed load is retried by the next call. */
export function sharedClassifier(): Promise<Classifier> {
  shared ??= createClassifier().catch((error: unknown) => {
    shared = null;
    throw error;
  });
  return shared;
}
