// Whether this browser can read images in a worker, checked before an image is decoded, so
// that a missing feature is a clear error. What loading needs is checked in
// load/capabilities.ts.

/** Why this browser cannot read an image's pixels in a worker; undefined when it can. */
export function imageReadingProblem(scope: typeof globalThis = globalThis): string | undefined {
  if (typeof scope.OffscreenCanvas !== 'function' || typeof scope.createImageBitmap !== 'function') {
    return 'this browser cannot read images in a worker (it has no OffscreenCanvas: Firefox 105, Safari 16.4 or later have one); pass the model\'s input as a Float32Array instead';
  }
  return undefined;
}
