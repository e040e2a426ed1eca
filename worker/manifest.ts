// Fetches and checks a model manifest. When the network is unreachable (offline), the last
// manifest fetched from the same URL is used from the cache, so that a cached model starts.
import { ModelLoadError } from '../src/errors.js';
import type { ModelManifest, ModelSource } from '../src/types.js';
import { fetchJson } from './fetch-bytes.js';
import { describe, type FileCache } from './file-cache.js';

export async function loadManifest(
  url: string,
  cache: FileCache | null,
  timeoutMs: number | undefined,
  warn: (message: string) => void,
): Promise<{ manifest: ModelManifest; source: ModelSource }> {
  let json: unknown;
  try {
    json = await fetchJson(url, timeoutMs);
  } catch (error) {
    // Only a request that got no answer at all may fall back; an HTTP error is an answer.
    const unreachable = error instanceof ModelLoadError && error.cause instanceof TypeError;
    const cached = unreachable && cache ? await cache.getManifest(url).catch(() => undefined) : undefined;
    if (!cached) throw error;
    return { manifest: checkManifest(cached, url), source: 'cache' };
  }
  const manifest = checkManifest(json, url);
  if (cache) {
    await cache.putManifest(url, manifest).catch((error: unknown) => {
      warn(`The manifest could not be stored in IndexedDB (${describe(error)}); offline starts will not work`);
    });
  }
  return { manifest, source: 'network' };
}

/** Checks the fields the SDK relies on, with a message that names the first problem. */
export function checkManifest(value: unknown, url: string): ModelManifest {
  const fail = (what: string) => new ModelLoadError(`The model manifest at ${url} is invalid: ${what}`);
  if (typeof value !== 'object' || value === null) throw fail('it is not a JSON object');
  const m = value as Partial<ModelManifest>;
  if (typeof m.name !== 'string') throw fail('"name" is missing');
  if (typeof m.model?.url !== 'string') throw fail('"model.url" is missing');
  if (typeof m.model.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.model.sha256)) {
    throw fail('"model.sha256" must be 64 lowercase hex digits');
  }
  if (!Array.isArray(m.labels) || m.labels.length === 0) throw fail('"labels" must be a non-empty array');
  if (typeof m.input?.name !== 'string') throw fail('"input.name" is missing');
  if (typeof m.outputs?.logits?.name !== 'string') throw fail('"outputs.logits.name" is missing');
  if (!Array.isArray(m.attention)) throw fail('"attention" must be an array of blocks');
  for (const block of m.attention) {
    if (typeof block?.name !== 'string' || typeof block.output !== 'string' || !(block.channels > 0)) {
      throw fail('each attention block needs "name", "output" and "channels"');
    }
  }
  return m as ModelManifest;
}
