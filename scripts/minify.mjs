// The one minifier setting of every build (SDK, demo): the main-thread bundle has a size budget.
import terser from '@rollup/plugin-terser';

export const minify = terser({
  module: true,
  ecma: 2022,
  // Only the bundler hints on the runtime's own dynamic import of a URL (its wasm factory, when
  // served apart): without them, webpack, Rspack and Turbopack warn about it in the app's build.
  format: { comments: /webpackIgnore|@vite-ignore/ },
  compress: { passes: 3, unsafe_arrows: true, pure_getters: true },
});
