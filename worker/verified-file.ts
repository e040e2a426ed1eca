// Loads a file whose SHA-256 is known in advance: from the SDK's cache when a verified copy
// is there, else from the network. Bytes are verified before use on both paths; a corrupt
// cache entry is deleted and downloaded again; bad bytes are never used or stored.
import { IntegrityError } from '../contract/errors.js';
import type { LoadProgress, ModelSource } from '../contract/types.js';
import { describeError } from './describe-error.js';
import { fetchBytes } from './fetch-bytes.js';
import type { FileCache } from './file-cache.js';
import { sha256Hex } from './sha256.js';

export interface VerifiedFile {
  /** 'model' or 'runtime', for progress events. */
  kind: NonNullable<LoadProgress['file']>;
  /** Cache family: versions of one family replace each other. */
  family: string;
  url: string;
  sha256: string;
  bytes: number;
}

export interface LoadContext {
  cache: FileCache | null;
  /** Where the read, hash and download times of each file go (`modelRead`, `runtimeHash`...). */
  timings: Partial<Record<`${VerifiedFile['kind']}${'Read' | 'Hash' | 'Download'}`, number>>;
  timeoutMs?: number;
  progress: (event: LoadProgress) => void;
  warn: (message: string) => void;
}

export async function loadVerifiedFile(
  file: VerifiedFile,
  { cache, timeoutMs, progress, warn, timings }: LoadContext,
): Promise<{ bytes: Uint8Array; source: ModelSource }> {
  const { kind } = file;
  const timed = async <T>(phase: 'Read' | 'Hash' | 'Download', work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      timings[`${kind}${phase}`] = (timings[`${kind}${phase}`] ?? 0) + performance.now() - started;
    }
  };
  if (cache) {
    let cached: Uint8Array | undefined;
    try {
      cached = await timed('Read', () => cache.getFile(file.family, file.sha256));
    } catch (error) {
      warn(`Reading the ${file.kind} from IndexedDB failed (${describeError(error)}); downloading it`);
    }
    if (cached) {
      progress({ phase: 'cache', loaded: 0, total: cached.byteLength, file: file.kind });
      if ((await timed('Hash', () => sha256Hex(cached))) === file.sha256) {
        progress({ phase: 'cache', loaded: cached.byteLength, total: cached.byteLength, file: file.kind });
        return { bytes: cached, source: 'cache' };
      }
      warn(`The cached ${file.kind} (${file.family}) was corrupt (SHA-256 mismatch); it was deleted and is downloaded again`);
      await cache.deleteFile(file.family, file.sha256).catch(() => undefined);
    }
  }
  const bytes = await timed('Download', () =>
    fetchBytes(file.url, {
      timeoutMs,
      expectedBytes: file.bytes,
      onProgress: (loaded, total) => progress({ phase: 'download', loaded, total, file: file.kind }),
    }),
  );
  const actual = await timed('Hash', () => sha256Hex(bytes));
  if (actual !== file.sha256) {
    throw new IntegrityError(
      `${file.url} has SHA-256 ${actual} but ${file.sha256} was expected; the bytes were not used or cached`,
    );
  }
  if (cache) {
    try {
      await cache.putFile(file.family, file.sha256, bytes);
    } catch (error) {
      warn(`The ${file.kind} could not be stored in IndexedDB (${describeError(error)}); the next load downloads it again`);
    }
  }
  return { bytes, source: 'network' };
}
