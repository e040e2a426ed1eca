// Functions that run in the page, shared by the engine cases: each is sent as source text
// (page.evaluate(fn, arg)), so each uses nothing but its argument and the page's globals.

/** Keys and SHA-256 of the entries of an SDK IndexedDB store (null if the database does not exist). */
export async function cacheEntries(dbName = 'se-edge-cache') {
  if (!(await indexedDB.databases()).some((db) => db.name === dbName)) return null;
  const db = await new Promise((ok, fail) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
  const store = db.transaction('files').objectStore('files');
  const all = (request) => new Promise((ok) => (request.onsuccess = () => ok(request.result)));
  const [keys, values] = await Promise.all([all(store.getAllKeys()), all(store.getAll())]);
  db.close();
  const entries = {};
  for (let i = 0; i < keys.length; i++) {
    // Files are Blobs (a Uint8Array where an earlier version stored them); manifests are JSON.
    const value = values[i] instanceof Blob ? new Uint8Array(await values[i].arrayBuffer()) : values[i];
    if (value instanceof Uint8Array) {
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', value));
      entries[String(keys[i])] = Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
    } else entries[String(keys[i])] = 'json';
  }
  return entries;
}

/** Names of the origin's IndexedDB databases, sorted. */
export async function databaseNames() {
  return (await indexedDB.databases()).map((db) => db.name).sort();
}

/**
 * Creates a classifier with `options` (backend 'wasm' unless given), classifies one input of
 * 784 values, disposes it; resolves with what an app would look at.
 */
/** The type an IndexedDB value of se-edge's cache is stored as ('Blob', 'Uint8Array', ...), or null. */
export async function storedKind(key, dbName = 'se-edge-cache') {
  const db = await new Promise((ok, fail) => {
    const request = indexedDB.open(dbName);
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
  const value = await new Promise((ok) => (db.transaction('files').objectStore('files').get(key).onsuccess = (event) => ok(event.target.result)));
  db.close();
  return value === undefined ? null : value.constructor.name;
}

export async function createAndClassify({ input, options = {} }) {
  const clf = await window.seEdge.createClassifier({ backend: 'wasm', ...options });
  const prediction = await clf.classify(Float32Array.from(input));
  const result = {
    label: prediction.label,
    modelSource: clf.modelSource,
    runtimeSource: clf.runtimeSource,
    threads: clf.threads,
    backend: clf.backend,
    backendReason: clf.backendReason,
    warnings: [...clf.warnings],
  };
  await clf.dispose();
  return result;
}

/** createClassifier(options); resolves with the error it gave ({ name, code, message, typed }) or null. */
export async function loadError(options) {
  try {
    const clf = await window.seEdge.createClassifier({ backend: 'wasm', ...options });
    await clf.dispose();
    return null;
  } catch (e) {
    return { name: e.name, code: e.code, message: e.message, typed: e instanceof window.seEdge.SeEdgeError };
  }
}

/** A digit as an app would have it: a PNG (base64) of dark ink on white paper, `scale` pixels per MNIST pixel. */
export function digitPng([values, scale]) {
  const image = new ImageData(28, 28);
  values.forEach((v, i) => image.data.set([255 * (1 - v), 255 * (1 - v), 255 * (1 - v), 255], i * 4));
  const small = Object.assign(document.createElement('canvas'), { width: 28, height: 28 });
  small.getContext('2d').putImageData(image, 0, 0);
  const canvas = Object.assign(document.createElement('canvas'), { width: 28 * scale, height: 28 * scale });
  const context = canvas.getContext('2d');
  context.imageSmoothingEnabled = false; // each MNIST pixel a sharp square
  context.drawImage(small, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png').split(',')[1];
}

/**
 * In the SDK test page: defines `window.writeNumber(text, { width, height, size, pen, light, gap, x })`,
 * a canvas with `text` written as the demo's pen writes (round caps and joins, dark on white).
 */
export function installPen(strokes) {
  window.writeNumber = (text, options = {}) => {
    const { width = 1200, height = 300, size = 180, light = false, gap = 0.3 } = options;
    const pen = options.pen ?? height / 13;
    let x = options.x ?? 60;
    const { canvas, context } = window.paper(width, height, light ? '#000' : '#fff');
    context.strokeStyle = light ? '#fff' : '#000';
    context.lineWidth = pen;
    context.lineCap = context.lineJoin = 'round';
    const top = (height - size) / 2, w = 0.7 * size;
    for (const c of text) {
      for (const line of strokes[c] ?? []) {
        context.beginPath();
        line.forEach(([u, v], i) => (i ? context.lineTo(x + u * w, top + v * size) : context.moveTo(x + u * w, top + v * size)));
        context.stroke();
      }
      x += w * (1 + gap);
    }
    return canvas;
  };
}
