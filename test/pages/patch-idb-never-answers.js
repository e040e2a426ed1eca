// An IndexedDB that stops answering: open() gives a request whose events never fire. Real ones
// do this when a transaction never ends (a worker terminated in the middle of one, in WebKit);
// holding one open from the page does not stand in for that reliably, since WebKit may abort
// a transaction that blocks another client's.
IDBFactory.prototype.open = function open() {
  return new EventTarget();
};
