// The se-edge demo. It uses the SDK as any app would: the public API of the built package.
// Two models: the bundled digit model (draw a digit, write a number) and the Fashion-MNIST
// model the package ships beside it, loaded by its manifest URL (pick a test image, or drop
// a picture of a garment).
import { createClassifier, type BackendRequest, type Classifier, type Prediction } from 'se-edge';
import 'se-edge/digit-input';
import { computeAtlas, renderAtlas, type Atlas } from './atlas.js';
import { BackendSpeeds } from './backend-speeds.js';
import { renderBarChart } from './charts.js';
import { DrawingPad } from './drawing-pad.js';
import { InspectView } from './inspect-view.js';
import { NumberReader } from './number-reader.js';
import { loadSamples, thumbnail, type Samples } from './samples.js';

const $ = <T extends Element = HTMLElement>(testid: string) => document.querySelector<T>(`[data-testid="${testid}"]`)!;

const ui = {
  modelSelect: $<HTMLSelectElement>('model-select'),
  backendSelect: $<HTMLSelectElement>('backend-select'),
  backend: $('backend'),
  modelStatus: $('model-status'),
  inferenceStatus: $('inference-status'),
  backendSpeeds: $('backend-speeds'),
  network: $('network'),
  prediction: $('prediction'),
  confidence: $('confidence'),
  seen: $<HTMLCanvasElement>('seen'),
  seenCaption: $('seen-caption'),
  inputTitle: $('input-title'),
  drawInput: $('draw-input'),
  pictureInput: $('picture-input'),
  picture: $<HTMLCanvasElement>('picture'),
  pictureFile: $<HTMLInputElement>('picture-file'),
  numberPanel: $('number-panel'),
  galleryHint: $('gallery-hint'),
  atlasSample: $('atlas-sample'),
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

const inspector = new InspectView(
  {
    subject: $('inspect-subject'),
    prediction: $('inspect-prediction'),
    status: $('inspect-status'),
    reset: $<HTMLButtonElement>('inspect-reset'),
    blocks: $('inspect-blocks'),
    effects: $('inspect-effects'),
    overlay: $<HTMLCanvasElement>('inspect-overlay'),
    overlayChannel: $<HTMLSelectElement>('overlay-channel'),
    overlayStage: $<HTMLSelectElement>('overlay-stage'),
    overlayCaption: $('overlay-caption'),
  },
  () => classifier,
  (label) => (model.draws ? `digit ${label}` : label),
);

/** What differs between the demo's two models. */
interface DemoModel {
  /** The manifest's URL; undefined for the bundled model. */
  manifest?: string;
  /** The test sample (built by demo/rollup.config.mjs). */
  samples: URL;
  /** One input, in words, and the sample's source. */
  noun: string;
  source: string;
  /** Digits are drawn; clothing is picked from the test images or dropped as a picture. */
  draws: boolean;
  /** A label short enough to sit under its bar. */
  short: (label: string) => string;
}

const MODELS: Record<string, DemoModel> = {
  digits: { samples: new URL('./mnist-test-500.bin', import.meta.url), noun: 'digit', source: 'MNIST', draws: true, short: (label) => label },
  clothing: {
    manifest: new URL('../models/se-lenet-fashion.manifest.json', import.meta.url).href,
    samples: new URL('./fashion-test-500.bin', import.meta.url),
    noun: 'image',
    source: 'Fashion-MNIST',
    draws: false,
    short: (label) => ({ 'T-shirt/top': 'Top', 'Ankle boot': 'Boot' })[label] ?? label,
  },
};

let model: DemoModel = MODELS.digits!;
let classifier: Classifier | null = null;
let atlas: Atlas | null = null;
let samples: Samples | null = null;
let lastPrediction: Prediction | null = null;
/** Counts model switches: work started for an earlier model is dropped. */
let generation = 0;

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
  (digit, what, picked) => {
    showPrediction(digit.prediction, undefined, what);
    if (picked) void inspectDigitOfNumber(digit.box, what);
  },
);

/** Inspects a digit of the number: its box cut out of the pad, preprocessed as a drawn digit. */
async function inspectDigitOfNumber(box: { x: number; y: number; width: number; height: number }, what: string) {
  if (!classifier) return;
  try {
    const cut = await createImageBitmap(numbers.pad.canvas, box.x, box.y, box.width, box.height);
    await inspector.show(await classifier.preprocess(cut), `${what} (its box, preprocessed)`);
  } catch (error) {
    ui.inferenceStatus.textContent = (error as Error).message;
  }
}
$('clear').addEventListener('click', () => {
  pending?.abort();
  pad.clear();
  clearPicture();
  showEmpty();
  inspector.clear();
});

