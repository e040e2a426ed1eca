// The worker's entry point: exposes the API to the main thread over Comlink, with the
// error transfer that keeps the SDK's error classes intact.
import * as Comlink from 'comlink';
import { registerErrorTransfer } from '../contract/error-transfer.js';
import { createWorkerApi } from './api.js';

registerErrorTransfer();
Comlink.expose(createWorkerApi(self));
