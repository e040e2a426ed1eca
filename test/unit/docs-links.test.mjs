// Every relative link of the README and the guides in docs/ resolves: a file link to a file or
// folder of the repository (not a generated or ignored one: those are not there for a reader on
// GitHub), an `#anchor` to a heading of the file it names, slugged as GitHub slugs headings.
// Links to other sites are not fetched. Reads files only.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { docFiles } from '../support/doc-examples.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path) => readFileSync(join(root, path), 'utf8');

/** Folders .gitignore names plainly (`dist/`, `docs/api/`...): built or installed, not in the repository. */
const ignored = read('.gitignore').split('\n').map((line) => line.trim()).filter((line) => /^[\w./-]+\/$/.test(line));

/** The text outside fenced code blocks and inline code spans, where links are links. */
const prose = (markdown) => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: inline markup dropped, lowercased, punctuation removed, spaces to -. */
export function slug(heading) {
  const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '').replace(/<[^>]+>/g, '');
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** The anchors of a markdown file's headings; a repeated heading gets -1, -2... as on GitHub. */
export function anchors(markdown) {
  const seen = new Map();
  const result = new Set();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count ? `${base}-${count}` : base);
  }
  return result;
}

/** The link targets of a markdown text: inline links and images, reference definitions, HTML href/src. */
export function links(markdown) {
  const text = prose(markdown);
  return [
    ...[...text.matchAll(/\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]),
    ...[...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]),
    ...[...text.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]),
  ];
}

/** What is wrong with each relative link of `file` (a path from the repository root) whose text is `markdown`. */
export function brokenLinks(file, markdown) {
  const problems = [];
  for (const target of links(markdown)) {
    if (/^[a-z][a-z\d+.-]*:/i.test(target)) continue; // another site (https:, mailto:): not checked here
    const [rawPath, anchor] = target.split('#', 2);
    const path = decodeURIComponent(rawPath);
    if (path.startsWith('/')) {
      problems.push(`${target}: an absolute path; write it relative to ${file}`);
      continue;
    }
    // The file it names, from the repository root ('' for the linking file itself).
    const resolved = path ? normalize(join(dirname(file), path)).split(sep).join('/').replace(/\/$/, '') : file;
    if (!path && !anchor) problems.push(`${target}: an empty link`);
    else if (path && relative(root, join(root, resolved)).startsWith('..')) problems.push(`${target}: outside the repository`);
    else if (path && !existsSync(join(root, resolved))) problems.push(`${target}: ${resolved} does not exist`);
    else if (path && ignored.some((folder) => `${resolved}/`.startsWith(folder))) {
      problems.push(`${target}: ${resolved} is built or ignored, not in the repository`);
    } else if (anchor !== undefined) {
      if (!resolved.endsWith('.md')) problems.push(`${target}: an anchor into ${resolved}, which has no headings`);
      else if (!anchors(resolved === file ? markdown : read(resolved)).has(anchor)) {
        problems.push(`${target}: ${resolved} has no heading whose anchor is #${anchor}`);
      }
    }
  }
  return problems;
}

for (const file of docFiles()) {
  test(`every relative link and #anchor of ${file} resolves`, () => {
    assert.deepEqual(brokenLinks(file, read(file)), []);
  });
}

test('the link check reports a missing file, a missing heading, an ignored folder and an absolute path', () => {
  const page = [
    '# A page',
    '## Headers: cross-origin isolation and CSP',
    'Good: [top](#a-page), [headers](#headers-cross-origin-isolation-and-csp), [README](../README.md#quick-start),',
    '[a folder](../models/), [a site](https://example.com/#x). In code, not a link: `[x](nowhere.md)`.',
    'Broken: [gone](no-such-guide.md), [no heading](#no-such-heading), [README](../README.md#no-such-heading),',
    '[built](api/index.html), [absolute](/README.md).',
  ].join('\n');
  assert.deepEqual(brokenLinks('docs/example.md', page), [
    'no-such-guide.md: docs/no-such-guide.md does not exist',
    '#no-such-heading: docs/example.md has no heading whose anchor is #no-such-heading',
    '../README.md#no-such-heading: README.md has no heading whose anchor is #no-such-heading',
    // docs/api/ is TypeDoc's output: it may be there after npm run docs, and is still not in the repository.
    ...(existsSync(join(root, 'docs/api/index.html')) ? ['api/index.html: docs/api/index.html is built or ignored, not in the repository'] : ['api/index.html: docs/api/index.html does not exist']),
    '/README.md: an absolute path; write it relative to docs/example.md',
  ]);
});

test('anchors are slugged as GitHub slugs them', () => {
  assert.equal(slug('Headers: cross-origin isolation and CSP'), 'headers-cross-origin-isolation-and-csp');
  assert.equal(slug('Other models: clothing, and your own'), 'other-models-clothing-and-your-own');
  assert.equal(slug('`readDigits` and [the demo](demo.md)'), 'readdigits-and-the-demo');
  assert.deepEqual([...anchors('# Tests\n```sh\n# not a heading\n```\n## Tests\n')], ['tests', 'tests-1']);
});
