Object.defineProperty(globalThis, 'indexedDB', { value: undefined, configurable: true });
