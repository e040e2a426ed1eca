// The <se-digit-input> test page: the field as an app imports it (the built entry, which loads
// the SDK's own dist/index.js), in a form whose submissions are kept for the tests
// (window.submitted) instead of leaving the page, and the workers the page starts counted
// (window.startedWorkers), so a test can see that two fields share one.
window.startedWorkers = [];
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(...args) {
    super(...args);
    window.startedWorkers.push(String(args[0]));
  }
};

window.submitted = [];
document.querySelector('form').addEventListener('submit', (event) => {
  event.preventDefault();
  window.submitted.push(Object.fromEntries(new FormData(event.target)));
});

// The kind of pointer of each stroke begun on the page (pointer events cross the fields' shadow roots).
window.pointerTypes = [];
document.addEventListener('pointerdown', (event) => window.pointerTypes.push(event.pointerType), true);

window.events = [];
for (const type of ['input', 'change']) {
  document.addEventListener(type, (event) => window.events.push(`${type}:${event.target.id}:${event.target.value}`));
}

await import('../../dist/digit-input.js');
window.digitInputReady = true;
