// Reads the heap of a page's dedicated worker over CDP (Playwright gives no CDP session for
// workers): JS heap plus ArrayBuffer and wasm backing stores, after a full GC. Used by the
// benchmark and by the soak test.
export async function workerHeapReader(browser, urlSuffix = '/dist/worker.js') {
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  // The runtime's WASM threads run the same file; CDP titles them by their name, "em-pthread".
  const worker = targetInfos.find((t) => t.type === 'worker' && t.url.endsWith(urlSuffix) && !t.title.startsWith('em-pthread'));
  if (!worker) throw new Error(`no worker ${urlSuffix} is running`);
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
  let id = 0;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    waiting.get(message.id)?.(message.result);
  });
  const send = (method) =>
    new Promise((resolve) => {
      waiting.set(++id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  return {
    async read() {
      await send('HeapProfiler.collectGarbage');
      const { usedSize, backingStorageSize } = await send('Runtime.getHeapUsage');
      return { jsHeap: usedSize, backingStores: backingStorageSize, total: usedSize + backingStorageSize };
    },
    close: () => cdp.detach(),
  };
}
