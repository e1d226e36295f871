import { isDeepStrictEqual } from 'node:util';
import { StatesError } from '../errors.ts';
import { evaluateJsonPath, type PathScope } from '../query/jsonpath.ts';
import { isObject, type Json } from '../types.ts';
import { parseTimestamp } from './wait.ts';

/**
 * JSONPath Choice rules: `And`, `Or`, `Not` and every comparison operator, each with its `...Path`
 * form. A value of the wrong type makes a comparison false; a Variable (or a `...Path` operand)
 * that is not in the input is an error, except for `IsPresent`.
 */

type Rule = Record<string, unknown>;

const COMPARISONS = [
  'StringEquals',
  'StringLessThan',
  'StringGreaterThan',
  'StringLessThanEquals',
  'StringGreaterThanEquals',
  'StringMatches',
  'NumericEquals',
  'NumericLessThan',
  'NumericGreaterThan',
  'NumericLessThanEquals',
  'NumericGreaterThanEquals',
  'BooleanEquals',
  'TimestampEquals',
  'TimestampLessThan',
  'TimestampGreaterThan',
  'TimestampLessThanEquals',
  'TimestampGreaterThanEquals',
] as const;

const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];

const OPERATORS = new Set<string>([
  ...COMPARISONS,
  ...COMPARISONS.filter((op) => op !== 'StringMatches').map((op) => `${op}Path`),
  ...TYPE_TESTS,
]);

const invalidPath = (path: string) =>
  new StatesError(
    'States.Runtime',
    `Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );

/** `*` matches any run of characters; `\*` a star and `\\` a backslash. */
const wildcardMatches = (value: string, pattern: string): boolean => {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      source += `\\${pattern[i + 1]}`;
      i += 1;
    } else if (char === '*') source += '[\\s\\S]*';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`).test(value);
};

const ordered = (op: string, a: number | string, b: number | string): boolean => {
  if (op.endsWith('LessThanEquals')) return a <= b;
  if (op.endsWith('GreaterThanEquals')) return a >= b;
  if (op.endsWith('LessThan')) return a < b;
  if (op.endsWith('GreaterThan')) return a > b;
  return a === b;
};

const compare = (op: string, value: Json, expected: Json): boolean => {
  if (op === 'StringMatches') {
    return (
      typeof value === 'string' && typeof expected === 'string' && wildcardMatches(value, expected)
    );
  }
  if (op.startsWith('String')) {
    return (
      typeof value === 'string' && typeof expected === 'string' && ordered(op, value, expected)
    );
  }
  if (op.startsWith('Numeric')) {
    return (
      typeof value === 'number' && typeof expected === 'number' && ordered(op, value, expected)
    );
  }
  if (op === 'BooleanEquals') {
    return typeof value === 'boolean' && isDeepStrictEqual(value, expected);
  }
  const left = parseTimestamp(value);
  const right = parseTimestamp(expected);
  return left !== undefined && right !== undefined && ordered(op, left, right);
};

const typeTest = (op: string, value: Json): boolean => {
  switch (op) {
    case 'IsNull':
      return value === null;
    case 'IsNumeric':
      return typeof value === 'number';
    case 'IsString':
      return typeof value === 'string';
    case 'IsBoolean':
      return typeof value === 'boolean';
    default:
      return parseTimestamp(value) !== undefined;
  }
};

const operatorOf = (rule: Rule): string | undefined =>
  Object.keys(rule).find((key) => OPERATORS.has(key));

/** Whether the rule holds for the input (with `$$` and variables in the scope). */
const ruleMatches = (rule: Rule, scope: PathScope): boolean => {
  if (Array.isArray(rule.And)) return (rule.And as Rule[]).every((r) => ruleMatches(r, scope));
  if (Array.isArray(rule.Or)) return (rule.Or as Rule[]).some((r) => ruleMatches(r, scope));
  if (isObject(rule.Not as Json)) return !ruleMatches(rule.Not as Rule, scope);
  const op = operatorOf(rule);
  const variable = rule.Variable as string;
  if (!op) return false;
  const found = evaluateJsonPath(variable, scope);
  if (op === 'IsPresent') return found.found === rule.IsPresent;
  if (!found.found) throw invalidPath(variable);
  if (TYPE_TESTS.includes(op)) return typeTest(op, found.value) === rule[op];
  let expected = rule[op] as Json;
  let base = op;
  if (op.endsWith('Path')) {
    base = op.slice(0, -4);
    const other = evaluateJsonPath(expected as string, scope);
    if (!other.found) throw invalidPath(expected as string);
    expected = other.value;
  }
  return compare(base, found.value, expected);
};

export { OPERATORS, ruleMatches, wildcardMatches };
