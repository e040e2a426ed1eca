/** A caught value in one line for a message: `Name: message` for errors, the text otherwise. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
