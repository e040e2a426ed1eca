// The dependencies of the test apps (test/apps/<app>/: bundlers and frameworks, each with its
// package-lock.json), installed once into a cache folder and kept there: an app is installed
// again (a clean `npm ci`) only when its package.json or lockfile changed, so a second `npm test`
// installs nothing from the registry. The specs unpack se-edge's tarball into them afresh.
//
//   node test/support/app-installs.mjs   installs every app; `npm test` starts it in the
//                                        background as it begins, so that the downloads overlap
//                                        the unit and node tiers, and waits for it before the
//                                        browser specs
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
export const fixtures = fileURLToPath(new URL('../apps/', import.meta.url));
export const cache = process.env.SE_EDGE_APPS_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'se-edge/test-apps');

/** Every app under test/apps/ (each a folder with a package.json and its lockfile). */
export const apps = () => readdirSync(fixtures).filter((app) => existsSync(join(fixtures, app, 'package-lock.json')));

/** Where the app is installed and built. */
export const appDir = (app) => join(cache, app);

/**
 * Installs the app's dependencies into its cache folder unless that install is of the same
 * package.json and lockfile; resolves with true when it installed.
 */
export async function installApp(app) {
  const files = ['package.json', 'package-lock.json'];
  const key = files.reduce((hash, file) => hash.update(readFileSync(join(fixtures, app, file))), createHash('sha256')).digest('hex');
  const stamp = join(appDir(app), 'node_modules/.installed-from');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) return false;
  rmSync(appDir(app), { recursive: true, force: true });
  mkdirSync(appDir(app), { recursive: true });
  for (const file of files) cpSync(join(fixtures, app, file), join(appDir(app), file));
  // No install scripts: nothing these apps use needs one (their native parts come as packages).
  await run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: appDir(app), maxBuffer: 1 << 26 });
  writeFileSync(stamp, key);
  return true;
}

/**
 * The app as its fixture has it, over its installed dependencies: every other file of the
 * cache folder (earlier sources, builds) removed first.
 */
function freshSources(app) {
  for (const entry of readdirSync(appDir(app))) if (entry !== 'node_modules') rmSync(join(appDir(app), entry), { recursive: true, force: true });
  cpSync(join(fixtures, app), appDir(app), { recursive: true });
}

/** se-edge from its `npm pack` tarball into the app's node_modules, as npm unpacks it. */
async function unpackInto(app, tarball) {
  const installed = join(appDir(app), 'node_modules/se-edge');
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed);
  await run('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
}

/** The app ready to build: its dependencies installed (or from the cache), its fixture's files afresh, se-edge from `tarball` if given. */
export async function prepareApp(app, tarball) {
  await installApp(app);
  freshSources(app);
  if (tarball) await unpackInto(app, tarball);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const installed = await Promise.all(apps().map(async (app) => ((await installApp(app)) ? app : null)));
  const names = installed.filter(Boolean);
  console.log(`test apps: ${names.length ? `installed ${names.join(', ')}` : 'all installed already'} (${Math.round((Date.now() - started) / 1000)} s, ${cache})`);
}
