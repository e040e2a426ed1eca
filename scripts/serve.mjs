// Static file server for the demo, the tests and the benchmarks, on 127.0.0.1 only.
// Sends the two headers that make the page cross-origin isolated (so onnxruntime-web can
// use threads, which need SharedArrayBuffer): COOP same-origin and COEP require-corp.
//
//   node scripts/serve.mjs [--port 8080]    serves the project root; the demo is /demo/
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
  '.bin': 'application/octet-stream',
};

/**
 * The strict Content-Security-Policy the demo and the CSP test page run under: no eval
 * ('wasm-unsafe-eval' only lets WebAssembly compile), no inline script, no blob: workers.
 */
export const strictCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";
const underCsp = (path) => path.startsWith('/demo/') || path === '/test/pages/csp.html';

export const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * The server's request handler: files under `root`, with the headers above.
 * `isolated: false` leaves out the cross-origin isolation headers (a page without threads);
 * `cspReportUri` has the browser report violations of the strict CSP there (for the tests).
 * Paths that start with one of `cacheable` may be kept in the HTTP cache for a day (the
 * start-up benchmark's bare onnxruntime-web, which relies on it as apps doing it by hand do).
 */
export function staticFiles({ root = projectRoot, headers = {}, isolated = true, cspReportUri = '', cacheable = [] } = {}) {
  const isolation = isolated ? isolationHeaders : {};
  const csp = cspReportUri ? `${strictCsp}; report-uri ${cspReportUri}` : strictCsp;
  return (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) return send(res, 403, 'Forbidden');
    try {
      let stat = statSync(file);
      if (stat.isDirectory()) {
        if (!path.endsWith('/')) {
          res.writeHead(301, { Location: path + '/' });
          return res.end();
        }
        file = join(file, 'index.html');
        stat = statSync(file);
      }
      res.writeHead(200, {
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Content-Length': stat.size,
        'Cache-Control': cacheable.some((prefix) => path.startsWith(prefix)) ? 'max-age=86400' : cacheControl(path),
        ...isolation,
        // The demo's service worker lives in dist/demo/ but looks after the whole site.
        ...(path.endsWith('/sw.js') ? { 'Service-Worker-Allowed': '/' } : {}),
        ...(underCsp(path) ? { 'Content-Security-Policy': csp } : {}),
        ...headers,
      });
      if (req.method === 'HEAD') return res.end();
      createReadStream(file).pipe(res);
    } catch {
      send(res, 404, 'Not found');
    }
  };
}

/**
 * Starts the server; resolves with { server, url } once it listens. Port 0 picks a free one.
 * Options as for staticFiles, and `handler` to serve with a handler of one's own.
 * @param {{ port?: number, host?: string, handler?: import('node:http').RequestListener,
 *   root?: string, headers?: Record<string, string>, isolated?: boolean, cspReportUri?: string }} [options]
 * @returns {Promise<{ server: import('node:http').Server, url: string }>}
 */
export function startServer({ port = 8080, host = '127.0.0.1', handler, ...options } = {}) {
  const server = createServer(handler ?? staticFiles(options));
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}` }));
  });
}

/**
 * The SDK's JavaScript (dist/*.js, *.mjs) may be reused from the HTTP cache for an hour, so
 * that a page that is already open can start a new classifier offline: the worker script
 * has to come from somewhere. Model and runtime bytes are never served from the HTTP cache
 * (no-store): only the SDK's own IndexedDB cache may hold them, which the tests prove.
 */
function cacheControl(path) {
  if (/\.(onnx|wasm)$/.test(path)) return 'no-store';
  if (path.startsWith('/dist/') && /\.m?js$/.test(path)) return 'max-age=3600';
  return 'no-cache';
}

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...isolationHeaders });
  res.end(text);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  const { url } = await startServer({ port });
  console.log(`se-edge demo: ${url}/demo/  (cross-origin isolated; Ctrl+C to stop)`);
}
