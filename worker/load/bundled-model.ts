// The model bundled with the SDK: its manifest is inside the worker (see rollup.config.mjs),
// and its .onnx is named in a literal `new URL(..., import.meta.url)`, the pattern bundlers
// follow to copy the file.
import { manifest } from 'virtual:bundled-model';

export const bundledModel = {
  manifest,
  onnx: () => new URL('./models/se-lenet-mnist.onnx', import.meta.url),
};