// --- Live prediction: at most one per animation frame; a newer drawing aborts a stale call.
let frame = 0;
let pending: AbortController | null = null;

function schedulePrediction() {
  if (!frame) frame = requestAnimationFrame(() => ((frame = 0), void predict()));
}

/** What the single-digit pad holds, in words: a drawing, or a test sample put there from the gallery. */
let padSubject = 'The drawn digit';
pad.canvas.addEventListener('pointerdown', () => (padSubject = 'The drawn digit'));

async function predict() {
  if (!classifier || !pad.hasInk || !model.draws) return;
  await classifyPicture(pad.canvas, padSubject);
}

/**
 * Preprocesses a picture once and classifies exactly what is shown as "what the model saw"
 * (the input values themselves when `picture` already is the model's input).
 */
async function classifyPicture(picture: HTMLCanvasElement | Blob | Float32Array, what: string) {
  if (!classifier) return;
  pending?.abort();
  const controller = (pending = new AbortController());
  try {
    const seen = picture instanceof Float32Array ? picture : await classifier.preprocess(picture);
    if (controller.signal.aborted) return;
    const prediction = await classifier.classify(seen, { signal: controller.signal });
    showPrediction(prediction, seen, what);
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
    name: (i) => (model.draws ? `digit ${labels[i]}` : labels[i]!),
    label: (i) => model.short(labels[i]!),
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
    ui.seen.getContext('2d')!.putImageData(greyImage(seen, 28, 28), 0, 0);
    void inspector.show(seen, what);
  }
  ui.inferenceStatus.textContent = `last inference ${prediction.timings.inferMs.toFixed(2)} ms (round trip ${prediction.timings.totalMs.toFixed(1)} ms)`;
}

/** Model input values in [0, 1], one channel, as a grey picture (white is 1). */
function greyImage(values: Float32Array, width: number, height: number): ImageData {
  const pixels = new ImageData(width, height);
  values.forEach((v, i) => pixels.data.set([255 * v, 255 * v, 255 * v, 255], i * 4));
  return pixels;
}

// --- Clothing: a test image picked in the gallery, or a picture dropped or chosen.
function clearPicture() {
  const context = ui.picture.getContext('2d')!;
  context.fillStyle = '#fff';
  context.fillRect(0, 0, ui.picture.width, ui.picture.height);
}

/** Shows a picture file on the picture canvas (fitted, aspect kept) and classifies it. */
async function showPictureFile(file: Blob) {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(ui.picture.width / bitmap.width, ui.picture.height / bitmap.height);
    const [w, h] = [bitmap.width * scale, bitmap.height * scale];
    clearPicture();
    ui.picture.getContext('2d')!.drawImage(bitmap, (ui.picture.width - w) / 2, (ui.picture.height - h) / 2, w, h);
    bitmap.close();
  } catch {
    ui.inferenceStatus.textContent = 'That file is not a picture this browser can read';
    return;
  }
  await classifyPicture(file, 'The picture you gave');
}

/** Shows a test image as the model sees it, scaled up, and classifies its values. */
function showTestImage(values: Float32Array, what: string) {
  const small = new OffscreenCanvas(28, 28);
  small.getContext('2d')!.putImageData(greyImage(values, 28, 28), 0, 0);
  const context = ui.picture.getContext('2d')!;
  context.imageSmoothingEnabled = false;
  context.drawImage(small, 0, 0, ui.picture.width, ui.picture.height);
  void classifyPicture(values, what);
}

ui.pictureFile.addEventListener('change', () => {
  const file = ui.pictureFile.files?.[0];
  if (file) void showPictureFile(file);
});
ui.picture.addEventListener('dragover', (event) => event.preventDefault());
ui.picture.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (!file) return;
  ui.pictureFile.value = ''; // the chooser no longer names what is shown
  void showPictureFile(file);
});

