import { type CompiledPattern, compile } from './compile.ts';
import { InvalidEventPatternError } from './errors.ts';
import { matchCompiled } from './match.ts';

/**
 * Checks an EventBridge event pattern (JSON text or parsed) and throws an
 * `InvalidEventPatternException` (an {@link InvalidEventPatternError}) with AWS's message if it
 * is not valid.
 *
 * @example validatePattern({ source: [{ prefix: 'billing' }] });
 */
const validatePattern = (pattern: unknown): void => {
  compile(pattern);
};

/**
 * Compiles a pattern once into a predicate over parsed events, for matching many events.
 *
 * @example const isBilling = compilePattern('{"source":["billing"]}'); isBilling(event);
 */
const compilePattern = (pattern: unknown): ((event: unknown) => boolean) => {
  const compiled: CompiledPattern = compile(pattern);
  return (event) => matchCompiled(compiled, event);
};

/**
 * Whether an event (parsed JSON) matches a pattern (JSON text or parsed), with every operator
 * EventBridge documents. Throws like {@link validatePattern} if the pattern is not valid.
 */
const matchesPattern = (pattern: unknown, event: unknown): boolean =>
  compilePattern(pattern)(event);

export { compilePattern, InvalidEventPatternError, matchesPattern, validatePattern };
