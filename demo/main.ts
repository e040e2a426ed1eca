// The se-edge demo. It uses the SDK as any app would: the public API of the built package.
import { createClassifier, type BackendRequest, type Classifier, type Prediction } from 'se-edge';
import { computeAtlas, renderAtlas, type Atlas } from './atlas.js';
import { renderBarChart } from './charts.js';
import { DrawingPad } from './drawing-pad.js';
import { NumberReader } from './number-reader.js';
import { loadSamples, thumbnail, type Samples } from './samples.js';

const $ = <T extends Element = HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`)!;

const ui = {
  backendSelect: $<HTMLSelectElement>('backend-select'),
  backend: $('backend'),
  modelStatus: $('model-status'),
  inferenceStatus: $('inference-status'),
  network: $('network'),
  prediction: $('prediction'),
  confidence: $('confidence'),
  seen: $<HTMLCanvasElement>('seen'),
  probabilities: $('probabilities'),
  attention: $('attention'),
  attentionReadout: $('attention-readout'),
  shown: $('shown'),
  gallery: $('gallery'),
  atlas: $('atlas'),
  atlasProgress: $<HTMLProgressElement>('atlas-progress'),
  atlasStatus: $('atlas-status'),
  atlasDetail: $('atlas-detail'),
};

let classifier: Classifier | null = null;
let atlas: Atlas | null = null;
let samples: Samples | null = null;
let lastPrediction: Prediction | null = null;

const pad = new DrawingPad($<HTMLCanvasElement>('draw-canvas'), () => schedulePrediction());
const numbers = new NumberReader(
  {
    pad: $<HTMLCanvasElement>('number-canvas'),
    boxes: $<HTMLCanvasElement>('number-boxes'),
    clear: $('number-clear'),
    reading: $('number-reading'),
    confidence: $('number-confidence'),
    status: $('number-status'),
    digits: $('number-digits'),
  },
  () => classifier,
  (prediction, what) => showPrediction(prediction, undefined, what),
);
$('clear').addEventListener('click', () => {
  pending?.abort();
  pad.clear();
  showEmpty();
});

// --- Live prediction: at most one per animation frame; a newer drawing aborts a stale call.
let frame = 0;
let pending: AbortController | null = null;

function schedulePrediction() {
  if (!frame) frame = requestAnimationFrame(() => ((frame = 0), void predict()));
}

async function predict() {
  if (!classifier || !pad.hasInk) return;
  pending?.abort();
  const controller = (pending = new AbortController());
  try {
    // Preprocess once, classify exactly what is shown as "what the model saw".
    const seen = await classifier.preprocess(pad.canvas);
    if (controller.signal.aborted) return;
    const prediction = await classifier.classify(seen, { signal: controller.signal });
    showPrediction(prediction, seen);
  } catch (error) {
    const { name, code, message } = error as { name: string; code?: string; message: string };
    if (name === 'AbortError') return;
    if (code === 'INVALID_INPUT') showEmpty(); // e.g. a blank canvas
    else ui.inferenceStatus.textContent = message;
  }
}

function showEmpty() {
  ui.prediction.textContent = '–';
  ui.confidence.textContent = '';
}

/**
 * Shows a prediction's probabilities and attention: the single-digit pad's (with the 28x28
 * image the model saw), or that of a digit picked in a number (`what` says which).
 */
function showPrediction(prediction: Prediction, seen?: Float32Array, what = 'The drawn digit') {
  if (!classifier) return;
  lastPrediction = prediction;
  const { labels, attention: blocks } = classifier.model;
  ui.shown.textContent = what;
  if (seen) {
    ui.prediction.textContent = prediction.label;
    ui.confidence.textContent = `${(100 * prediction.top[0]!.probability).toFixed(1)}%`;
  }
  renderBarChart(ui.probabilities, prediction.probabilities, {
    name: (i) => `digit ${labels[i]}`,
    label: (i) => labels[i]!,
    highlight: prediction.index,
  });
  ui.attention.replaceChildren(
    ...blocks.map((block) => {
      const section = document.createElement('div');
      const title = document.createElement('h3');
      title.textContent = `${block.name} · ${block.channels} channels · ${block.position}`;
      const chart = document.createElement('div');
      chart.className = 'chart';
      chart.dataset.testid = `attention-${block.name}`;
      chart.setAttribute('role', 'img');
      chart.setAttribute('aria-label', `${block.name} attention per channel`);
      renderBarChart(chart, prediction.attention[block.name]!, {
        name: (c) => `${block.name} channel ${c}`,
        reference: atlas?.overall[block.name],
        onHover: (text) => (ui.attentionReadout.textContent = text),
      });
      section.append(title, chart);
      return section;
    }),
  );
  if (seen) {
    const pixels = new ImageData(28, 28);
    seen.forEach((v, i) => pixels.data.set([255 * v, 255 * v, 255 * v, 255], i * 4));
    ui.seen.getContext('2d')!.putImageData(pixels, 0, 0);
  }
  ui.inferenceStatus.textContent = `last inference ${prediction.timings.inferMs.toFixed(2)} ms (round trip ${prediction.timings.totalMs.toFixed(1)} ms)`;
}

// --- Loading, and the backend switch.
async function load(backend: BackendRequest) {
  const previous = classifier;
  classifier = null;
  await previous?.dispose();
  ui.backend.textContent = 'loading…';
  ui.backendSelect.disabled = true;
  try {
    classifier = await createClassifier({
      backend,
      onProgress: ({ phase, loaded, total, file, warning }) => {
        if (warning) console.warn(warning);
        const percent = total ? ` ${Math.round((100 * loaded) / total)}%` : '';
        ui.modelStatus.textContent = `Loading: ${phase}${file ? ` (${file})` : ''}${percent}`;
      },
    });
    ui.backend.textContent = `${classifier.backend} (${classifier.backendReason})`;
    const { name, version } = classifier.model;
    ui.modelStatus.textContent =
      `${name} ${version}: model from ${classifier.modelSource}, runtime from ${classifier.runtimeSource}, ` +
      `ready in ${Math.round(classifier.loadMs)} ms`;
    if (pad.hasInk) schedulePrediction();
    if (numbers.pad.hasInk) numbers.schedule();
  } catch (error) {
    ui.backend.textContent = 'failed';
    ui.modelStatus.textContent = (error as Error).message;
  } finally {
    ui.backendSelect.disabled = false;
  }
}
ui.backendSelect.addEventListener('change', () => void load(ui.backendSelect.value as BackendRequest));

// --- Test samples: the gallery and the atlas.
function renderGallery(s: Samples) {
  const perClass = 3;
  const picks: number[] = [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0, found = 0; i < s.count && found < perClass; i++) {
      if (s.labels[i] === d) (picks.push(i), found++);
    }
  }
  ui.gallery.replaceChildren(
    ...picks.map((i) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.setAttribute('aria-label', `Test sample ${i}, a ${s.labels[i]}`);
      button.append(thumbnail(s.images[i]!));
      button.addEventListener('click', () => pad.showDigit(s.images[i]!));
      return button;
    }),
  );
}

async function buildAtlas() {
  if (!classifier || !samples) return;
  ui.atlasStatus.textContent = `Classifying ${samples.count} test digits…`;
  const started = performance.now();
  atlas = await computeAtlas(classifier, samples, (done, total) => {
    ui.atlasProgress.value = done / total;
    ui.atlasStatus.textContent = `${done} / ${total} digits`;
  });
  ui.atlasStatus.textContent = `Done: ${samples.count} digits in ${Math.round(performance.now() - started)} ms`;
  renderAtlas(ui.atlas, atlas, classifier.model.attention, classifier.model.labels, (text) => (ui.atlasDetail.textContent = text));
  if (lastPrediction && pad.hasInk) schedulePrediction(); // redraw with the test sample's means behind
}

// --- Offline: a service worker keeps the page's own files; the SDK caches model and runtime.
function showNetwork() {
  ui.network.textContent = navigator.onLine ? 'online' : 'offline: running from cache';
  ui.network.classList.toggle('offline', !navigator.onLine);
}
addEventListener('online', showNetwork);
addEventListener('offline', showNetwork);
showNetwork();

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register(new URL('./sw.js', import.meta.url), { scope: new URL('../../', import.meta.url).pathname });
    await navigator.serviceWorker.ready;
    document.documentElement.dataset.offlineReady = 'true';
  } catch (error) {
    console.warn(`Offline support unavailable: ${(error as Error).message}`);
  }
}

void registerServiceWorker();
const sampleUrl = new URL('./mnist-test-500.bin', import.meta.url);
const [, loadedSamples] = await Promise.all([load('auto'), loadSamples(sampleUrl).catch(() => null)]);
samples = loadedSamples;
if (samples) {
  renderGallery(samples);
  await buildAtlas();
} else {
  ui.atlasStatus.textContent = 'The test sample could not be loaded';
}
