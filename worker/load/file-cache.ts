// The SDK's own IndexedDB store (idb-keyval, one database per cache name, all named
// `se-edge-cache` or `se-edge-cache:<name>`) for model and runtime bytes and for manifests.
// Keys say what an entry is:
//   file/<family>/<sha256>   verified bytes, as a Blob (a Uint8Array where Blobs are refused);
//                            <family> is the model name or runtime file
//   manifest/<url>           the last manifest fetched from <url>, for offline starts
// Storage failures never fail a load: they become warnings and the SDK uses the network.
import { del, get, keys, promisifyRequest, set, type UseStore } from 'idb-keyval';
import { describeError } from '../describe-error.js';

export const STORE_NAME = 'files';

/** The database of `cache: true`; `cache: { name }` uses `se-edge-cache:<name>`. */
export const DEFAULT_CACHE_NAME = 'se-edge-cache';

/** Whether an IndexedDB database is one of the SDK's caches (and nothing of the app's). */
export const isSdkDatabase = (name: string | undefined) =>
  name === DEFAULT_CACHE_NAME || !!name?.startsWith(`${DEFAULT_CACHE_NAME}:`);

/**
 * How long one IndexedDB operation may wait before the cache is given up for this load (a
 * warning; the network serves instead), unless `loadTimeoutMs` is shorter. IndexedDB can stop
 * answering: WebKit never ends the transactions of a worker terminated while they ran, and a
 * later transaction on the same store then waits behind them for good.
 */
export const STORAGE_WAIT_MS = 10_000;

/**
 * idb-keyval's store, with two additions: the connection closes when another page or
 * clearCache() wants to delete or upgrade the database, instead of blocking it; and every
 * transaction is handed to `track` until it completes, so that the worker can let them end
 * before it is stopped.
 */
function openStore(dbName: string, track: (pending: Promise<unknown>) => void): { store: UseStore; database: Promise<IDBDatabase> } {
  const request = indexedDB.open(dbName);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
  const database = promisifyRequest(request).then((opened) => {
    opened.onversionchange = () => opened.close();
    return opened;
  });
  track(database);
  const store: UseStore = (mode, callback) =>
    database.then((opened) => {
      const transaction = opened.transaction(STORE_NAME, mode);
      // Listeners, not idb-keyval's promisifyRequest: its handler properties (oncomplete and
      // the others) are what idb-keyval's own writes set on this transaction.
      track(new Promise((ended) => ['complete', 'abort', 'error'].forEach((type) => transaction.addEventListener(type, ended))));
      return callback(transaction.objectStore(STORE_NAME));
    });
  return { store, database };
}

/**
 * Deletes every SDK cache database of this origin; returns their names. Without
 * indexedDB.databases() (Firefox before 126) the databases cannot be listed: the default one
 * is deleted, and named ones (`cache: { name }`) are left.
 */
export async function deleteSdkDatabases(): Promise<string[]> {
  const names = indexedDB.databases
    ? ((await indexedDB.databases()).map((db) => db.name).filter(isSdkDatabase) as string[])
    : [DEFAULT_CACHE_NAME];
  await Promise.all(names.map((name) => promisifyRequest(indexedDB.deleteDatabase(name))));
  return names;
}

export class FileCache {
  /** The caches open in this worker, for closeAll(). */
  static readonly #open = new Set<FileCache>();
  /** After the first failed write (quota, say) the cache stops writing: one warning, not one per file. */
  #writesFailed = false;
  /** Set once an operation waited past the limit: later ones fail at once with it. */
  #stalled: DOMException | null = null;
  #closed = false;
  /** Transactions (and the opening) not yet ended. */
  readonly #pending = new Set<Promise<unknown>>();
  #store!: UseStore;
  #database!: Promise<IDBDatabase>;

  private constructor(
    dbName: string,
    private readonly waitMs: number,
  ) {
    ({ store: this.#store, database: this.#database } = openStore(dbName, (pending) => {
      const settled = pending.then(
        () => undefined,
        () => undefined,
      );
      this.#pending.add(settled);
      void settled.then(() => this.#pending.delete(settled));
    }));
    FileCache.#open.add(this);
  }

  /** Rejects for the first failed write only; later writes are skipped. */
  async #write(write: () => Promise<void>): Promise<void> {
    if (this.#writesFailed) return;
    try {
      await write();
    } catch (error) {
      this.#writesFailed = true;
      throw error;
    }
  }

