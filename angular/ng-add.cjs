// `ng add se-edge`: Angular's application builder (esbuild) does not follow
// `new URL('./worker.js', import.meta.url)` inside a package, so on its own it would not copy
// se-edge's workers, .wasm files and model into the build. This schematic adds them to the build
// assets of each application in angular.json, once; the URLs in se-edge's code then resolve as
// they do with any other bundler. Angular's CLI runs it with the workspace as `tree`.
'use strict';

const ASSETS = {
  glob: '{worker.js,worker-webgpu.js,*.wasm,models/se-lenet-mnist.onnx,models/se-lenet-mnist.inspect.onnx}',
  input: 'node_modules/se-edge/dist',
  output: '/',
};

exports.ASSETS = ASSETS;

exports.ngAdd = () => (tree, context) => {
  const file = 'angular.json';
  const text = tree.exists(file) ? tree.read(file).toString('utf8') : null;
  if (text === null) throw new Error(`se-edge: no ${file} here; add this to your build's assets by hand: ${JSON.stringify(ASSETS)}`);
  let workspace;
  try {
    workspace = JSON.parse(text);
  } catch (error) {
    throw new Error(`se-edge: ${file} is not plain JSON (${error.message}); add this to your build's assets by hand: ${JSON.stringify(ASSETS)}`);
  }
  let changed = false;
  for (const [name, project] of Object.entries(workspace.projects ?? {})) {
    const options = project.projectType === 'application' ? project.architect?.build?.options : undefined;
    if (!options) continue;
    options.assets ??= [];
    if (options.assets.some((asset) => typeof asset === 'object' && asset.input === ASSETS.input)) {
      context.logger.info(`se-edge: ${name} already copies se-edge's files`);
      continue;
    }
    options.assets.push(ASSETS);
    changed = true;
    context.logger.info(`se-edge: ${name} now copies se-edge's workers, .wasm files and model into its build`);
  }
  if (changed) tree.overwrite(file, `${JSON.stringify(workspace, null, 2)}\n`);
  return tree;
};
