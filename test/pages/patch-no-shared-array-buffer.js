// A worker scope without SharedArrayBuffer on a cross-origin isolated page, as WebKitGTK and
// WPE ship it (WebKit bug 317847).
delete globalThis.SharedArrayBuffer;
