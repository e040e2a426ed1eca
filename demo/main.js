// The demo uses the SDK exactly as an app does: only the public API of the built package.
import { createClassifier } from '../dist/index.js';

const canvas = document.querySelector('[data-testid="draw-canvas"]');
const seenCanvas = document.querySelector('canvas.seen');
const predictionOut = document.querySelector('[data-testid="prediction"]');
const probabilitiesEl = document.querySelector('[data-testid="probabilities"]');
const attentionEl = document.querySelector('[data-testid="attention"]');
const backendEl = document.querySelector('[data-testid="backend"]');
const statusEl = document.querySelector('[data-testid="status"]');

const ink = canvas.getContext('2d');
function clearCanvas() {
  ink.fillStyle = '#fff';
  ink.fillRect(0, 0, canvas.width, canvas.height);
  hasInk = false;
}
let hasInk = false;
clearCanvas();

const classifier = await createClassifier({
  onProgress: ({ phase, loaded, total, file }) => {
    statusEl.textContent = `${phase}${file ? ` ${file}` : ''}${total ? ` ${Math.round((100 * loaded) / total)}%` : ''}`;
  },
});
backendEl.textContent = `${classifier.backend} (${classifier.backendReason})`;
statusEl.textContent = `model ${classifier.model.name} ${classifier.model.version} from ${classifier.modelSource}, loaded in ${Math.round(classifier.loadMs)} ms`;

// Drawing with pointer events: mouse, pen and touch alike.
let last = null;
canvas.addEventListener('pointerdown', (event) => {
  canvas.setPointerCapture(event.pointerId);
  last = point(event);
  stroke(last, last);
});
canvas.addEventListener('pointermove', (event) => {
  if (!last) return;
  const next = point(event);
  stroke(last, next);
  last = next;
});
for (const type of ['pointerup', 'pointercancel']) canvas.addEventListener(type, () => (last = null));
document.querySelector('[data-testid="clear"]').addEventListener('click', () => {
  clearCanvas();
  predictionOut.textContent = '–';
});

function point(event) {
  const box = canvas.getBoundingClientRect();
  return [((event.clientX - box.left) * canvas.width) / box.width, ((event.clientY - box.top) * canvas.height) / box.height];
}

function stroke([x0, y0], [x1, y1]) {
  ink.strokeStyle = '#000';
  ink.lineWidth = canvas.width / 14;
  ink.lineCap = ink.lineJoin = 'round';
  ink.beginPath();
  ink.moveTo(x0, y0);
  ink.lineTo(x1, y1);
  ink.stroke();
  hasInk = true;
  schedule();
}

// Live prediction without flooding the worker: one call per animation frame at most, and
// a newer drawing aborts the call still in flight.
let frame = 0;
let inFlight = null;
function schedule() {
  if (!frame) frame = requestAnimationFrame(() => ((frame = 0), predict()));
}

async function predict() {
  if (!hasInk) return;
  inFlight?.abort();
  const controller = (inFlight = new AbortController());
  try {
    const [prediction, seen] = await Promise.all([
      classifier.classify(canvas, { signal: controller.signal }),
      classifier.preprocess(canvas),
    ]);
    if (controller.signal.aborted) return;
    show(prediction, seen);
  } catch (error) {
    if (error.name !== 'AbortError' && error.code !== 'INVALID_INPUT') statusEl.textContent = error.message;
  }
}

function show(prediction, seen) {
  predictionOut.textContent = prediction.label;
  bars(probabilitiesEl, prediction.probabilities, (i) => classifier.model.labels[i], prediction.index);
  attentionEl.replaceChildren(
    ...classifier.model.attention.map((block) => {
      const section = document.createElement('div');
      const title = document.createElement('h3');
      title.textContent = `${block.name}: ${block.channels} channels`;
      const chart = document.createElement('div');
      chart.className = 'bars';
      chart.dataset.block = block.name;
      bars(chart, prediction.attention[block.name], (i) => `channel ${i}`);
      section.append(title, chart);
      return section;
    }),
  );
  const pixels = new ImageData(28, 28);
  seen.forEach((v, i) => pixels.data.set([255 * v, 255 * v, 255 * v, 255], i * 4));
  seenCanvas.getContext('2d').putImageData(pixels, 0, 0);
  statusEl.textContent = `last inference ${prediction.timings.inferMs.toFixed(1)} ms (total ${prediction.timings.totalMs.toFixed(1)} ms)`;
}

function bars(container, values, name, top = -1) {
  container.replaceChildren(
    ...Array.from(values, (value, i) => {
      const bar = document.createElement('div');
      bar.className = i === top ? 'bar top' : 'bar';
      bar.style.height = `${(100 * value).toFixed(1)}%`;
      bar.dataset.label = name(i).replace('channel ', '');
      bar.title = `${name(i)}: ${value.toFixed(3)}`;
      return bar;
    }),
  );
}
