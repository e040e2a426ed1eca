// Fetches and checks a model manifest. When the network is unreachable (offline), the last
// manifest fetched from the same URL is used from the cache, so that a cached model starts.
import { ModelLoadError } from '../../contract/errors.js';
import type { ModelSource } from '../../contract/types.js';
import { checkManifest, type CheckedManifest } from './check-manifest.js';
import { describeError } from '../describe-error.js';
import { fetchJson } from './fetch-bytes.js';
import type { FileCache } from './file-cache.js';

export async function loadManifest(
  url: string,
  cache: FileCache | null,
  timeoutMs: number | undefined,
  warn: (message: string) => void,
): Promise<CheckedManifest & { source: ModelSource }> {
  let json: unknown;
  try {
    json = await fetchJson(url, timeoutMs);
  } catch (error) {
    // Only a request that got no answer at all may fall back; an HTTP error is an answer.
    const unreachable = error instanceof ModelLoadError && error.cause instanceof TypeError;
    const cached = unreachable && cache ? await cache.getManifest(url).catch(() => undefined) : undefined;
    if (!cached) throw error;
    return { ...checkManifest(cached, url), source: 'cache' };
  }
  const checked = checkManifest(json, url);
  if (cache) {
    await cache.putManifest(url, checked.manifest).catch((error: unknown) => {
      warn(`The manifest could not be stored in IndexedDB (${describeError(error)}); offline starts will not work`);
    });
  }
  return { ...checked, source: 'network' };
}
