import { parseIp } from './ip.ts';

/** A value at the end of a path in an event: what patterns compare against. */
type LeafValue = string | number | boolean | null;

/** One entry of a pattern's value array, compiled. */
type LeafCondition =
  | { kind: 'test'; test: (value: LeafValue) => boolean }
  | { kind: 'exists'; exists: boolean };

const isLeaf = (value: unknown): value is LeafValue =>
  value === null || ['string', 'number', 'boolean'].includes(typeof value);

/**
 * The leaf values at one field of an event: the value itself, or, for an array, every
 * primitive in it at any depth (Event Ruler flattens arrays). An object has no leaf values of
 * its own, and neither has an empty array nor a missing field.
 */
const leafValues = (value: unknown): LeafValue[] => {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.flat(Number.POSITIVE_INFINITY).filter(isLeaf);
  return isLeaf(value) ? [value] : [];
};

/** The leaf values found at a path from the root, through any arrays on the way. */
const leafValuesAt = (root: unknown, path: readonly string[]): LeafValue[] => {
  let current: unknown[] = [root];
  for (const key of path) {
    current = current
      .flatMap((value) => (Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY) : [value]))
      .filter(
        (value): value is Record<string, unknown> => isObject(value) && Object.hasOwn(value, key),
      )
      .map((value) => value[key]);
  }
  return current.flatMap(leafValues);
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An exact value. Numbers compare by value (Event Ruler matches `300` and `300.0` through its
 * numeric form); strings that are IP addresses compare as addresses, as in Event Ruler.
 */
const exactTest = (expected: LeafValue): ((value: LeafValue) => boolean) => {
  if (typeof expected !== 'string') return (value) => value === expected;
  const ip = parseIp(expected);
  if (!ip) return (value) => value === expected;
  return (value) => {
    if (typeof value !== 'string') return false;
    if (value === expected) return true;
    const other = parseIp(value);
    return other !== undefined && other.family === ip.family && other.value === ip.value;
  };
};

export { exactTest, isObject, type LeafCondition, type LeafValue, leafValues, leafValuesAt };
