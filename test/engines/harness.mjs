// Runs the engine cases (test/engines/cases/*.mjs): what users do with the SDK, written once
// and run the same way in Chromium, Firefox and WebKit. A case is { name, run(t), timeout? };
// `run` drives pages through the engine's driver (test/engines/drivers.mjs) and asserts with
// node:assert on the plain JSON the pages return. Chromium runs them through Playwright's test
// runner (test/browser/engines.spec.ts), Firefox and WebKit through test/engines/run.mjs.
//
// Loading the SDK (a worker, the runtime's download and start) is most of a case's time, so a
// case that needs one classifier tests in turn every behaviour that classifier can show, each
// as a named step (`t.step`); cases stay apart where they need a fresh worker, origin or cache.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from './server.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const manifest = JSON.parse(readFileSync(join(root, 'models/se-lenet-mnist.manifest.json'), 'utf8'));
/** @type {{ inputs: number[][]; labels: number[]; logits: number[][]; attention: Record<string, number[][]> }} */
export const golden = JSON.parse(readFileSync(join(root, 'models/se-lenet-mnist.golden.json'), 'utf8'));

export const SDK_PAGE = '/test/pages/sdk.html';

/** The case files, in the order they run; each one's name is its group. */
export const GROUPS = ['sdk', 'images', 'read-digits', 'digit-input', 'inspect', 'cache', 'faults', 'runtime-start', 'support', 'security', 'readme', 'demo', 'load'];

/** The engines a case runs in unless it names others: WebKit as WebKitGTK ships it only runs the cases about it. */
export const MAIN_ENGINES = ['chromium', 'firefox', 'webkit'];

/** Every case for `engine`, as { group, name, title, run, timeout, engines }. */
export async function loadCases(engine) {
  const all = [];
  for (const group of GROUPS) {
    const { cases } = await import(`./cases/${group}.mjs`);
    for (const c of cases) all.push({ group, title: `${group}: ${c.name}`, engines: MAIN_ENGINES, ...c });
  }
  return all.filter((c) => c.engines.includes(engine));
}

/** Where a case's files go: test-results/engines/<engine>/. */
export function artifactsDir(engine) {
  const dir = join(root, 'test-results', 'engines', engine);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Runs one case in `engine`, against a test server of its own (test/engines/server.mjs): a new
 * origin, so no storage, service worker or HTTP cache entry of another case reaches it; and
 * in a fresh browser context where the engine's driver can make one cheaply. Fails on an
 * uncaught error in any page
 * the case opened (pages record them: test/pages/page-errors.js). Rejects with the failure;
 * one that ran out of time has `timedOut` set.
 */
export async function runCase(engine, testCase) {
  const server = await startTestServer();
  let context = null;
  const pages = [];
  const steps = { count: 0, failed: [], current: null };
  const t = {
    engine: engine.name,
    server,
    /** Opens a page (a path on the test server, or a whole URL) in the case's context. */
    async open(path, { viewport } = {}) {
      context ??= await engine.newContext();
      const page = await context.newPage({ viewport });
      pages.push(page);
      if (path) await page.goto(new URL(path, server.url).href);
      return page;
    },
    /** Opens the SDK test page (the built dist/index.js as window.seEdge), at `origin` if given. */
    async openSdk(origin = server.url) {
      const page = await t.open(new URL(SDK_PAGE, origin).href);
      await page.waitFor(() => window.seEdgeReady === true);
      return page;
    },
    /** A path for a file the case keeps (screenshots): test-results/engines/<engine>/<name>. */
    artifact: (name) => join(artifactsDir(engine.name), name),
    /**
     * Sets up a case that tests several behaviours in turn (its page, its classifier): runs
     * `fn` and resolves with what it gives. A failure here ends the case.
     */
    async setUp(fn) {
      watch('stretch', limit, () => 'setting up');
      try {
        return await fn();
      } finally {
        watch('stretch', null);
      }
    },
    /**
     * Tests one behaviour of a case that tests several in turn: runs `fn`, within `timeout` if
     * given (one slow by nature). A failure is kept under the behaviour's name and the next
     * behaviour still runs; the case then fails with every behaviour that failed, each named.
     * SE_EDGE_STEP_TIMES=1 prints each one's time.
     */
    async step(name, fn, { timeout } = {}) {
      steps.count++;
      steps.current = name;
      watch('stretch', timeout ?? limit, () => `testing: ${name}`);
      const started = Date.now();
      try {
        await fn();
      } catch (error) {
        steps.failed.push(`${name}:\n${String(error?.stack ?? error).replace(/^/gm, '  ')}`);
      } finally {
        watch('stretch', null);
        steps.current = null;
        if (process.env.SE_EDGE_STEP_TIMES) console.log(`    ${engine.name} · ${((Date.now() - started) / 1000).toFixed(1)} s · ${name}`);
      }
    },
  };
  // A case that names its time limit (one that is slow by nature) keeps it; the others get the
  // engine's own, shorter where the engine's automation can hang (drivers.mjs), or 90 s. A case
  // that tests several behaviours in turn names its limit as a whole, and its set-up and each
  // behaviour get that short one too (or the behaviour's own), as when each was a case of its
  // own: a hang costs no more time than it did then.
  const limit = engine.caseTimeoutMs ?? 90_000;
  const timeout = testCase.timeout ?? limit;
  let fail;
  const failed = new Promise((_, reject) => (fail = reject));
  const timers = {};
  /** Fails the case unless `timers[key]` is set again (or cleared, with null) within `ms`. */
  function watch(key, ms, what = () => '') {
    clearTimeout(timers[key]);
    if (ms === null) return;
    timers[key] = setTimeout(() => {
      const where = what() ? ` (still ${what()})` : '';
      fail(Object.assign(new Error(`no result within ${ms / 1000} s${where}`), { timedOut: true }));
    }, ms);
  }
  try {
    watch('case', timeout, () => (steps.current ? `testing: ${steps.current}` : ''));
    await Promise.race([testCase.run(t), failed]);
    if (steps.failed.length) {
      throw new Error(`${steps.failed.length} of the ${steps.count} behaviours tested failed:\n\n${steps.failed.join('\n\n')}`);
    }
    for (const page of pages) {
      const errors = await page.evaluate(() => window.pageErrors ?? []).catch(() => []);
      if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`);
    }
  } finally {
    for (const timer of Object.values(timers)) clearTimeout(timer);
    await context?.close().catch(() => undefined);
    server.close();
  }
}
