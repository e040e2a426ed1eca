// Loads a file whose SHA-256 is known in advance: from the SDK's cache when a verified copy
// is there, else from the network. Bytes are verified before use on both paths; a corrupt
// cache entry is deleted and downloaded again; bad bytes are never used or stored.
import { IntegrityError } from '../../contract/errors.js';
import type { LoadProgress, ModelSource } from '../../contract/types.js';
import { describeError } from '../describe-error.js';
import { fetchBytes } from './fetch-bytes.js';
import type { FileCache } from './file-cache.js';
import type { LoadReport } from './report.js';
import { sha256Hex } from './sha256.js';

export interface VerifiedFile {
  /** 'model' or 'runtime', for progress events and timings. */
  kind: NonNullable<LoadProgress['file']>;
  /** Cache family: versions of one family replace each other. */
  family: string;
  url: string;
  sha256: string;
  bytes: number;
}

export interface LoadContext {
  cache: FileCache | null;
  timeoutMs?: number;
  report: LoadReport;
  /**
   * Resolves when the network may be used: bytes the cache holds are read and verified at
   * once, but a download waits for it (the load may yet turn out not to need the file).
   */
  mayDownload?: Promise<unknown>;
}

/** Verified bytes, and where they came from. */
export interface Verified {
  bytes: Uint8Array;
  source: ModelSource;
  /**
   * Settles once downloaded bytes are in the cache (or the store failed: a warning). The bytes
   * can be used meanwhile: a load waits for it only before it reports ready.
   */
  stored: Promise<void>;
}

/**
 * The file's bytes, verified. `whileHashing` gets the bytes as soon as they are in hand, to
 * prepare what does not run them (compiling, say) while the hash is computed: its result is
 * used only once the bytes are verified.
 */
export async function loadVerifiedFile(file: VerifiedFile, context: LoadContext, whileHashing?: (bytes: Uint8Array) => void): Promise<Verified> {
  const { cache, timeoutMs, report } = context;
  const { kind } = file;
  const hash = (bytes: Uint8Array) => {
    whileHashing?.(bytes);
    return report.time(`${kind}Hash`, () => sha256Hex(bytes));
  };
  if (cache) {
    let cached: Uint8Array | undefined;
    try {
      cached = await report.time(`${kind}Read`, () => cache.getFile(file.family, file.sha256));
    } catch (error) {
      report.warn(`Reading the ${kind} from IndexedDB failed (${describeError(error)}); downloading it`);
    }
    if (cached) {
      report.progress({ phase: 'cache', loaded: 0, total: cached.byteLength, file: kind });
      if ((await hash(cached)) === file.sha256) {
        report.progress({ phase: 'cache', loaded: cached.byteLength, total: cached.byteLength, file: kind });
        return { bytes: cached, source: 'cache', stored: Promise.resolve() };
      }
      report.warn(`The cached ${kind} (${file.family}) was corrupt (SHA-256 mismatch); it was deleted and is downloaded again`);
      await cache.deleteFile(file.family, file.sha256).catch(() => undefined);
    }
  }
  await context.mayDownload;
  const bytes = await report.time(`${kind}Download`, () =>
    fetchBytes(file.url, {
      timeoutMs,
      expectedBytes: file.bytes,
      onProgress: (loaded, total) => report.progress({ phase: 'download', loaded, total, file: kind }),
    }),
  );
  const actual = await hash(bytes);
  if (actual !== file.sha256) {
    throw new IntegrityError(`${file.url} has SHA-256 ${actual} but ${file.sha256} was expected; the bytes were not used or cached`);
  }
  const stored = cache
    ? cache.putFile(file.family, file.sha256, bytes).catch((error: unknown) => {
        report.warn(`The ${kind} could not be stored in IndexedDB (${describeError(error)}); the next load downloads it again`);
      })
    : Promise.resolve();
  return { bytes, source: 'network', stored };
}
