// A rollup plugin that only transpiles TypeScript (ts.transpileModule, file by file): type
// checking is `tsc -b`'s job, done once for every folder (tsconfig.json). Sources use
// `import type` for types (verbatimModuleSyntax), so file-by-file transpiling is exact.
// Source maps embed each TypeScript source; rollup names it relative to the map.
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
      const { outputText, sourceMapText, diagnostics } = ts.transpileModule(code, { compilerOptions, fileName: id, reportDiagnostics: true });
      for (const d of diagnostics ?? []) this.error(`${id}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      const map = JSON.parse(sourceMapText);
      map.sources = [id];
      return { code: outputText.replace(/\n\/\/# sourceMappingURL=.*$/, ''), map };
    },
  };
}
