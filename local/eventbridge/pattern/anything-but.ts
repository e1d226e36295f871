import { invalid } from './errors.ts';
import { isObject, type LeafValue } from './leaf.ts';
import { checkComparable } from './numbers.ts';
import { checkWildcard, wildcardExpression } from './wildcard.ts';

type Exclusion = (value: string) => boolean;

const lower = (text: string) => text.toLowerCase();

/** How each nested form of `anything-but` excludes one string operand. */
const NESTED: Record<string, (operand: string) => Exclusion> = {
  prefix: (operand) => (value) => value.startsWith(operand),
  suffix: (operand) => (value) => value.endsWith(operand),
  'equals-ignore-case': (operand) => (value) => lower(value) === lower(operand),
  wildcard: (operand) => {
    checkWildcard(operand);
    const expression = wildcardExpression(operand);
    return (value) => expression.test(value);
  },
};

const nonStringMessage = (form: string): string => {
  if (form === 'equals-ignore-case') {
    return 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.';
  }
  if (form === 'wildcard') return 'wildcard match pattern must be a string';
  return 'prefix/suffix match pattern must be a string';
};

/** `{"anything-but": {"prefix" | "suffix" | "equals-ignore-case" | "wildcard": x | [x, ...]}}` */
const compileNested = (expression: Record<string, unknown>): ((value: LeafValue) => boolean) => {
  const entries = Object.entries(expression);
  const [form, operands] = entries[0] ?? [];
  if (form === undefined) return invalid('Anything-But expression name not found');
  const exclusionOf = NESTED[form] ?? invalid(`Unsupported anything-but pattern: ${form}`);
  if (!Array.isArray(operands) && typeof operands !== 'string' && typeof operands !== 'number') {
    invalid('Value of anything-but must be an array or single string/number value.');
  }
  const exclusions = (Array.isArray(operands) ? operands : [operands]).map((operand) => {
    if (typeof operand !== 'string') return invalid(nonStringMessage(form));
    if ((form === 'prefix' || form === 'suffix') && operand === '') {
      invalid('Null prefix/suffix not allowed');
    }
    return exclusionOf(operand);
  });
  if (entries.length > 1) {
    invalid('Too many elements in numeric expression');
  }
  // Non-string values are never excluded by a string form: they match, as in Event Ruler.
  return (value) => typeof value !== 'string' || !exclusions.some((excludes) => excludes(value));
};

/** `{"anything-but": "x" | 5 | ["x", "y"] | [1, 2]}` */
const compileValues = (operands: unknown): ((value: LeafValue) => boolean) => {
  const list = Array.isArray(operands) ? operands : [operands];
  for (const operand of list) {
    if (typeof operand === 'number') checkComparable(operand);
    else if (typeof operand !== 'string') {
      invalid('Inside anything but list, start|null|boolean is not supported.');
    }
  }
  const strings = list.filter((operand) => typeof operand === 'string');
  const numbers = list.filter((operand) => typeof operand === 'number');
  if (Array.isArray(operands) && strings.length > 0 === numbers.length > 0) {
    invalid(
      'Inside anything but list, either all values are number or string, mixed type is not supported',
    );
  }
  const excluded = new Set<LeafValue>(list as LeafValue[]);
  return (value) => !excluded.has(value);
};

/**
 * Compiles `anything-but`. It matches any leaf value, `null` included, that is not excluded; a
 * missing field has no value and never matches.
 */
const compileAnythingBut = (operands: unknown): ((value: LeafValue) => boolean) => {
  if (isObject(operands)) return compileNested(operands);
  if (!Array.isArray(operands) && typeof operands !== 'string' && typeof operands !== 'number') {
    invalid('Value of anything-but must be an array or single string/number value.');
  }
  return compileValues(operands);
};

export { compileAnythingBut };
