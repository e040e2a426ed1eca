IDBFactory.prototype.open = function open() {
  throw new DOMException('IndexedDB is disabled by policy', 'SecurityError');
};
