// Records the page's uncaught errors and unhandled rejections, the same way in every engine:
// an engine case fails when window.pageErrors is not empty at its end (test/engines/harness.mjs).
// A classic script, first in the page, so that it sees what happens while the page loads.
window.pageErrors = [];
addEventListener('error', (event) => window.pageErrors.push(String(event.error ?? event.message)));
addEventListener('unhandledrejection', (event) => window.pageErrors.push(`unhandled rejection: ${event.reason}`));
