// The SDK's error classes, shared by the main thread and the worker (one definition, no
// copies, in the contract folder that both import). Each has a stable `name` and `code`; `serializeError` / `deserializeError`
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
  | 'TIMEOUT'
  | 'INVALID_OPTION'
  | 'UNSUPPORTED';

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

/** What every subclass is: an SeEdgeError whose `name` and `code` are literal types. */
export type SeEdgeErrorOf<N extends string, C extends ErrorCode> = SeEdgeError & { readonly name: N; readonly code: C };

type ErrorClass<N extends string, C extends ErrorCode> = new (message?: string, options?: { cause?: unknown }) => SeEdgeErrorOf<N, C>;

/** The subclasses by name, for deserializeError. */
const errorClasses: Record<string, ErrorClass<string, ErrorCode>> = {};

/**
 * One subclass per code. A factory, not nine hand-written classes: the main bundle has a
 * size budget. Each class's instances carry their literal `name` and `code` in their type,
 * so TypeScript tells the classes apart: `instanceof TimeoutError` narrows to TimeoutError,
 * and an InputError is not assignable to a TimeoutError.
 */
function errorClass<N extends string, C extends ErrorCode>(name: N, code: C, defaultMessage: string = name): ErrorClass<N, C> {
  return (errorClasses[name] = class extends SeEdgeError {
    declare readonly code: C;
    constructor(message = defaultMessage, options?: { cause?: unknown }) {
      super(code, message, options);
    }
    override get name(): N {
      return name;
    }
  });
}

/** The input is not something the model can classify (wrong shape, NaN, empty image...). */
export const InputError = errorClass('InputError', 'INVALID_INPUT');
export type InputError = InstanceType<typeof InputError>;
/** The call's AbortSignal fired before its result was delivered. */
export const AbortError = errorClass('AbortError', 'ABORTED', 'The operation was aborted');
export type AbortError = InstanceType<typeof AbortError>;
/** The classifier was disposed before or while the call ran. */
export const DisposedError = errorClass('DisposedError', 'DISPOSED', 'The classifier has been disposed; create a new one');
export type DisposedError = InstanceType<typeof DisposedError>;
/** The model or runtime could not be loaded (network, HTTP status, a manifest the SDK cannot serve...). */
export const ModelLoadError = errorClass('ModelLoadError', 'MODEL_LOAD');
export type ModelLoadError = InstanceType<typeof ModelLoadError>;
/** Downloaded or cached bytes do not have the SHA-256 the manifest pins. */
export const IntegrityError = errorClass('IntegrityError', 'INTEGRITY');
export type IntegrityError = InstanceType<typeof IntegrityError>;
/** No execution backend could run the model. */
export const BackendError = errorClass('BackendError', 'BACKEND');
export type BackendError = InstanceType<typeof BackendError>;
/** The worker failed: it could not start, crashed, or answered with something unexpected. */
export const WorkerError = errorClass('WorkerError', 'WORKER');
export type WorkerError = InstanceType<typeof WorkerError>;
/** A call's `timeoutMs` passed before its result came. */
export const TimeoutError = errorClass('TimeoutError', 'TIMEOUT');
export type TimeoutError = InstanceType<typeof TimeoutError>;
/** An option passed to the SDK is invalid. */
export const OptionError = errorClass('OptionError', 'INVALID_OPTION');
export type OptionError = InstanceType<typeof OptionError>;
/** The loaded model cannot do what was asked (e.g. readDigits with a model that reads no handwritten symbols). */
export const UnsupportedError = errorClass('UnsupportedError', 'UNSUPPORTED');
export type UnsupportedError = InstanceType<typeof UnsupportedError>;

/**
 * An error as plain data, for postMessage. The worker's stack stays behind: the app's own
 * stack, where it awaited the call, is the one that helps it.
 */
export interface SerializedError {
  name: string;
  code?: ErrorCode;
  message: string;
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, code: (error as Partial<SeEdgeError>).code, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds the SDK's own classes; anything else becomes a WorkerError that keeps its text. */
export function deserializeError({ name, code, message }: SerializedError): Error {
  const Known = errorClasses[name];
  return Known ? new Known(message) : code ? new SeEdgeError(code, message) : new WorkerError(`${name}: ${message}`);
}
