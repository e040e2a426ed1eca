// The package as apps get it: `npm pack`, installed into fresh apps that hold an index.html
// and a main.js and no bundler config at all (only, where the app wants WASM threads, a
// config that sets the two cross-origin isolation headers: the recipes of docs/bundlers.md). Each setup
// classifies a golden digit in Chromium, served from 127.0.0.1 cross-origin isolated (threads
// on) and not (one thread), and fetches nothing from any other origin. Builds emit the
// workers, the .wasm files and the model once each. Bundlers are installed into the test
// apps only (test/apps/<bundler>/, with their lockfiles, installed once into a cache folder:
// test/support/app-installs.mjs): `npm ci` of the project never sees them. The page with no
// bundler installs the tarball with the README's install command.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { appDir, prepareApp } from '../support/app-installs.mjs';
import { docExample } from '../support/doc-examples.mjs';
import { emittedOnce, packTarball, requestOrigins, root, run, served, serving as servingCommand, somePort } from './apps.js';
import { digitPng, expect, golden, test } from './fixtures.js';

const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** The page with no bundler, and the bundlers' apps (their versions: test/apps/<app>/package.json). */
type App = 'plain' | 'vite7' | 'vite8' | 'webpack' | 'parcel';
const bundlers = ['vite7', 'vite8', 'webpack', 'parcel'] as const;

test.describe.configure({ mode: 'serial', timeout: 300_000 });

let base: string;
const dir = (app: App): string => (app === 'plain' ? join(base, app) : appDir(app));

/** The app's code: what a new user writes, driven by the test through window.classify. */
const mainJs = (from: string) => `import { createClassifier } from '${from}';

window.classify = async (values) => {
  const classifier = await createClassifier();
  const prediction = await classifier.classify(Float32Array.from(values));
  await classifier.dispose();
  return { label: prediction.label, threads: classifier.threads, warnings: classifier.warnings };
};
`;
const indexHtml = (script: string, module = true) =>
  `<!doctype html><meta charset="utf-8"><title>an app</title><script ${module ? 'type="module" ' : ''}src="${script}"></script>\n`;

test.beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'se-edge-apps-'));
  const tarball = await packTarball(base);
  // The README's install command, with the tarball for the package name.
  const [npm, ...install] = docExample('install').code.trim().split(' ').map((word) => (word === 'se-edge' ? tarball : word));
  mkdirSync(dir('plain'));
  writeFileSync(join(dir('plain'), 'package.json'), JSON.stringify({ name: 'an-app-plain', private: true, type: 'module' }));
  await run(npm!, [...install, '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: dir('plain') });
  for (const app of bundlers) await prepareApp(app, tarball);
  // No bundler: the documented page, which imports the package's file directly.
  writeFileSync(join(dir('plain'), 'index.html'), docExample('plain-html').code);
  for (const app of ['vite7', 'vite8', 'parcel'] as const) {
    writeFileSync(join(dir(app), 'index.html'), indexHtml('./main.js'));
    writeFileSync(join(dir(app), 'main.js'), mainJs('se-edge'));
  }
  // webpack's defaults: src/index.js in, dist/main.js out; its dev server serves public/.
  mkdirSync(join(dir('webpack'), 'src'));
  mkdirSync(join(dir('webpack'), 'public'));
  writeFileSync(join(dir('webpack'), 'src/index.js'), mainJs('se-edge'));
  writeFileSync(join(dir('webpack'), 'public/index.html'), indexHtml('main.js', false));
});

test.afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Opens `url`, classifies a golden digit through the app, and checks what it fetched. */
async function classifyIn(page: Page, url: string, isolated: boolean) {
  let outcome!: { label: string; threads: number; warnings: string[] };
  const origins = await requestOrigins(page, async () => {
    await page.goto(url);
    await page.waitForFunction(() => typeof (window as unknown as { classify?: unknown }).classify === 'function');
    outcome = await page.evaluate((x) => (window as unknown as { classify: (v: number[]) => Promise<typeof outcome> }).classify(x), golden.inputs[7]!);
  });
  expect(outcome).toEqual({ label: String(golden.labels[7]), threads: outcome.threads, warnings: [] });
  if (isolated) expect(outcome.threads, 'threads on a cross-origin isolated page').toBeGreaterThan(1);
  else expect(outcome.threads, 'one thread without cross-origin isolation').toBe(1);
  expect(origins, 'nothing outside the app origin').toEqual([new URL(url).origin]);
}

/** Runs a dev or preview server until it answers, then `use`s it and stops it. */
async function serving(app: App, command: string[], use: (url: string) => Promise<void>) {
  const port = somePort();
  const url = `http://127.0.0.1:${port}/`;
  const log = await servingCommand('npx', [...command, '--host', '127.0.0.1', '--port', String(port)], { cwd: dir(app), url }, use);
  // The package's source maps resolve inside it: a dev server has nothing to warn about.
  expect(log).not.toMatch(/sourcemap|source map/i);
}

/** The documented config that only sets the isolation headers, or no config file at all. */
function headersConfig(app: App, file: string, example: string | null) {
  rmSync(join(dir(app), file), { force: true });
  if (example) writeFileSync(join(dir(app), file), docExample(example).code);
}

