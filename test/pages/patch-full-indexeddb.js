IDBObjectStore.prototype.put = function put() {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};
