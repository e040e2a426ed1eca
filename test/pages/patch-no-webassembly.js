// A worker scope without WebAssembly, as in Lockdown Mode on Apple devices.
delete globalThis.WebAssembly;
