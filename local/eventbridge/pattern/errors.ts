/**
 * EventBridge's answer to a pattern it cannot compile. The `name` is the exception type AWS puts
 * on the wire (`InvalidEventPatternException`), the message has AWS's prefix and the reason its
 * rule compiler (Event Ruler) gives.
 *
 * Differs from AWS: AWS appends the JSON parser's location to the reason
 * (`at [Source: (String)"..."; line: 1, column: 12]`); the local reason stops before it.
 */
class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternException';
  readonly reason: string;
  constructor(reason: string) {
    super(`Event pattern is not valid. Reason: ${reason}`);
    this.reason = reason;
  }
}

/**
 * Throws the error for an invalid pattern. A function declaration, not an arrow: TypeScript only
 * narrows after calls to `never` functions declared this way.
 */
function invalid(reason: string): never {
  throw new InvalidEventPatternError(reason);
}

export { InvalidEventPatternError, invalid };
