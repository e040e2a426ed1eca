// `ng add se-edge`'s schematic (angular/ng-add.cjs) on an in-memory workspace, as Angular's CLI
// hands it one: the assets entry added to each application's build once, and clear refusals.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';

const { ngAdd, ASSETS } = createRequire(import.meta.url)('../../angular/ng-add.cjs');

/** The little of Angular's Tree and SchematicContext the schematic uses. */
function workspace(text) {
  const files = new Map(text === undefined ? [] : [['angular.json', Buffer.from(text)]]);
  const logged = [];
  const tree = {
    exists: (path) => files.has(path),
    read: (path) => files.get(path) ?? null,
    overwrite: (path, content) => files.set(path, Buffer.from(content)),
  };
  const context = { logger: { info: (line) => logged.push(line) } };
  return { run: () => ngAdd()(tree, context), json: () => JSON.parse(files.get('angular.json').toString()), logged };
}

const project = (projectType, assets) => ({ projectType, architect: { build: { options: { browser: 'src/main.ts', ...(assets && { assets }) } } } });

test('adds the entry to each application, beside what was there, and says so', () => {
  const app = workspace(JSON.stringify({ projects: { shop: project('application', [{ glob: '**/*', input: 'public' }]), admin: project('application'), ui: project('library') } }));
  app.run();
  const { projects } = app.json();
  assert.deepEqual(projects.shop.architect.build.options.assets, [{ glob: '**/*', input: 'public' }, ASSETS]);
  assert.deepEqual(projects.admin.architect.build.options.assets, [ASSETS]);
  assert.equal(projects.ui.architect.build.options.assets, undefined, 'libraries are left alone');
  assert.deepEqual(app.logged, [
    "se-edge: shop now copies se-edge's workers, .wasm files and model into its build",
    "se-edge: admin now copies se-edge's workers, .wasm files and model into its build",
  ]);
});

test('a second ng add changes nothing', () => {
  const app = workspace(JSON.stringify({ projects: { shop: project('application', [ASSETS]) } }));
  app.run();
  assert.deepEqual(app.json().projects.shop.architect.build.options.assets, [ASSETS]);
  assert.deepEqual(app.logged, ["se-edge: shop already copies se-edge's files"]);
});

test('the entry names the files se-edge names with new URL(), from where npm installs them', () => {
  assert.deepEqual(ASSETS, {
    glob: '{worker.js,worker-webgpu.js,*.wasm,models/se-lenet-mnist.onnx,models/se-lenet-mnist.inspect.onnx}',
    input: 'node_modules/se-edge/dist',
    output: '/',
  });
});

test('no angular.json, or one that is not plain JSON: an error that shows the entry to add by hand', () => {
  assert.throws(() => workspace(undefined).run(), /no angular\.json here; add this to your build's assets by hand: \{"glob"/);
  assert.throws(() => workspace('{ // a comment\n}').run(), /angular\.json is not plain JSON .*by hand: \{"glob"/);
});
