// Fetches a file with progress and a time limit; every failure becomes a ModelLoadError
// that names the URL and the cause.
import { ModelLoadError } from '../../contract/errors.js';
import { describeError } from '../describe-error.js';

export interface FetchOptions {
  timeoutMs?: number;
  onProgress?: (loaded: number, total: number) => void;
  /** Size to report when the server sends no Content-Length. */
  expectedBytes?: number;
}

export async function fetchBytes(url: string, options: FetchOptions = {}): Promise<Uint8Array> {
  const response = await fetchResponse(url, options.timeoutMs);
  const total = Number(response.headers.get('Content-Length')) || options.expectedBytes || 0;
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.byteLength;
      options.onProgress?.(loaded, total);
    }
  } catch (cause) {
    throw new ModelLoadError(`Download of ${url} failed after ${loaded} bytes: ${describeError(cause)}`, { cause });
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export async function fetchJson(url: string, timeoutMs?: number): Promise<unknown> {
  const response = await fetchResponse(url, timeoutMs);
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ModelLoadError(`${url} is not JSON (it starts with ${JSON.stringify(text.slice(0, 40))})`, { cause });
  }
}

async function fetchResponse(url: string, timeoutMs?: number): Promise<Response> {
  let response: Response;
  const signal = timeoutMs ? AbortSignal.timeout(timeoutMs) : undefined;
  try {
    response = await fetch(url, { signal });
  } catch (cause) {
    // Asked of the signal, not the error: Firefox and WebKit reject a timed-out fetch with a
    // plain AbortError, not with the signal's TimeoutError as Chromium does.
    const timedOut = signal?.aborted === true;
    throw new ModelLoadError(
      timedOut ? `No answer from ${url} within ${timeoutMs} ms` : `Could not fetch ${url}: ${describeError(cause)}`,
      { cause },
    );
  }
  if (!response.ok) {
    throw new ModelLoadError(`Fetching ${url} failed: HTTP ${response.status} ${response.statusText}`.trim());
  }
  return response;
}
