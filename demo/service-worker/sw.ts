// The demo's service worker: keeps the page's own files (HTML, CSS, the demo and SDK
// JavaScript) for offline visits. Model and runtime bytes (.onnx, .wasm) are left to the
// SDK, which caches and verifies them itself in IndexedDB: storing them twice would waste
// 15+ MB. Network first, so a new build is picked up at once; the cache when offline.
import { precache, version } from 'virtual:demo-precache';

declare const self: ServiceWorkerGlobalScope;

const CACHE = `se-edge-demo-${version}`;
const leftToSdk = /\.(onnx|wasm)$/;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(precache.map((path) => new URL(path, self.location.href).href));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || leftToSdk.test(url.pathname)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(event.request);
        if (response.ok) await cache.put(event.request, response.clone());
        return response;
      } catch (error) {
        const cached = await cache.match(event.request, { ignoreSearch: true });
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});
