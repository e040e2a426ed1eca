// Exposes the built SDK to the tests, exactly as an app imports it, and two drawing helpers
// the engine cases share (a page function sent by a driver can use only the page's globals).
import * as seEdge from '../../dist/index.js';

/** A `width` x `height` canvas filled with `colour` (paper), and its 2D context. */
window.paper = (width, height, colour = '#fff') => {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const context = canvas.getContext('2d');
  context.fillStyle = colour;
  context.fillRect(0, 0, width, height);
  return { canvas, context };
};

/**
 * A 28x28 canvas of an MNIST digit (784 values in [0, 1]): white ink on black as MNIST has it,
 * or with `dark`, dark ink on white paper as an app would draw it.
 */
window.digitCanvas = (values, { dark = false } = {}) => {
  const pixels = new ImageData(28, 28);
  values.forEach((v, p) => {
    const shade = Math.round(255 * (dark ? 1 - v : v));
    pixels.data.set([shade, shade, shade, 255], p * 4);
  });
  const { canvas, context } = window.paper(28, 28);
  context.putImageData(pixels, 0, 0);
  return canvas;
};

window.seEdge = seEdge;
window.seEdgeReady = true;
