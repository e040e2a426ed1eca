// The SDK worker where the browser gives no SharedArrayBuffer, although the page is
// cross-origin isolated. Imports run in order: the patch first, then the real worker.
import './patch-no-shared-array-buffer.js';
import '../../dist/worker.js';
