import { invalid } from './errors.ts';
import type { LeafValue } from './leaf.ts';
import { checkComparable, isComparable } from './numbers.ts';
import { tokenText } from './tokens.ts';

interface Bound {
  value: number;
  open: boolean;
}

const operand = (operator: string, value: unknown, name = operator): number => {
  if (typeof value !== 'number') invalid(`Value of ${name} must be numeric`);
  return checkComparable(value as number);
};

const rangeTest =
  (bottom?: Bound, top?: Bound) =>
  (value: LeafValue): boolean => {
    if (!isComparable(value)) return false;
    if (bottom && (bottom.open ? value <= bottom.value : value < bottom.value)) return false;
    if (top && (top.open ? value >= top.value : value > top.value)) return false;
    return true;
  };

/**
 * Compiles `{"numeric": [...]}`: `=`, `<`, `<=`, `>`, `>=`, or a range `>`/`>=` then `<`/`<=`.
 * Only JSON numbers in an event match; a numeric string never does.
 *
 * Differs from AWS: event values compare as doubles; Event Ruler compares them at six decimal
 * places, so values that differ only past the sixth decimal can match there and not here.
 */
const compileNumeric = (terms: unknown): ((value: LeafValue) => boolean) => {
  if (!Array.isArray(terms)) return invalid('Value of numeric must be an array.');
  const [operator, first, next, second, ...rest] = terms as unknown[];
  if (typeof operator !== 'string')
    invalid(`Invalid member in numeric match: ${tokenText(operator)}`);
  switch (operator) {
    case '=': {
      const value = operand('=', first, 'equals');
      if (terms.length > 2) invalid('Too many elements in numeric expression');
      return rangeTest({ value, open: false }, { value, open: false });
    }
    case '<':
    case '<=': {
      const value = operand(operator, first);
      if (terms.length > 2) invalid('Too many elements in numeric expression');
      return rangeTest(undefined, { value, open: operator === '<' });
    }
    case '>':
    case '>=': {
      const bottom = { value: operand(operator, first), open: operator === '>' };
      if (terms.length === 2) return rangeTest(bottom);
      if (typeof next !== 'string') invalid(`Bad value in numeric range: ${tokenText(next)}`);
      if (next !== '<' && next !== '<=') invalid(`Bad numeric range operator: ${next}`);
      const top = { value: operand(next as string, second), open: next === '<' };
      if (rest.length > 0) invalid('Too many terms in numeric range expression');
      if (bottom.value >= top.value) invalid('Bottom must be less than top');
      return rangeTest(bottom, top);
    }
    default:
      return invalid(`Unrecognized numeric range operator: ${operator}`);
  }
};

export { compileNumeric };
