// The SDK worker with an IndexedDB that never answers (patch-idb-never-answers.js).
import './patch-idb-never-answers.js';
import '../../dist/worker.js';
