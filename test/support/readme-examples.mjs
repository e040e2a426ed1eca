// The README's code examples, by name: each fenced code block follows a
// `<!-- example: NAME -->` line, and the tests run every one of them as written.
import { readFileSync } from 'node:fs';

const readme = () => readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** Every fenced block of the README: its language, the example name before it (if any), its code. */
export function readmeBlocks() {
  const blocks = [];
  for (const match of readme().matchAll(/(?:<!-- example: (\S+) -->\n)?```(\w*)\n([\s\S]*?)```/g)) {
    blocks.push({ name: match[1], lang: match[2], code: match[3] });
  }
  return blocks;
}

/** The code of the README example called `name`; throws when the README has no such example. */
export function readmeExample(name) {
  const block = readmeBlocks().find((b) => b.name === name);
  if (!block) throw new Error(`README.md has no example called ${name}`);
  return block.code;
}
