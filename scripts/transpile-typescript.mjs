// TypeScript transpiled file by file (ts.transpileModule), for rollup and for Node's unit
// tests: type checking is `tsc -b`'s job, done once for every folder (tsconfig.json).
// Sources use `import type` for types (verbatimModuleSyntax), so this is exact.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

const compilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  useDefineForClassFields: true,
  sourceMap: true,
  inlineSources: true,
};

/** JavaScript and its source map (the TypeScript source embedded) for one .ts file. */
export function transpile(code, fileName) {
  const { outputText, sourceMapText, diagnostics } = ts.transpileModule(code, { compilerOptions, fileName, reportDiagnostics: true });
  if (diagnostics?.length) throw new Error(`${fileName}: ${ts.flattenDiagnosticMessageText(diagnostics[0].messageText, '\n')}`);
  const map = JSON.parse(sourceMapText);
  map.sources = [fileName];
  return { code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map };
}

/** A rollup plugin that transpiles TypeScript; rollup names each source relative to its map. */
export function transpileTypeScript() {
  return {
    name: 'transpile-typescript',
    // TypeScript sources import each other as './file.js' (what the emitted code will say).
    resolveId(source, importer) {
      if (!importer?.endsWith('.ts') || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const file = resolve(dirname(importer), `${source.slice(0, -3)}.ts`);
      return existsSync(file) ? file : null;
    },
    transform(code, id) {
      if (!id.endsWith('.ts') || id.endsWith('.d.ts')) return null;
      return transpile(code, id);
    },
  };
}
