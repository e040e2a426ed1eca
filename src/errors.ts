// The SDK's error classes, shared by the main thread and the worker (one definition, no
// copies). Each has a stable `name` and `code`; `serializeError` / `deserializeError`
// carry them across the worker boundary so that `instanceof` works in the app.

/** Machine-readable error codes. Stable across versions; match on these, not on messages. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'ABORTED'
  | 'DISPOSED'
  | 'MODEL_LOAD'
  | 'INTEGRITY'
  | 'BACKEND'
  | 'WORKER'
  | 'INVALID_OPTION';

/** Base class of every error the SDK throws or rejects with. */
export class SeEdgeError extends Error {
  /** Stable machine-readable code. */
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
  override get name(): string {
    return 'SeEdgeError';
  }
}

/** The input is not something the model can classify (wrong shape, NaN, empty image...). */
export class InputError extends SeEdgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_INPUT', message, options);
  }
  override get name() {
    return 'InputError';
  }
}

/** The call's AbortSignal fired before its result was delivered. */
export class AbortError extends SeEdgeError {
  constructor(message = 'The operation was aborted', options?: { cause?: unknown }) {
    super('ABORTED', message, options);
  }
  override get name() {
    return 'AbortError';
  }
}

/** The classifier was disposed before or while the call ran. */
export class DisposedError extends SeEdgeError {
  constructor(message = 'The classifier has been disposed', options?: { cause?: unknown }) {
    super('DISPOSED', message, options);
  }
  override get name() {
    return 'DisposedError';
  }
}

/** The model or runtime could not be loaded (network, HTTP status, bad manifest...). */
export class ModelLoadError extends SeEdgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MODEL_LOAD', message, options);
  }
  override get name() {
    return 'ModelLoadError';
  }
}

/** Downloaded or cached bytes do not have the SHA-256 the manifest pins. */
export class IntegrityError extends SeEdgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INTEGRITY', message, options);
  }
  override get name() {
    return 'IntegrityError';
  }
}

/** No execution backend could run the model. */
export class BackendError extends SeEdgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND', message, options);
  }
  override get name() {
    return 'BackendError';
  }
}

/** The worker failed: it could not start, crashed, or answered with something unexpected. */
export class WorkerError extends SeEdgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('WORKER', message, options);
  }
  override get name() {
    return 'WorkerError';
  }
}

/** An option passed to the SDK is invalid. */
export class OptionError extends SeEdgeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_OPTION', message, options);
  }
  override get name() {
    return 'OptionError';
  }
}

const errorClasses = {
  SeEdgeError,
  InputError,
  AbortError,
  DisposedError,
  ModelLoadError,
  IntegrityError,
  BackendError,
  WorkerError,
  OptionError,
} as const;

/** An error as plain data, for postMessage. */
export interface SerializedError {
  name: string;
  code?: ErrorCode;
  message: string;
  stack?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof SeEdgeError) {
    return { name: error.name, code: error.code, message: error.message, stack: error.stack };
  }
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the SDK's own classes; anything else becomes a WorkerError that keeps its text. */
export function deserializeError(data: SerializedError): Error {
  const Known = errorClasses[data.name as keyof typeof errorClasses];
  let error: Error;
  if (Known && Known !== SeEdgeError) {
    error = new (Known as new (message: string) => SeEdgeError)(data.message);
  } else if (data.code) {
    error = new SeEdgeError(data.code, data.message);
  } else {
    error = new WorkerError(`${data.name}: ${data.message}`);
  }
  if (data.stack) error.stack = data.stack;
  return error;
}
