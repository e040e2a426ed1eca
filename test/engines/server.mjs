// The servers the engine cases run against. Everything a case needs from the network is
// done here, on the server, so that it works the same in every engine (no engine's request
// interception is needed): test-only routes, a log of every request (the page's, its
// workers' and their threads'), a switch that cuts the network, a cross-origin model server
// with chosen faults, and a proxy origin that answers chosen requests itself.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { loadMnist } from '../../models/mnist-idx.mjs';
import { isolationHeaders, startServer, staticFiles } from '../../scripts/serve.mjs';

const manifest = JSON.parse(readFileSync(new URL('../../models/se-lenet-mnist.manifest.json', import.meta.url), 'utf8'));
const modelBytes = readFileSync(new URL('../../models/se-lenet-mnist.onnx', import.meta.url));
const BUNDLED_ONNX = '/dist/models/se-lenet-mnist.onnx';
/** Pages under this prefix are served without the cross-origin isolation headers. */
export const PLAIN = '/__plain__/';
/** Where browsers report violations of the strict Content-Security-Policy. */
const CSP_REPORTS = '/__test__/csp-report';

/** Version 2 of the model: the same network with another producer name, so other bytes and sha256. */
export function modelV2() {
  const bytes = Buffer.from(modelBytes);
  bytes.write('PYTORCH', bytes.indexOf('pytorch'), 'latin1');
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The test-only routes, by path: manifests a case needs, the MNIST test set, version 2 of the model. */
function testRoutes() {
  const v2 = modelV2();
  const json = (value) => ({ type: 'application/json', body: JSON.stringify(value) });
  const perturbed = structuredClone(manifest);
  perturbed.model.url = BUNDLED_ONNX;
  perturbed.probe.logits = perturbed.probe.logits.map((row) => row.map((v) => v + 0.5));
  let testSet;
  return {
    // Pinned to other bytes than the model has.
    '/__test__/pinned.manifest.json': () => json({ ...manifest, model: { ...manifest.model, url: BUNDLED_ONNX, sha256: 'ab'.repeat(32) } }),
    // An input shape the mnist-digit preprocessing cannot fill.
    '/__test__/rgb.manifest.json': () =>
      json({ ...manifest, model: { ...manifest.model, url: BUNDLED_ONNX }, input: { ...manifest.input, shape: ['N', 3, 32, 32] } }),
    // Output names the model does not have.
    '/__test__/renamed.manifest.json': () =>
      json({ ...manifest, model: { ...manifest.model, url: BUNDLED_ONNX }, outputs: { logits: { name: 'scores' } } }),
    // The model as exported before inspection graphs: no "inspection" field.
    '/__test__/uninspectable.manifest.json': () => json({ ...manifest, model: { ...manifest.model, url: BUNDLED_ONNX }, inspection: undefined }),
    // Reference outputs off by 0.5: a backend that computes the truth fails the self-check.
    '/__test__/perturbed.manifest.json': () => json(perturbed),
    '/__test__/v2/manifest.json': () => json({ ...manifest, version: '2.0.0', model: { ...manifest.model, url: 'model.onnx', sha256: v2.sha256 } }),
    '/__test__/v2/model.onnx': () => ({ type: 'application/octet-stream', body: v2.bytes }),
    // The standard MNIST test set: its 10,000 digits as raw float32 (10000 x 784), then their labels as bytes.
    '/__test__/mnist-test.bin': () => {
      if (!testSet) {
        const { images, labels } = loadMnist('test');
        testSet = Buffer.concat([Buffer.from(images.buffer, images.byteOffset, images.byteLength), Buffer.from(labels)]);
      }
      return { type: 'application/octet-stream', body: testSet };
    },
  };
}

/**
 * Every port a test server of this process has listened on. WebKit's driver runs the cases of a
 * run in one browser session, whose storage outlives each case's context and is kept by origin;
 * a port the system hands out again would give a case an earlier case's origin, its IndexedDB
 * and its cache (seen once, in WebKit: the README case's first load found the model cached).
 */
const usedPorts = new Set();

/** startServer on a port no earlier test server of this process had: a new origin for each case. */
async function startOnFreshPort(options) {
  const refused = []; // held open meanwhile, so that the system hands out another port
  try {
    for (let tries = 0; tries < 100; tries++) {
      const started = await startServer(options);
      const { port } = new URL(started.url);
      if (!usedPorts.has(port)) {
        usedPorts.add(port);
        return started;
      }
      refused.push(started.server);
    }
    throw new Error('no unused port for a test server in 100 tries');
  } finally {
    for (const server of refused) server.close();
  }
}

/**
 * The project's static server (COOP/COEP, as `npm start`) plus the test routes, on a free port.
 * `requests.mark()` and `requests.since(mark, pattern)` count what was asked of it;
 * `setOffline(true)` cuts every connection, as a network that is down; `cspReports` lists
 * the violations of the strict CSP that browsers reported. Paths under /__plain__/ are the
 * same files without the cross-origin isolation headers.
 */
export async function startTestServer() {
  const files = staticFiles({ cspReportUri: CSP_REPORTS });
  // The same files under /__plain__/, without the cross-origin isolation headers.
  const plainFiles = staticFiles({ isolated: false });
  const routes = testRoutes();
  const log = [];
  const cspReports = [];
  let offline = false;
  let reachable = null;
  const mounts = [];
  const sockets = new Set();
  const { server, url } = await startOnFreshPort({
    port: 0,
    handler(req, res) {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      log.push(path);
      if (offline && !reachable?.test(path)) return void req.socket.destroy();
      if (path === CSP_REPORTS) {
        let body = '';
        req.on('data', (chunk) => (body += chunk));
        req.on('end', () => (cspReports.push(body), res.writeHead(204).end()));
        return;
      }
      if (path.startsWith(PLAIN)) {
        req.url = req.url.slice(PLAIN.length - 1);
        return plainFiles(req, res);
      }
      const mounted = mounts.find(([prefix]) => path.startsWith(prefix));
      if (mounted) return mounted[1](req, res);
      const route = routes[path];
      if (!route) return files(req, res);
      const { type, body } = route();
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-store', ...isolationHeaders });
      res.end(body);
    },
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return {
    url,
    requests: {
      /** A position in the log: count from here. */
      mark: () => log.length,
      /** Paths requested since `mark` that match `pattern`. */
      since: (mark, pattern = /./) => log.slice(mark).filter((path) => pattern.test(path)),
    },
    /** The reports of violations of the strict CSP (demo and CSP test page) so far, as the browsers sent them. */
    cspReports,
    /** Cuts the network (every request fails as unreachable), except for paths matching `except`. */
    setOffline(value, { except = null } = {}) {
      offline = value;
      reachable = except;
      // Connections kept alive would otherwise go on serving.
      if (offline) for (const socket of sockets) socket.destroy();
    },
    /** Serves the paths that start with `prefix` from the folder `root` (an app's own files), with the usual headers. */
    mount: (prefix, root) => mounts.push([prefix, staticFiles({ root })]),
    close: () => (server.closeAllConnections(), server.close()),
  };
}

/**
 * A model server on its own port (another origin, with CORS) whose answer for the model is
 * chosen by the path: /<fault>/manifest.json and /<fault>/model.onnx, for the faults ok, 404,
 * 500, html (a sign-in page), truncated (the connection drops halfway), hang (never answers)
 * and flaky (500 until `state.fixed` is set).
 */
export async function startFaultServer() {
  const state = { fixed: false };
  const headers = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
  const { server, url } = await startOnFreshPort({
    port: 0,
    handler(req, res) {
      const [, fault, file] = req.url.split('/');
      if (file === 'manifest.json') {
        res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
        return res.end(JSON.stringify({ ...manifest, model: { ...manifest.model, url: 'model.onnx' } }));
      }
      switch (state.fixed && fault === 'flaky' ? 'ok' : fault) {
        case 'ok':
          res.writeHead(200, { ...headers, 'Content-Length': modelBytes.length });
          return res.end(modelBytes);
        case '404':
          res.writeHead(404, headers);
          return res.end('not here');
        case 'flaky':
        case '500':
          res.writeHead(500, headers);
          return res.end('broken');
        case 'html':
          res.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
          return res.end('<!doctype html><title>Sign in</title><p>Please sign in.</p>');
        case 'truncated':
          res.writeHead(200, { ...headers, 'Content-Length': modelBytes.length });
          res.write(modelBytes.subarray(0, modelBytes.length >> 1));
          return setTimeout(() => res.socket?.destroy(), 50);
        case 'hang':
          return; // never answers
      }
    },
  });
  return { manifestUrl: (fault) => `${url}/${fault}/manifest.json`, state, close: () => (server.closeAllConnections(), server.close()) };
}

/**
 * A proxy to `upstream` (the page's origin for the case) that answers the n-th request (from
 * 1) whose path matches `pattern` with `reply(n, res)`, unless that returns 'pass'. The
 * runtime's threads (workers started by a worker) load through it too.
 */
export async function startFaultyOrigin(upstream, pattern, reply) {
  let n = 0;
  const { server, url } = await startOnFreshPort({
    port: 0,
    async handler(req, res) {
      const faulty = pattern.test(req.url);
      if (faulty && reply(++n, res) !== 'pass') return;
      let answer, body;
      try {
        answer = await fetch(new URL(req.url, upstream));
        body = Buffer.from(await answer.arrayBuffer());
      } catch {
        // The upstream went away (its case is over while the page still loads something): the
        // page sees a network error, and the test process no unhandled rejection.
        return void res.destroy();
      }
      // Not from the HTTP cache next time: each request of a faulty file reaches the proxy.
      res.writeHead(answer.status, { ...Object.fromEntries(answer.headers), ...(faulty ? { 'cache-control': 'no-store' } : {}) });
      res.end(body);
    },
  });
  return { url, count: () => n, close: () => (server.closeAllConnections(), server.close()) };
}

const noStore = { ...isolationHeaders, 'Cache-Control': 'no-store' };
/** Replies for startFaultyOrigin. */
export const replies = {
  pass: () => 'pass',
  notFound: (_, res) => void res.writeHead(404, noStore).end('not here'),
  script: (body) => (_, res) => void res.writeHead(200, { ...noStore, 'Content-Type': 'text/javascript' }).end(body),
  /** The first request passes; later ones get `then`. */
  firstOnly: (then) => (n, res) => (n === 1 ? 'pass' : then(n, res)),
};
