// A time limit for a step of a test or a benchmark: a page that hangs must not hang the run.
// The timer is cleared once the step settles, so a finished run exits at once rather than
// waiting out the limits of every step it took.

/** `promise`, or a rejection naming `what` after `ms`. */
export function withinTime(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
