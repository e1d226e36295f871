import { AwsError, validationError } from '../errors.ts';
import { compilePattern, InvalidEventPatternError } from '../pattern/index.ts';

/** The fields `TestEventPattern` insists on (AWS's documentation also lists `resources`, AWS does not). */
const REQUIRED_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'];

/**
 * `TestEventPattern`: `{Result}` for a pattern and an event, both JSON text. An invalid pattern
 * answers `InvalidEventPatternException`; an event that is not JSON or lacks an envelope field
 * answers `ValidationException: Parameter Event is not valid.`, as AWS does.
 */
const testEventPattern = (input: { EventPattern?: unknown; Event?: unknown }) => {
  for (const [name, value] of [
    ['eventPattern', input.EventPattern],
    ['event', input.Event],
  ]) {
    if (typeof value !== 'string') {
      throw validationError(
        `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
      );
    }
  }
  let matches: (event: unknown) => boolean;
  try {
    matches = compilePattern(input.EventPattern);
  } catch (error) {
    if (error instanceof InvalidEventPatternError) {
      throw new AwsError('InvalidEventPatternException', error.message);
    }
    throw error;
  }
  let event: unknown;
  try {
    event = JSON.parse(String(input.Event));
  } catch {
    throw validationError('Parameter Event is not valid.');
  }
  const envelope = typeof event === 'object' && event !== null ? event : {};
  if (!REQUIRED_FIELDS.every((field) => Object.hasOwn(envelope, field))) {
    throw validationError('Parameter Event is not valid.');
  }
  return { Result: matches(event) };
};

export { testEventPattern };
