// The page where test/engines/cases/digit-input.mjs runs the examples of docs/digit-input.md as
// written: what they log is kept (window.logs), and a form they submit is kept
// (window.submitted) instead of leaving the page.
window.logs = [];
const log = console.log;
console.log = (...args) => {
  window.logs.push(args.map(String).join(' '));
  log.apply(console, args);
};
window.submitted = [];
document.addEventListener('submit', (event) => {
  event.preventDefault();
  window.submitted.push(Object.fromEntries(new FormData(event.target)));
});

/** Adds an HTML example to the page; its scripts run as the browser runs a page's own. */
window.addExample = (html) => {
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const old of template.content.querySelectorAll('script')) {
    const script = document.createElement('script');
    for (const { name, value } of old.attributes) script.setAttribute(name, value);
    script.textContent = old.textContent;
    old.replaceWith(script);
  }
  document.body.append(template.content);
};
