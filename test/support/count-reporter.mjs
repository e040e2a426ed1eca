// A node:test reporter that writes one JSON object, { passed, failed, skipped, todo }, counting
// tests (not suites): scripts/test.mjs reads it instead of parsing the spec reporter's text.
// A test file that crashes before its tests run counts as one failure.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  for await (const { type, data } of source) {
    if ((type !== 'test:pass' && type !== 'test:fail') || data.details?.type === 'suite') continue;
    if (data.todo) counts.todo++; // a known gap, reported as such in the totals
    else if (data.skip) counts.skipped++;
    else if (type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield `${JSON.stringify(counts)}\n`;
}