  /**
   * One operation, within the wait limit: past it, it rejects (the caller warns and uses the
   * network), and so does every later one, at once.
   */
  #bounded<T>(operation: (store: UseStore) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error('the cache was closed'));
    if (this.#stalled) return Promise.reject(this.#stalled);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#stalled ??= new DOMException(`IndexedDB did not answer within ${this.waitMs} ms`, 'TimeoutError');
        reject(this.#stalled);
      }, this.waitMs);
    });
    return Promise.race([operation(this.#store), limit]).finally(() => clearTimeout(timer));
  }

  /**
   * Opens the cache, or explains why it cannot be used. Each operation waits at most
   * STORAGE_WAIT_MS, or `waitMs` if shorter.
   */
  static async open(dbName: string, waitMs = STORAGE_WAIT_MS): Promise<FileCache | { unavailable: string }> {
    if (typeof indexedDB === 'undefined') return { unavailable: 'IndexedDB is not available in this context' };
    let cache: FileCache | undefined;
    try {
      cache = new FileCache(dbName, Math.min(waitMs, STORAGE_WAIT_MS));
      await cache.#bounded((store) => get('probe', store)); // opening happens lazily; make it fail here if it will
      return cache;
    } catch (error) {
      void cache?.close();
      return { unavailable: `IndexedDB could not be opened (${describeError(error)})` };
    }
  }

  /**
   * Takes no more operations, lets those under way end (each within the wait limit), and
   * closes the connection. The worker does this before it is stopped: a worker terminated
   * with a transaction under way can leave the store blocked (WebKit; see STORAGE_WAIT_MS).
   */
  async close(): Promise<void> {
    this.#closed = true;
    FileCache.#open.delete(this);
    const allEnded = async () => {
      while (this.#pending.size) await Promise.all(this.#pending);
      return true;
    };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>((done) => (timer = setTimeout(done, this.waitMs, false)));
    const ended = await Promise.race([allEnded(), late]);
    clearTimeout(timer);
    // The opening was among them: settled. (A connection that never opened has nothing to close.)
    if (ended) (await this.#database.catch(() => null))?.close();
  }

  /** Closes every cache this worker has open. */
  static async closeAll(): Promise<void> {
    await Promise.all([...FileCache.#open].map((cache) => cache.close()));
  }

  /**
   * The stored bytes, unverified. Files are stored as Blobs: IndexedDB keeps a Blob in a file
   * of its own, and reading its bytes skips the structured-clone decoding of a 14 MB array
   * (in Chromium the runtime reads in about 140 ms instead of 240: docs/benchmarks.md).
   * Entries stored as a Uint8Array (by earlier versions, or where Blobs are refused) are read
   * as they are.
   */
  async getFile(family: string, sha256: string): Promise<Uint8Array | undefined> {
    const value = await this.#bounded((store) => get<unknown>(fileKey(family, sha256), store));
    if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
    return value instanceof Uint8Array ? value : undefined;
  }

  /** Stores verified bytes, then evicts every other version of the same family. */
  putFile(family: string, sha256: string, bytes: Uint8Array): Promise<void> {
    return this.#write(async () => {
      const key = fileKey(family, sha256);
      try {
        await this.#bounded((store) => set(key, new Blob([bytes as Uint8Array<ArrayBuffer>]), store));
      } catch (error) {
        if (this.#stalled) throw error; // not a refused Blob: the store did not answer
        // WebKit refuses Blobs in IndexedDB in ephemeral sessions (private windows, and the
        // contexts of its automation) with a null error; the bytes themselves are accepted.
        await this.#bounded((store) => set(key, bytes, store));
      }
      const prefix = fileKey(family, '');
      for (const other of await this.#bounded((store) => keys<string>(store))) {
        if (typeof other === 'string' && other.startsWith(prefix) && other !== key) await this.#bounded((store) => del(other, store));
      }
    });
  }

  deleteFile(family: string, sha256: string): Promise<void> {
    return this.#bounded((store) => del(fileKey(family, sha256), store));
  }

  getManifest(url: string): Promise<unknown> {
    return this.#bounded((store) => get(`manifest/${url}`, store));
  }

  putManifest(url: string, manifest: unknown): Promise<void> {
    return this.#write(() => this.#bounded((store) => set(`manifest/${url}`, manifest, store)));
  }
}

const fileKey = (family: string, sha256: string) => `file/${family}/${sha256}`;
