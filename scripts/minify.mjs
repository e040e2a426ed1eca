// The minifier settings of the builds (SDK, demo): the main-thread bundle has a size budget.
import terser from '@rollup/plugin-terser';

const options = {
  module: true,
  ecma: 2022,
  format: { comments: false },
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
};

export const minify = terser(options);

/**
 * The worker's setting: the same, but the comments that tell bundlers to leave a dynamic
 * import alone survive (`import(/* webpackIgnore: true *\/ url)`: without it, webpack turns
 * the worker's import of the runtime into a module lookup of its own, which fails).
 */
export const minifyKeepingBundlerHints = terser({ ...options, format: { comments: /webpackIgnore|@vite-ignore/ } });
