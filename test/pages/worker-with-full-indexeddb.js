// The SDK worker with an IndexedDB that is full: every write fails with QuotaExceededError.
import './patch-full-indexeddb.js';
import '../../dist/worker.js';
