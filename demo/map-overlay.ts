// Draws one channel's map over the model's input, at the input's scale, so a person sees where
// in the picture that channel fires.
import { heatColour } from './charts.js';

/**
 * Where an H x W map lies on the input: LeNet's stages halve the resolution at each pooling
 * (stride 2, 4, ...) and its unpadded convolutions trim the edges evenly, so the map's cells
 * are squares of the largest power of two that fits, centred on the input (SE-LeNet's se1:
 * 14x14 cells of 2x2 over 28x28; se2: 5x5 cells of 4x4 over the central 20x20).
 */
export function mapPlacement(inputWidth: number, inputHeight: number, width: number, height: number) {
  const stride = 2 ** Math.floor(Math.log2(Math.min(inputWidth / width, inputHeight / height)));
  return { stride, left: (inputWidth - width * stride) / 2, top: (inputHeight - height * stride) / 2 };
}

/** The input in grey, then the map's positive values in heat colours over it, half transparent. */
export function drawMapOverlay(
  canvas: HTMLCanvasElement,
  input: Float32Array,
  inputWidth: number,
  inputHeight: number,
  map: Float32Array,
  width: number,
  height: number,
  /** The value drawn brightest: the block's largest, so a map after a small gate looks faint. */
  peak: number,
) {
  const context = canvas.getContext('2d')!;
  const scale = canvas.width / inputWidth;
  const channels = input.length / (inputWidth * inputHeight);
  for (let y = 0; y < inputHeight; y++) {
    for (let x = 0; x < inputWidth; x++) {
      // A grey picture of the input (the mean of its channels), as the model received it.
      let v = 0;
      for (let k = 0; k < channels; k++) v += input[(k * inputHeight + y) * inputWidth + x]!;
      const grey = Math.round((255 * v) / channels);
      context.fillStyle = `rgb(${grey},${grey},${grey})`;
      context.fillRect(x * scale, y * scale, scale, scale);
    }
  }
  const placement = mapPlacement(inputWidth, inputHeight, width, height);
  context.globalAlpha = 0.6;
  map.forEach((v, i) => {
    if (v <= 0) return;
    context.fillStyle = heatColour(v / Math.max(1e-6, peak));
    const [x, y] = [placement.left + (i % width) * placement.stride, placement.top + Math.floor(i / width) * placement.stride];
    context.fillRect(x * scale, y * scale, placement.stride * scale, placement.stride * scale);
  });
  context.globalAlpha = 1;
  return placement;
}
