// The model bundled with the SDK: its manifest is inside the worker (see rollup.config.mjs),
// and its .onnx files (the model, and its inspection graph, fetched only by inspect) are each
// named in a literal `new URL(..., import.meta.url)`, the pattern bundlers follow to copy a file.
import { manifest } from 'virtual:bundled-model';

export const bundledModel = {
  manifest,
  onnx: () => new URL('./models/se-lenet-mnist.onnx', import.meta.url),
  inspection: () => new URL('./models/se-lenet-mnist.inspect.onnx', import.meta.url),
};
