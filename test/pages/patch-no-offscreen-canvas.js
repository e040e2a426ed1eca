// A worker scope without OffscreenCanvas (Safari before 16.4, Firefox before 105).
delete globalThis.OffscreenCanvas;
