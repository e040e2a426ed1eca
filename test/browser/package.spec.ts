// The package as an app gets it: `npm pack`, installed into a fresh folder, used from a plain
// HTML page with <script type="module"> and no bundler, served from 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';
import { expect, golden, test } from './fixtures.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('the npm pack tarball works in a plain HTML page without a bundler', async ({ page }) => {
  test.setTimeout(300_000);
  const app = mkdtempSync(join(tmpdir(), 'se-edge-plain-'));
  try {
    // npm test has just built dist/; --ignore-scripts packs that build instead of rebuilding.
    const tarball = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', app], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'plain-app', private: true, type: 'module' }));
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(app, tarball)], { cwd: app, stdio: 'ignore' });
    expect(readdirSync(join(app, 'node_modules/se-edge/dist'))).toContain('worker.js');
    writeFileSync(
      join(app, 'index.html'),
      `<!doctype html><meta charset="utf-8"><title>plain app</title>
<script type="module">
  import { createClassifier } from './node_modules/se-edge/dist/index.js';
  window.classify = async (values) => {
    const classifier = await createClassifier();
    const prediction = await classifier.classify(Float32Array.from(values));
    await classifier.dispose();
    return { label: prediction.label, backend: classifier.backend, se3: prediction.attention.se3.length };
  };
</script>`,
    );
    const { server, url } = await startServer({ root: app, port: 0 });
    try {
      await page.goto(`${url}/index.html`);
      await page.waitForFunction(() => typeof (window as unknown as { classify?: unknown }).classify === 'function');
      const result = await page.evaluate((x) => (window as unknown as { classify: (v: number[]) => Promise<unknown> }).classify(x), golden.inputs[7]!);
      expect(result).toEqual({ label: String(golden.labels[7]), backend: 'wasm', se3: 120 });
    } finally {
      server.close();
    }
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
});
