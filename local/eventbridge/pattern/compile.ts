import { invalid } from './errors.ts';
import { isObject, type LeafCondition } from './leaf.ts';
import { compileCondition, OPERATOR_NAMES } from './operators.ts';

/** A field of a pattern: a value array at a leaf, or a nested pattern object. */
type CompiledField =
  | { kind: 'leaf'; conditions: LeafCondition[] }
  | { kind: 'object'; pattern: CompiledPattern };

/** A pattern object, compiled: every field must match, and one branch of each `$or`. */
interface CompiledPattern {
  fields: Map<string, CompiledField>;
  or: CompiledPattern[][];
}

const OR = '$or';

const compileLeaf = (values: unknown[]): CompiledField => {
  if (values.length === 0) invalid('Empty arrays are not allowed');
  return { kind: 'leaf', conditions: values.map(compileCondition) };
};

const compileOr = (branches: unknown): CompiledPattern[] => {
  if (!Array.isArray(branches)) return invalid(`It must be an Array followed with ${OR}.`);
  const compiled = branches.map((branch) => {
    if (!isObject(branch)) {
      return invalid(`Only JSON object is allowed in array of ${OR} relationship.`);
    }
    return compileObject(branch, true);
  });
  if (compiled.length < 2) invalid(`There must have at least 2 Objects in ${OR} relationship.`);
  return compiled;
};

/** Compiles a pattern object; `inOr` is true inside a branch of `$or`, where operators are reserved. */
const compileObject = (pattern: Record<string, unknown>, inOr: boolean): CompiledPattern => {
  const compiled: CompiledPattern = { fields: new Map(), or: [] };
  const entries = Object.entries(pattern);
  if (entries.length === 0) invalid('Empty objects are not allowed');
  for (const [name, value] of entries) {
    if (name === OR) {
      compiled.or.push(compileOr(value));
      continue;
    }
    if (inOr && OPERATOR_NAMES.has(name)) {
      invalid(`${name} is Ruler reserved fieldName which cannot be used inside ${OR}.`);
    }
    if (isObject(value)) {
      compiled.fields.set(name, { kind: 'object', pattern: compileObject(value, inOr) });
    } else if (Array.isArray(value)) {
      compiled.fields.set(name, compileLeaf(value));
    } else {
      invalid(`"${name}" must be an object or an array`);
    }
  }
  return compiled;
};

/** Parses a pattern given as JSON text; a parsed pattern is taken as it is. */
const parsePattern = (pattern: unknown): unknown => {
  if (typeof pattern !== 'string') return pattern;
  try {
    return JSON.parse(pattern);
  } catch (error) {
    // Differs from AWS: the reason is Node's JSON parser message, not Jackson's.
    return invalid((error as Error).message);
  }
};

/** Compiles a pattern (JSON text or parsed), throwing `InvalidEventPatternException` if invalid. */
const compile = (pattern: unknown): CompiledPattern => {
  const parsed = parsePattern(pattern);
  if (!isObject(parsed)) invalid('Filter is not an object');
  return compileObject(parsed as Record<string, unknown>, false);
};

export { type CompiledField, type CompiledPattern, compile };
