// Exposes the built SDK to Playwright tests, exactly as an app imports it.
import * as seEdge from '../../dist/index.js';

window.seEdge = seEdge;
window.seEdgeReady = true;
