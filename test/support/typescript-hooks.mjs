// Node module hooks that run the TypeScript sources as they are: each .ts file is
// transpiled on load, as rollup does (scripts/transpile-typescript.mjs; no type checking:
// `tsc -b` does that), and the sources' './file.js' imports find './file.ts'.
// Registered by typescript-register.mjs.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transpile } from '../../scripts/transpile-typescript.mjs';

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (!context.parentURL?.endsWith('.ts') || !specifier.startsWith('.') || !specifier.endsWith('.js')) throw error;
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const { code, map } = transpile(await readFile(fileURLToPath(url), 'utf8'), fileURLToPath(url));
  // The map inline, so that stack traces of failing tests point into the TypeScript.
  const inlineMap = `\n//# sourceMappingURL=data:application/json;base64,${Buffer.from(JSON.stringify(map)).toString('base64')}`;
  return { format: 'module', source: code + inlineMap, shortCircuit: true };
}
