// Comlink's built-in "throw" handler turns errors into plain Error objects, so the SDK's
// classes would be lost on the way back from the worker. Both sides register this one
// instead: errors travel as { name, code, message } and are rebuilt as their own class.
import * as Comlink from 'comlink';
import { deserializeError, serializeError, type SerializedError } from './errors.js';

// Comlink wraps a thrown value as { value, [throwMarker]: 0 }; the marker symbol is not
// exported, so it is recognised by its description.
const isThrown = (value: unknown): value is { value: unknown } =>
  typeof value === 'object' &&
  value !== null &&
  Object.getOwnPropertySymbols(value).some((symbol) => symbol.description === 'Comlink.thrown');

const throwHandler: Comlink.TransferHandler<{ value: unknown }, SerializedError> = {
  canHandle: isThrown,
  serialize: ({ value }) => [serializeError(value), []],
  deserialize: (data) => {
    throw deserializeError(data);
  },
};

export function registerErrorTransfer(): void {
  Comlink.transferHandlers.set('throw', throwHandler as Comlink.TransferHandler<unknown, unknown>);
}
