// The one error of a place with no Web Worker, such as a server render or Node: importing
// se-edge there is safe, but it classifies only in browsers.
import { UnsupportedError } from '../contract/errors.js';

export const noWorker = (): Error => new UnsupportedError('se-edge runs in browsers, not here (no Worker: a server render?)');
