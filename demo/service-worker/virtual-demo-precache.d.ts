// Written by demo/rollup.config.mjs when it builds the service worker.
declare module 'virtual:demo-precache' {
  export const precache: string[];
  export const version: string;
}
