// Runs one target through every measurement, in the page, and returns plain numbers.
import { PIXELS, type Target } from './target.js';

export interface RunConfig {
  latencyCalls: number;
  burstImages: number;
  batchSize: number;
  repetitions: number;
  /** Standard MNIST test digits checked for accuracy (all 10,000 unless the target is very slow). */
  accuracyImages: number;
  /** Single calls before latency is measured. Default 20. */
  warmupCalls?: number;
}

export interface RunResult {
  loadMs: number;
  latency: { p50: number; p95: number; calls: number };
  burst: { images: number; ms: number; perSecond: number; longTasks: number | null; longestTaskMs: number | null; longTaskMs: number | null };
  batched: { images: number; ms: number; perSecond: number; batchSize: number };
  accuracy: { correct: number; count: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
};

/**
 * Long tasks seen by the page between start and end (PerformanceObserver 'longtask'). Only
 * Chromium reports them: elsewhere the figures are null (not measured), never 0.
 */
function longTaskRecorder() {
  if (!PerformanceObserver.supportedEntryTypes.includes('longtask')) {
    return { stop: async () => ({ longTasks: null, longestTaskMs: null, longTaskMs: null }) };
  }
  const tasks: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask', buffered: false });
  return {
    async stop(start: number, end: number) {
      await new Promise((r) => setTimeout(r, 50)); // entries arrive after the task
      observer.disconnect();
      const inside = tasks.filter((t) => t.startTime + t.duration > start && t.startTime < end);
      return {
        longTasks: inside.length,
        longestTaskMs: Math.max(0, ...inside.map((t) => t.duration)),
        longTaskMs: inside.reduce((sum, t) => sum + t.duration, 0),
      };
    },
  };
}

/** `predictions` more single-image calls, in bursts of `burst` concurrent calls: the memory soak. */
export async function soak(target: Target, images: Float32Array, predictions: number, burst: number): Promise<void> {
  const inputs = Array.from({ length: burst }, (_, i) => images.subarray(i * PIXELS, (i + 1) * PIXELS).slice());
  for (let done = 0; done < predictions; done += burst) await target.each(inputs.slice(0, Math.min(burst, predictions - done)));
}

export async function runTarget(target: Target, images: Float32Array, labels: Uint8Array, config: RunConfig): Promise<RunResult> {
  const count = Math.min(labels.length, config.accuracyImages);
  const image = (i: number) => images.subarray((i % count) * PIXELS, ((i % count) + 1) * PIXELS);
  const started = performance.now();
  await target.load();
  await target.one(image(0));
  const loadMs = performance.now() - started;

  // Accuracy first: every implementation must give the same predictions.
  const predicted = await target.batched(images.subarray(0, count * PIXELS), count, config.batchSize);
  const correct = predicted.filter((p, i) => p === labels[i]).length;

  // Single-image latency, sequential calls, after a warm-up.
  for (let i = 0; i < (config.warmupCalls ?? 20); i++) await target.one(image(i));
  const latencies: number[] = [];
  for (let i = 0; i < config.latencyCalls; i++) {
    const t = performance.now();
    await target.one(image(i));
    latencies.push(performance.now() - t);
  }

  // Throughput: a burst of single-image calls, and the same images as batches.
  const burstInputs = Array.from({ length: config.burstImages }, (_, i) => image(i).slice());
  const packed = new Float32Array(config.burstImages * PIXELS);
  burstInputs.forEach((x, i) => packed.set(x, i * PIXELS));
  const bursts: { ms: number; tasks: Awaited<ReturnType<ReturnType<typeof longTaskRecorder>['stop']>> }[] = [];
  const batches: number[] = [];
  for (let r = 0; r < config.repetitions; r++) {
    const recorder = longTaskRecorder();
    const t0 = performance.now();
    await target.each(burstInputs);
    const t1 = performance.now();
    bursts.push({ ms: t1 - t0, tasks: await recorder.stop(t0, t1) });
    const t2 = performance.now();
    await target.batched(packed, config.burstImages, config.batchSize);
    batches.push(performance.now() - t2);
  }
  const burst = bursts.sort((a, b) => a.ms - b.ms)[bursts.length >> 1]!;
  const batchedMs = median(batches);

  return {
    loadMs,
    latency: { p50: median(latencies), p95: percentile(latencies, 0.95), calls: latencies.length },
    burst: { images: config.burstImages, ms: burst.ms, perSecond: (1000 * config.burstImages) / burst.ms, ...burst.tasks },
    batched: { images: config.burstImages, ms: batchedMs, perSecond: (1000 * config.burstImages) / batchedMs, batchSize: config.batchSize },
    accuracy: { correct, count },
  };
}
