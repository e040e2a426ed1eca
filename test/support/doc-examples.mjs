// The code examples of the README and of the guides in docs/, by name: each fenced code block
// follows a `<!-- example: NAME -->` line, a name is used once across all those files, and the
// tests run every one of them as written, wherever it lives.
import { readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);

/** The documentation files, relative to the repository root: README.md first, then docs/*.md (not docs/api/, TypeDoc's output). */
export function docFiles() {
  const guides = readdirSync(new URL('docs/', root), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => `docs/${entry.name}`)
    .sort();
  return ['README.md', ...guides];
}

/** Every fenced block of `files` (default: all of docFiles()), in order: its file, language, the example name before it (if any), its code. */
export function docBlocks(files = docFiles()) {
  const blocks = [];
  for (const file of files) {
    const text = readFileSync(new URL(file, root), 'utf8');
    for (const match of text.matchAll(/(?:<!-- example: (\S+) -->\n)?```(\w*)\n([\s\S]*?)```/g)) {
      blocks.push({ file, name: match[1], lang: match[2], code: match[3] });
    }
  }
  return blocks;
}

/** The example called `name`, as { file, lang, code }; throws when no file, or more than one, has it. */
export function docExample(name) {
  const found = docBlocks().filter((b) => b.name === name);
  if (found.length === 0) throw new Error(`no example called ${name} in ${docFiles().join(', ')}`);
  if (found.length > 1) throw new Error(`the example ${name} is in more than one place: ${found.map((b) => b.file).join(', ')}`);
  return found[0];
}
