// The one minifier setting of every build (SDK, demo): the main-thread bundle has a size budget.
import terser from '@rollup/plugin-terser';

export const minify = terser({
  module: true,
  ecma: 2022,
  format: { comments: false },
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
});