// --- Loading, the model switch and the backend switch.
const speeds = new BackendSpeeds(ui.backendSpeeds);
async function load(backend: BackendRequest) {
  const previous = classifier;
  classifier = null;
  await previous?.dispose();
  ui.backend.textContent = 'loading…';
  ui.backendSelect.disabled = ui.modelSelect.disabled = true;
  try {
    classifier = await createClassifier({
      ...(model.manifest && { model: model.manifest }),
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
    if (model.draws && pad.hasInk) schedulePrediction();
    if (model.draws && numbers.pad.hasInk) numbers.schedule();
    const timed = classifier;
    speeds.show(timed.model.name);
    void speeds.measure(timed, () => classifier === timed).catch(() => undefined); // a switch may dispose it mid-way
  } catch (error) {
    ui.backend.textContent = 'failed';
    ui.modelStatus.textContent = (error as Error).message;
  } finally {
    ui.backendSelect.disabled = ui.modelSelect.disabled = false;
  }
}
ui.backendSelect.addEventListener('change', () => void load(ui.backendSelect.value as BackendRequest));

/** Switches to another model: its classifier, its panels, its test sample, gallery and atlas. */
async function switchModel(key: string) {
  const mine = ++generation;
  model = MODELS[key]!;
  pending?.abort();
  atlas = samples = lastPrediction = null;
  showEmpty();
  inspector.clear();
  ui.probabilities.replaceChildren();
  ui.attention.replaceChildren();
  ui.gallery.replaceChildren();
  ui.atlas.replaceChildren();
  ui.atlasDetail.textContent = '';
  ui.atlasProgress.value = 0;
  ui.atlasStatus.textContent = 'Waiting for the model…';
  ui.inputTitle.textContent = model.draws ? 'Draw' : 'Picture';
  ui.drawInput.hidden = ui.numberPanel.hidden = !model.draws;
  ui.pictureInput.hidden = model.draws;
  ui.shown.textContent = model.draws ? 'The drawn digit' : 'The picture';
  ui.galleryHint.textContent = `${model.draws ? 'Digits' : 'Images'} of the standard ${model.source} test set, which the model never saw in training. ` +
    (model.draws ? 'Pick one instead of drawing.' : 'Pick one, or drop a picture of a garment on the canvas above.');
  ui.atlasSample.textContent = `500 bundled ${model.source} test ${model.noun}s`;
  clearPicture();
  const [, loaded] = await Promise.all([load(ui.backendSelect.value as BackendRequest), loadSamples(model.samples).catch(() => null)]);
  if (mine !== generation) return;
  samples = loaded;
  if (!samples) {
    ui.atlasStatus.textContent = 'The test sample could not be loaded';
    return;
  }
  renderGallery(samples);
  await buildAtlas(mine).catch((error: Error) => {
    if (mine === generation) ui.atlasStatus.textContent = error.message;
  });
}
ui.modelSelect.addEventListener('change', () => void switchModel(ui.modelSelect.value));

// --- Test samples: the gallery and the atlas.
function renderGallery(s: Samples) {
  const perClass = 3;
  const picks: number[] = [];
  const names = classifier?.model.labels ?? [];
  for (let d = 0; d < 10; d++) {
    for (let i = 0, found = 0; i < s.count && found < perClass; i++) {
      if (s.labels[i] === d) (picks.push(i), found++);
    }
  }
  ui.gallery.replaceChildren(
    ...picks.map((i) => {
      const button = document.createElement('button');
      const name = names[s.labels[i]!] ?? String(s.labels[i]);
      button.type = 'button';
      button.setAttribute('aria-label', `Test sample ${i}, a ${name}`);
      button.append(thumbnail(s.images[i]!));
      button.addEventListener('click', () => {
        if (!model.draws) return showTestImage(s.images[i]!, `Test image ${i}, a ${name}`);
        padSubject = `Test sample ${i}, a ${name}`;
        pad.showDigit(s.images[i]!);
      });
      return button;
    }),
  );
}

async function buildAtlas(mine: number) {
  if (!classifier || !samples) return;
  const noun = `${model.noun}s`;
  ui.atlasStatus.textContent = `Classifying ${samples.count} test ${noun}…`;
  const started = performance.now();
  const computed = await computeAtlas(classifier, samples, (done, total) => {
    if (mine !== generation) return;
    ui.atlasProgress.value = done / total;
    ui.atlasStatus.textContent = `${done} / ${total} ${noun}`;
  });
  if (mine !== generation || !classifier) return;
  atlas = computed;
  ui.atlasStatus.textContent = `Done: ${samples.count} ${noun} in ${Math.round(performance.now() - started)} ms`;
  renderAtlas(ui.atlas, atlas, classifier.model.attention, classifier.model.labels, (text) => (ui.atlasDetail.textContent = text));
  if (lastPrediction) showPrediction(lastPrediction, undefined, ui.shown.textContent ?? ''); // redrawn with the sample's means behind
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
await switchModel(ui.modelSelect.value);

// --- The form: two <se-digit-input> fields, sent as a form sends inputs (shown here, not sent anywhere).
$<HTMLFormElement>('order-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const sent = new FormData(event.target as HTMLFormElement);
  $('order-sent').textContent = `Sent: ${[...sent].map(([name, value]) => `${name} ${String(value)}`).join(', ')}`;
});
$<HTMLFormElement>('order-form').addEventListener('reset', () => ($('order-sent').textContent = ''));
