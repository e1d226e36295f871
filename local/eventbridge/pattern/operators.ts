import { compileAnythingBut } from './anything-but.ts';
import { invalid } from './errors.ts';
import { inRange, parseCidr } from './ip.ts';
import { exactTest, isObject, type LeafCondition, type LeafValue } from './leaf.ts';
import { compileNumeric } from './numeric.ts';
import { checkWildcard, wildcardExpression } from './wildcard.ts';

type Test = (value: LeafValue) => boolean;

const lower = (text: string) => text.toLowerCase();
const onStrings =
  (test: (value: string) => boolean): Test =>
  (value) =>
    typeof value === 'string' && test(value);

const single = (expression: Record<string, unknown>): void => {
  if (Object.keys(expression).length > 1) invalid('Only one key allowed in match expression');
};

/** `prefix` and `suffix`: a string, or `{"equals-ignore-case": string}`. */
const compileAffix = (kind: 'prefix' | 'suffix', operand: unknown): Test => {
  const label = kind === 'prefix' ? 'Prefix' : 'Suffix';
  const affixOf = (value: string, text: string) =>
    kind === 'prefix' ? value.startsWith(text) : value.endsWith(text);
  if (isObject(operand)) {
    const [form, text] = Object.entries(operand)[0] ?? [];
    if (form === undefined) invalid(`${label} expression name not found`);
    if (form !== 'equals-ignore-case') invalid(`Unsupported ${kind} pattern: ${form}`);
    if (typeof text !== 'string') invalid('equals-ignore-case match pattern must be a string');
    single(operand);
    return onStrings((value) => affixOf(lower(value), lower(text as string)));
  }
  if (typeof operand !== 'string') invalid(`${kind} match pattern must be a string`);
  return onStrings((value) => affixOf(value, operand as string));
};

const OPERATORS: Record<string, (operand: unknown) => LeafCondition> = {
  prefix: (operand) => ({ kind: 'test', test: compileAffix('prefix', operand) }),
  suffix: (operand) => ({ kind: 'test', test: compileAffix('suffix', operand) }),
  'equals-ignore-case': (operand) => {
    if (typeof operand !== 'string') invalid('equals-ignore-case match pattern must be a string');
    return { kind: 'test', test: onStrings((value) => lower(value) === lower(operand as string)) };
  },
  wildcard: (operand) => {
    if (typeof operand !== 'string') invalid('wildcard match pattern must be a string');
    checkWildcard(operand as string);
    const expression = wildcardExpression(operand as string);
    return { kind: 'test', test: onStrings((value) => expression.test(value)) };
  },
  numeric: (operand) => ({ kind: 'test', test: compileNumeric(operand) }),
  'anything-but': (operand) => ({ kind: 'test', test: compileAnythingBut(operand) }),
  cidr: (operand) => {
    // Event Ruler's own message for a non-string CIDR names `prefix`; kept as AWS answers it.
    if (typeof operand !== 'string') invalid('prefix match pattern must be a string');
    const range = parseCidr(operand as string);
    return { kind: 'test', test: onStrings((value) => inRange(range, value)) };
  },
  exists: (operand) => {
    if (typeof operand !== 'boolean') invalid('exists match pattern must be either true or false.');
    return { kind: 'exists', exists: operand as boolean };
  },
};

/** Operators whose check of extra keys Event Ruler reports as a numeric-expression problem. */
const TOO_MANY_ELEMENTS = new Set(['numeric', 'anything-but']);

/** Compiles one object in a pattern's value array: `{"<operator>": operand}`. */
const compileMatchExpression = (expression: Record<string, unknown>): LeafCondition => {
  const [name, operand] = Object.entries(expression)[0] ?? [];
  if (name === undefined) return invalid('Match expression name not found');
  const compile = OPERATORS[name] ?? invalid(`Unrecognized match type ${name}`);
  const condition = compile(operand);
  if (Object.keys(expression).length > 1) {
    invalid(
      TOO_MANY_ELEMENTS.has(name)
        ? 'Too many elements in numeric expression'
        : 'Only one key allowed in match expression',
    );
  }
  return condition;
};

/** Compiles one entry of a value array: an exact value or a match expression. */
const compileCondition = (entry: unknown): LeafCondition => {
  if (isObject(entry)) return compileMatchExpression(entry);
  if (Array.isArray(entry))
    return invalid('Match value must be String, number, true, false, or null');
  return { kind: 'test', test: exactTest(entry as LeafValue) };
};

/** The operator names, which a branch of `$or` may not use as field names. */
const OPERATOR_NAMES: ReadonlySet<string> = new Set(Object.keys(OPERATORS));

export { compileCondition, OPERATOR_NAMES };
