// Shared pieces of the specs that install the package into apps (package.spec.ts: bundlers;
// frameworks.spec.ts: frameworks): the tarball, servers of built apps, what a build emitted.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import type { Page } from '@playwright/test';
import { expect } from './fixtures.js';

export const run = promisify(execFile);
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** `npm pack` of the build `npm test` has just made (--ignore-scripts: no rebuild), into `folder`; resolves with its path. */
export async function packTarball(folder: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', folder], { cwd: root });
  return join(folder, stdout.trim().split('\n').pop()!);
}

/** Serves a built app's files (127.0.0.1, with or without the isolation headers) while `use` runs. */
export async function served(folder: string, isolated: boolean, use: (url: string) => Promise<void>): Promise<void> {
  const { server, url } = await startServer({ root: folder, port: 0, isolated });
  try {
    await use(url);
  } finally {
    server.close();
  }
}

/** The origins of every request the page's context makes while `use` runs. */
export async function requestOrigins(page: Page, use: () => Promise<void>): Promise<string[]> {
  const origins = new Set<string>();
  const listener = (request: { url(): string }) => void origins.add(new URL(request.url()).origin);
  page.context().on('request', listener);
  try {
    await use();
  } finally {
    page.context().off('request', listener);
  }
  return [...origins];
}

/** A free-looking port for a dev or preview server that cannot be given port 0. */
export const somePort = (): number => 5200 + Math.floor(Math.random() * 700);

/**
 * Runs a server command until `url` answers 200, then `use`s it and stops it (its whole process
 * group). Resolves with everything it printed, for the caller to check.
 */
export async function serving(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; url: string; startMs?: number },
  use: (url: string) => Promise<void>,
): Promise<string> {
  const server = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  server.stdout!.on('data', (chunk) => (log += chunk));
  server.stderr!.on('data', (chunk) => (log += chunk));
  try {
    await expect
      .poll(() => fetch(options.url).then((r) => r.status, () => 0), { timeout: options.startMs ?? 60_000, message: `${command} ${args.join(' ')} answers` })
      .toBe(200)
      .catch((error: Error) => {
        throw new Error(`${error.message}\nIt printed:\n${log}`);
      });
    await use(options.url);
    return log;
  } finally {
    process.kill(-server.pid!);
  }
}

/**
 * Files a build emitted under `folder` (by name and size, for docs/bundlers.md), checking that
 * each .wasm and model file came once and the two workers once each. A worker may be rewritten
 * by the bundler; it is the one file that holds the runtime, whose code names its threads.
 */
export function emittedOnce(folder: string, skip: (file: string) => boolean = () => false): Record<string, number> {
  const files = readdirSync(folder, { recursive: true })
    .map(String)
    .filter((f) => !skip(f) && statSync(join(folder, f)).isFile() && !f.endsWith('.map'));
  const digest = (f: string) => createHash('sha256').update(readFileSync(join(folder, f))).digest('hex');
  const digests = new Map(files.map((f) => [f, digest(f)]));
  const copies = (original: string) => {
    const sha = createHash('sha256').update(readFileSync(join(root, 'dist', original))).digest('hex');
    return files.filter((f) => digests.get(f) === sha).length;
  };
  for (const asset of ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.jsep.wasm', 'models/se-lenet-mnist.onnx', 'models/se-lenet-mnist.inspect.onnx']) {
    expect(copies(asset), `${asset} emitted once`).toBe(1);
  }
  const workers = files.filter((f) => /\.m?js$/.test(f) && readFileSync(join(folder, f), 'utf8').includes('em-pthread'));
  expect(workers, 'the two workers, once each').toHaveLength(2);
  return Object.fromEntries(files.map((f) => [f, statSync(join(folder, f)).size]));
}
