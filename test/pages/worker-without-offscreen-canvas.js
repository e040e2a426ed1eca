// The SDK worker where images cannot be read in a worker.
import './patch-no-offscreen-canvas.js';
import '../../dist/worker.js';
