// The package as apps get it: `npm pack`, installed (once, shared) into a fresh folder, then
// used from a plain HTML page without a bundler, from a Vite app in dev mode and in a
// production build, and from a webpack 5 production build; each classifies a golden digit in Chromium, served from 127.0.0.1.
// The page, the Vite config and the webpack config are the README's recipes, as written there.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { startServer } from '../../scripts/serve.mjs';
import { readmeExample } from '../support/readme-examples.mjs';
import { digitPng, expect, golden, test } from './fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
// Installed into the test app only: Vite 8 names an optional dependency this registry does not
// have, which npm install tolerates and `npm ci` of the project would not.
const VITE = 'vite@8.4.0';
const WEBPACK = ['webpack@5.113.0', 'webpack-cli@7.3.1'];
test.describe.configure({ mode: 'serial', timeout: 300_000 });

let app: string;

test.beforeAll(() => {
  app = mkdtempSync(join(tmpdir(), 'se-edge-app-'));
  // npm test has just built dist/; --ignore-scripts packs that build instead of rebuilding.
  const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', app], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', private: true, type: 'module' }));
  // The README's install command, with the tarball for the package name, and the bundlers in the
  // same install.
  const [npm, ...install] = readmeExample('install').trim().split(' ').map((word) => (word === 'se-edge' ? join(app, tarball) : word));
  execFileSync(npm!, [...install, '--no-audit', '--no-fund', '--ignore-scripts', VITE, ...WEBPACK], { cwd: app, stdio: 'ignore' });
  const appCode = `
  window.classify = async (values) => {
    const classifier = await createClassifier();
    const prediction = await classifier.classify(Float32Array.from(values));
    await classifier.dispose();
    return { label: prediction.label, backend: classifier.backend, se3: prediction.attention.se3.length };
  };`;
  // No bundler: the README's page, which imports the package's file directly.
  writeFileSync(join(app, 'plain.html'), readmeExample('plain-html'));
  // Vite and webpack: the README's configs, and an app module that the test drives.
  writeFileSync(join(app, 'index.html'), '<!doctype html><meta charset="utf-8"><title>vite</title><script type="module" src="/main.js"></script>');
  writeFileSync(join(app, 'main.js'), `import { createClassifier } from 'se-edge';${appCode}`);
  writeFileSync(join(app, 'vite.config.js'), readmeExample('vite.config.js'));
  writeFileSync(join(app, 'webpack.config.js'), readmeExample('webpack.config.js'));
});

test.afterAll(() => rmSync(app, { recursive: true, force: true }));

async function classifyIn(page: Page, url: string) {
  await page.goto(url);
  await page.waitForFunction(() => typeof (window as unknown as { classify?: unknown }).classify === 'function');
  return page.evaluate((x) => (window as unknown as { classify: (v: number[]) => Promise<unknown> }).classify(x), golden.inputs[7]!);
}
const expected = { label: String(golden.labels[7]), backend: 'wasm', se3: 120 };

/** Serves `root` from 127.0.0.1 (COOP/COEP, as the README asks) while `use` runs. */
async function served(root: string, use: (url: string) => Promise<void>) {
  const { server, url } = await startServer({ root, port: 0 });
  try {
    await use(url);
  } finally {
    server.close();
  }
}

test('the npm pack tarball works in a plain HTML page without a bundler', async ({ page }) => {
  // The page shows digit.png: a golden digit, drawn by the browser as a PNG.
  await page.goto('about:blank');
  writeFileSync(join(app, 'digit.png'), Buffer.from(await digitPng(page, golden.inputs[7]!), 'base64'));
  await served(app, async (url) => {
    await page.goto(`${url}/plain.html`);
    await expect(page.locator('body')).toContainText(`It is a ${expected.label}.`);
  });
});

test('the tarball works in a Vite app: production build', async ({ page }) => {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: app, stdio: 'ignore' });
  await served(join(app, 'dist'), async (url) => expect(await classifyIn(page, `${url}/index.html`)).toEqual(expected));
});

test('the tarball works in a webpack 5 app: production build', async ({ page }) => {
  rmSync(join(app, 'dist'), { recursive: true, force: true }); // Vite's build went there too
  execFileSync('npx', ['webpack', '--no-stats'], { cwd: app, stdio: 'ignore' });
  writeFileSync(join(app, 'dist', 'index.html'), '<!doctype html><meta charset="utf-8"><title>webpack</title><script src="main.js"></script>');
  await served(join(app, 'dist'), async (url) => expect(await classifyIn(page, `${url}/index.html`)).toEqual(expected));
});

test('the tarball works in a Vite app: dev server', async ({ page }) => {
  const port = 5190 + Math.floor(Math.random() * 100);
  const dev: ChildProcess = spawn('npx', ['vite', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: app, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  dev.stdout!.on('data', (chunk) => (log += chunk));
  dev.stderr!.on('data', (chunk) => (log += chunk));
  try {
    await expect.poll(() => fetch(`http://127.0.0.1:${port}/`).then((r) => r.status, () => 0), { timeout: 30_000 }).toBe(200);
    expect(await classifyIn(page, `http://127.0.0.1:${port}/`)).toEqual(expected);
    // The package's source maps resolve inside it: Vite has nothing to warn about.
    expect(log).not.toMatch(/sourcemap/i);
  } finally {
    process.kill(-dev.pid!);
  }
});
