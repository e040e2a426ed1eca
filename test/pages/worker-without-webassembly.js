// The SDK worker where WebAssembly is turned off.
import './patch-no-webassembly.js';
import '../../dist/worker.js';
