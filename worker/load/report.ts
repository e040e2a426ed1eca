// What a load tells as it goes, collected in one place: how long each step took, what
// degraded without failing (warnings), and progress for the page. The steps of the load
// pipeline share one report instead of threading laps and callbacks by hand; steps that run
// at the same time each time themselves, so the timings stay true when they overlap.
import type { LoadProgress, LoadTimings } from '../../contract/types.js';

/** A step of the load whose duration the report keeps (every LoadTimings field but the two it derives). */
export type TimedStep = Exclude<keyof LoadTimings, 'workerStart' | 'files'>;

/** The steps that get a file's bytes: `files` is the span from the first to start to the last to end. */
const FILE_STEPS: readonly TimedStep[] = ['modelRead', 'modelHash', 'modelDownload', 'runtimeRead', 'runtimeHash', 'runtimeDownload'];

export class LoadReport {
  readonly warnings: string[] = [];
  /** When the load request arrived, on the worker's clock (which starts at its creation). */
  readonly started = performance.now();
  readonly #timings = {} as Record<TimedStep, number>;
  #filesFrom = Infinity;
  #filesTo = -Infinity;
  readonly #progress: (event: LoadProgress) => void;

  constructor(progress: (event: LoadProgress) => void) {
    this.#progress = progress;
  }

  progress(event: LoadProgress): void {
    this.#progress(event);
  }

  /** Something degraded without failing: kept for `warnings`, and told to the page now. */
  warn(warning: string): void {
    this.warnings.push(warning);
    this.#progress({ phase: 'cache', loaded: 0, total: 0, warning });
  }

  /** Runs one step and adds its duration to the step's timing (a file hashed twice counts both). */
  async time<T>(step: TimedStep, work: () => T | Promise<T>): Promise<T> {
    const from = performance.now();
    try {
      return await work();
    } finally {
      this.add(step, from, performance.now());
    }
  }

  /** Adds a step's span measured by the caller (a step that ends inside other work). */
  add(step: TimedStep, from: number, to: number): void {
    this.#timings[step] = (this.#timings[step] ?? 0) + to - from;
    if (FILE_STEPS.includes(step)) {
      this.#filesFrom = Math.min(this.#filesFrom, from);
      this.#filesTo = Math.max(this.#filesTo, to);
    }
  }

  /** The load's timings so far: steps that did not happen are 0. */
  timings(): LoadTimings {
    const timings = { workerStart: this.started, files: Math.max(0, this.#filesTo - this.#filesFrom) } as LoadTimings;
    for (const step of ['cacheOpen', 'manifest', 'backend', ...FILE_STEPS, 'session', 'firstRun'] as const) {
      timings[step] = this.#timings[step] ?? 0;
    }
    return timings;
  }
}
