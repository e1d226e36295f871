import type { z } from 'zod';
import { type InboundEvent, inboundEventSchemas, isInboundEventType } from './inbound-events.ts';

/** One broken rule: the field's path and what it must be. */
interface Violation {
  path: string;
  message: string;
}

/** Input that does not match its schema; the message names each field and the rule it broke. */
class ValidationError extends Error {
  override readonly name = 'ValidationError';
  readonly code = 'INVALID_INPUT';
  readonly violations: Violation[];

  constructor(subject: string, violations: Violation[]) {
    super(`${subject} is invalid: ${violations.map((v) => `${v.path}: ${v.message}`).join('; ')}`);
    this.violations = violations;
  }
}

const pathOf = (path: readonly PropertyKey[]): string =>
  path.length === 0 ? '(root)' : path.map(String).join('.');

const KINDS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
};

type Issue = Parameters<Extract<z.core.$ZodErrorMap, (...args: never[]) => unknown>>[0];

/**
 * What a field must be, in words, for the rules zod words in its own terms; a schema's own
 * message, where it gives one, is kept.
 */
const inWords = (issue: Issue): string | undefined => {
  const i = issue as Issue & Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? 'is required'
        : `must be ${KINDS[String(i.expected)] ?? String(i.expected)}`;
    case 'invalid_value':
      return `must be one of ${(i.values as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `has no field ${(i.keys as string[]).map((k) => `"${k}"`).join(', ')}`;
    case 'too_small':
    case 'too_big': {
      const bound = Number(issue.code === 'too_small' ? i.minimum : i.maximum);
      const least = issue.code === 'too_small' ? 'at least' : 'at most';
      const counted = i.origin === 'string' ? 'character' : i.origin === 'array' ? 'item' : '';
      if (!counted) return `must be ${least} ${bound}`;
      if (bound === 1 && issue.code === 'too_small') return 'must not be empty';
      return `must have ${least} ${bound} ${counted}${bound === 1 ? '' : 's'}`;
    }
    default:
      return undefined;
  }
};

const violationsOf = (error: z.ZodError): Violation[] =>
  error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));

/**
 * Parses `value` with `schema`, throwing a {@link ValidationError} that names each field.
 *
 * @example parseOrThrow(accountInArrears, detail, 'Account In Arrears detail')
 */
const parseOrThrow = <S extends z.ZodType>(schema: S, value: unknown, subject: string) => {
  const result = schema.safeParse(value, { error: inWords });
  if (!result.success) throw new ValidationError(subject, violationsOf(result.error));
  return result.data as z.infer<S>;
};

/**
 * Parses the detail of an inbound event by its detail-type.
 *
 * @example parseInboundEvent('Payment Received', detail)
 */
const parseInboundEvent = (detailType: string, detail: unknown): InboundEvent => {
  if (!isInboundEventType(detailType)) {
    throw new ValidationError('event', [
      { path: 'detail-type', message: `"${detailType}" is not an event Baton consumes` },
    ]);
  }
  const parsed = parseOrThrow(inboundEventSchemas[detailType], detail, `${detailType} detail`);
  return { detailType, detail: parsed } as InboundEvent;
};

export type { Violation };
export { parseInboundEvent, parseOrThrow, ValidationError, violationsOf };
