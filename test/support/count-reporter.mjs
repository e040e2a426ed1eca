// A node:test reporter that writes one JSON object, { passed, failed, skipped }, counting
// tests (not suites): scripts/test.mjs reads it instead of parsing the spec reporter's text.
// A test file that crashes before its tests run counts as one failure.
export default async function* countReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  for await (const { type, data } of source) {
    if ((type !== 'test:pass' && type !== 'test:fail') || data.details?.type === 'suite') continue;
    if (data.skip || data.todo) counts.skipped++;
    else if (type === 'test:pass') counts.passed++;
    else counts.failed++;
  }
  yield `${JSON.stringify(counts)}\n`;
}
