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
 * idb-keyval's store, with one addition: the connection closes when another page or
 * clearCache() wants to delete or upgrade the database, instead of blocking it.
 */
function openStore(dbName: string): UseStore {
  const request = indexedDB.open(dbName);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE_NAME);
  const db = promisifyRequest(request).then((database) => {
    database.onversionchange = () => database.close();
    return database;
  });
  return (mode, callback) => db.then((database) => callback(database.transaction(STORE_NAME, mode).objectStore(STORE_NAME)));
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
  /** After the first failed write (quota, say) the cache stops writing: one warning, not one per file. */
  #writesFailed = false;

  private constructor(private readonly store: UseStore) {}

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

  /** Opens the cache, or explains why it cannot be used. */
  static async open(dbName: string): Promise<FileCache | { unavailable: string }> {
    if (typeof indexedDB === 'undefined') return { unavailable: 'IndexedDB is not available in this context' };
    try {
      const store = openStore(dbName);
      await get('probe', store); // opening happens lazily; make it fail here if it will
      return new FileCache(store);
    } catch (error) {
      return { unavailable: `IndexedDB could not be opened (${describeError(error)})` };
    }
  }

  /**
   * The stored bytes, unverified. Files are stored as Blobs: IndexedDB keeps a Blob in a file
   * of its own, and reading its bytes skips the structured-clone decoding of a 14 MB array
   * (in Chromium the runtime reads in about 140 ms instead of 240: docs/benchmarks.md).
   * Entries stored as a Uint8Array (by earlier versions, or where Blobs are refused) are read
   * as they are.
   */
  async getFile(family: string, sha256: string): Promise<Uint8Array | undefined> {
    const value = await get<unknown>(fileKey(family, sha256), this.store);
    if (value instanceof Blob) return new Uint8Array(await value.arrayBuffer());
    return value instanceof Uint8Array ? value : undefined;
  }

  /** Stores verified bytes, then evicts every other version of the same family. */
  putFile(family: string, sha256: string, bytes: Uint8Array): Promise<void> {
    return this.#write(async () => {
      const key = fileKey(family, sha256);
      try {
        await set(key, new Blob([bytes as Uint8Array<ArrayBuffer>]), this.store);
      } catch {
        // WebKit refuses Blobs in IndexedDB in ephemeral sessions (private windows, and the
        // contexts of its automation) with a null error; the bytes themselves are accepted.
        await set(key, bytes, this.store);
      }
      const prefix = fileKey(family, '');
      for (const other of await keys<string>(this.store)) {
        if (typeof other === 'string' && other.startsWith(prefix) && other !== key) await del(other, this.store);
      }
    });
  }

  deleteFile(family: string, sha256: string): Promise<void> {
    return del(fileKey(family, sha256), this.store);
  }

  getManifest(url: string): Promise<unknown> {
    return get(`manifest/${url}`, this.store);
  }

  putManifest(url: string, manifest: unknown): Promise<void> {
    return this.#write(() => set(`manifest/${url}`, manifest, this.store));
  }
}

const fileKey = (family: string, sha256: string) => `file/${family}/${sha256}`;
