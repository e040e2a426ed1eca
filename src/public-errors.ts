// The error classes apps see: one list for the browser entry (index.ts) and the server's (server.ts).
export {
  AbortError,
  BackendError,
  DisposedError,
  InputError,
  IntegrityError,
  ModelLoadError,
  OptionError,
  SeEdgeError,
  TimeoutError,
  UnsupportedError,
  WorkerError,
  type ErrorCode,
} from '../contract/errors.js';