const builds = new Map<App, Promise<void>>();
/**
 * Builds an app's production bundle once: isolation is the server's headers, not the build's,
 * so both modes serve the same output. A build that failed fails each test that needs it.
 */
function buildOnce(app: App, build: () => Promise<void>): Promise<void> {
  if (!builds.has(app)) builds.set(app, build());
  return builds.get(app)!;
}

for (const isolated of [true, false]) {
  const mode = isolated ? 'cross-origin isolated' : 'not isolated';

  test(`no bundler: the documented plain page (${mode})`, async ({ page }) => {
    await page.goto('about:blank');
    writeFileSync(join(dir('plain'), 'digit.png'), Buffer.from(await digitPng(page, golden.inputs[7]!), 'base64'));
    await served(dir('plain'), isolated, async (url) => {
      await page.goto(`${url}/index.html`);
      await expect(page.locator('body')).toContainText(`It is a ${golden.labels[7]}.`);
    });
  });

  for (const vite of ['vite7', 'vite8'] as const) {
    test(`${vite}: dev server, no config${isolated ? ' but the headers' : ''} (${mode})`, async ({ page }) => {
      headersConfig(vite, 'vite.config.js', isolated ? 'vite.config.js' : null);
      rmSync(join(dir(vite), 'node_modules/.vite'), { recursive: true, force: true }); // a first start, dependencies pre-bundled afresh
      await serving(vite, ['vite', '--strictPort'], (url) => classifyIn(page, url, isolated));
    });

    test(`${vite}: vite build + vite preview, no config${isolated ? ' but the headers' : ''} (${mode})`, async ({ page }) => {
      headersConfig(vite, 'vite.config.js', isolated ? 'vite.config.js' : null);
      await buildOnce(vite, async () => {
        rmSync(join(dir(vite), 'dist'), { recursive: true, force: true });
        await run('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: dir(vite) });
        console.log(`${vite} build emitted`, emittedOnce(join(dir(vite), 'dist')));
      });
      await serving(vite, ['vite', 'preview', '--strictPort'], (url) => classifyIn(page, url, isolated));
    });
  }

  test(`webpack 5: production build, no config (${mode})`, async ({ page }) => {
    await buildOnce('webpack', async () => {
      headersConfig('webpack', 'webpack.config.js', null);
      rmSync(join(dir('webpack'), 'dist'), { recursive: true, force: true });
      await run('npx', ['webpack', '--no-stats'], { cwd: dir('webpack') });
      console.log('webpack build emitted', emittedOnce(join(dir('webpack'), 'dist')));
      cpSync(join(dir('webpack'), 'public/index.html'), join(dir('webpack'), 'dist/index.html'));
    });
    await served(join(dir('webpack'), 'dist'), isolated, (url) => classifyIn(page, `${url}/index.html`, isolated));
  });

  test(`webpack 5: dev server, no config${isolated ? ' but the headers' : ''} (${mode})`, async ({ page }) => {
    headersConfig('webpack', 'webpack.config.js', isolated ? 'webpack.config.js' : null);
    await serving('webpack', ['webpack', 'serve'], (url) => classifyIn(page, url, isolated));
  });

  test(`Parcel 2: production build, no config (${mode})`, async ({ page }) => {
    await buildOnce('parcel', async () => {
      rmSync(join(dir('parcel'), 'dist'), { recursive: true, force: true });
      await run('npx', ['parcel', 'build', 'index.html', '--no-cache', '--log-level', 'error'], { cwd: dir('parcel') });
      console.log('parcel build emitted', emittedOnce(join(dir('parcel'), 'dist')));
    });
    await served(join(dir('parcel'), 'dist'), isolated, (url) => classifyIn(page, `${url}/index.html`, isolated));
  });
}

test('an install holds only se-edge, and its types compile in a TypeScript app without Comlink or onnxruntime-web', async () => {
  expect(readdirSync(join(dir('plain'), 'node_modules')).filter((f) => !f.startsWith('.'))).toEqual(['se-edge']);
  writeFileSync(
    join(dir('plain'), 'app.ts'),
    `import { createClassifier, InputError, type Prediction } from 'se-edge';
const classifier = await createClassifier({ backend: 'wasm', onProgress: ({ phase }) => console.log(phase) });
const prediction: Prediction = await classifier.classify(new Float32Array(classifier.inputLength));
try { await classifier.classify(new Float32Array(1)); } catch (error) { if (error instanceof InputError) console.log(error.code); }
console.log(prediction.attention.se1, classifier.model.input.shape, classifier.threads);
`,
  );
  const compilerOptions = { strict: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], types: [], noEmit: true };
  writeFileSync(join(dir('plain'), 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
  await run(process.execPath, [tsc, '-p', '.'], { cwd: dir('plain') }).catch((error: { stdout: string }) => {
    throw new Error(`the app's types do not compile:\n${error.stdout}`);
  });
  const size = (folder: string): number =>
    readdirSync(folder, { withFileTypes: true }).reduce((sum, entry) => sum + (entry.isDirectory() ? size(join(folder, entry.name)) : statSync(join(folder, entry.name)).size), 0);
  console.log(`installed: ${(size(join(dir('plain'), 'node_modules/se-edge')) / 1e6).toFixed(1)} MB`);
});
