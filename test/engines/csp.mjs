// The strict Content-Security-Policy the demo and test/pages/csp.html run under (scripts/serve.mjs):
// browsers report violations to the test server (report-uri), from pages, workers and threads
// alike, from the first request on (t.server.cspReports).
import assert from 'node:assert/strict';

/**
 * Asserts that `page` reported no violation since `t.server.cspReports` had `since` entries, and
 * that the check cannot pass vacuously: a real violation (an inline script) is refused and
 * reported, and it is the only report.
 */
export async function onlyInlineScriptReported(t, page, since) {
  const refused = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true';
    document.body.append(script);
    await new Promise((r) => setTimeout(r, 100));
    return window.inlineRan !== true;
  });
  assert.equal(refused, true);
  const deadline = Date.now() + 10_000;
  while (t.server.cspReports.length === since && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  const reports = t.server.cspReports.slice(since);
  assert.equal(reports.length, 1, `violations reported:\n${reports.join('\n')}`);
  assert.match(reports[0], /script-src/);
}
