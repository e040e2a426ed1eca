// The SDK worker with an IndexedDB whose open() throws (as some locked-down browsers do).
import './patch-idb-open-throws.js';
import '../../dist/worker.js';
