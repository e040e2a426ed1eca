// The worker's entry point: exposes the API to the main thread over Comlink, with the
// error transfer that keeps the SDK's error classes intact.
import * as Comlink from 'comlink';
import { registerErrorTransfer } from '../src/comlink-errors.js';
import { api } from './api.js';

registerErrorTransfer();
Comlink.expose(api);
