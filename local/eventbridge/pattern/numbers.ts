import { invalid } from './errors.ts';

/** Event Ruler compares numbers in this range, to six decimal places. */
const NUMERIC_LIMIT = 5_000_000_000;
const MAX_DECIMALS = 6;

const decimalPlaces = (n: number): number => {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(n)));
  if (!match) return 0;
  return Math.max(0, (match[2]?.length ?? 0) - Number(match[3] ?? 0));
};

/**
 * Checks an operand of `numeric` or `anything-but` the way Event Ruler does before it turns it
 * into a comparable number, with its messages.
 */
const checkComparable = (n: number): number => {
  if (decimalPlaces(n) > MAX_DECIMALS) invalid('Only values upto 6 decimals are supported');
  if (n < -NUMERIC_LIMIT || n > NUMERIC_LIMIT) {
    invalid(`Value must be between ${-NUMERIC_LIMIT} and ${NUMERIC_LIMIT}, inclusive`);
  }
  return n;
};

/** Whether an event value can take part in numeric matching at all. */
const isComparable = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= NUMERIC_LIMIT;

export { checkComparable, isComparable };
