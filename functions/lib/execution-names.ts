import { createHash } from 'node:crypto';

/**
 * Step Functions allows up to 80 characters in an execution name, and CloudWatch logging only
 * works for names of letters, digits, `-` and `_`.
 */
const SAFE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Hex digits of SHA-256 kept in a derived name: 128 bits, so two ids never share one. */
const HASH_LENGTH = 32;

/**
 * A handover's execution name: the handover id itself when Step Functions takes it as it is,
 * else a readable prefix of the id and a hash of all of it. Truncating alone would give ids that share
 * their first 80 characters one execution, and the second handover none.
 *
 * @example executionName('case-cus-1-9f2c-h1') // 'case-cus-1-9f2c-h1'
 * @example executionName(`case-${'x'.repeat(120)}-h1`) // 'case-xxx…x-<32 hex digits>', 80 long
 */
const executionName = (handoverId: string): string => {
  if (SAFE_NAME.test(handoverId)) return handoverId;
  const hash = createHash('sha256').update(handoverId).digest('hex').slice(0, HASH_LENGTH);
  const prefix = handoverId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80 - HASH_LENGTH - 1);
  return `${prefix}-${hash}`;
};

/** The ARN of a handover's execution, from the state machine's ARN and the execution name. */
const executionArn = (stateMachineArn: string, handoverId: string): string =>
  `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName(handoverId)}`;

export { executionArn, executionName };
