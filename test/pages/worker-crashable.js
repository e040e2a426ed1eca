// The SDK worker, plus a test hook: posting { seEdgeTest: 'crash' } makes it throw an
// uncaught error, the way a worker fails for real (the SDK treats it as dead).
import '../../dist/worker.js';

self.addEventListener('message', (event) => {
  if (event.data?.seEdgeTest === 'crash') throw new Error('test crash');
});
