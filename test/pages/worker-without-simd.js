// The SDK worker where WebAssembly has no SIMD.
import './patch-no-simd.js';
import '../../dist/worker.js';
