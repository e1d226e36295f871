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

const violationsOf = (error: z.ZodError): Violation[] =>
  error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message }));

/**
 * Parses `value` with `schema`, throwing a {@link ValidationError} that names each field.
 *
 * @example parseOrThrow(accountInArrears, detail, 'Account In Arrears detail')
 */
const parseOrThrow = <S extends z.ZodType>(schema: S, value: unknown, subject: string) => {
  const result = schema.safeParse(value);
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
