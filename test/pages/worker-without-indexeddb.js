// The SDK worker in a scope without IndexedDB (as in some private modes). Imports run in
// order: the patch first, then the real worker.
import './patch-no-indexeddb.js';
import '../../dist/worker.js';
