import type { CompiledField, CompiledPattern } from './compile.ts';
import { isObject, leafValues, leafValuesAt } from './leaf.ts';

/**
 * Matches a leaf field. `exists: false` looks at the whole event (Event Ruler checks that the
 * field appears nowhere, in any element of an array on the way); every other condition looks at
 * the values in the element being matched, so that fields matched together come from the same
 * array element, as Event Ruler's array-consistent matching requires.
 */
const matchLeaf = (
  field: Extract<CompiledField, { kind: 'leaf' }>,
  value: unknown,
  path: readonly string[],
  root: unknown,
): boolean => {
  const values = leafValues(value);
  return field.conditions.some((condition) => {
    if (condition.kind === 'exists') {
      return condition.exists ? values.length > 0 : leafValuesAt(root, path).length === 0;
    }
    return values.some(condition.test);
  });
};

const matchObject = (
  pattern: CompiledPattern,
  context: unknown,
  path: readonly string[],
  root: unknown,
): boolean => {
  if (Array.isArray(context)) {
    const elements = context.flat(Number.POSITIVE_INFINITY).filter(isObject);
    if (elements.length > 0) {
      return elements.some((element) => matchObject(pattern, element, path, root));
    }
    return matchObject(pattern, undefined, path, root);
  }
  const object = isObject(context) ? context : undefined;
  for (const [name, field] of pattern.fields) {
    const value = object && Object.hasOwn(object, name) ? object[name] : undefined;
    const fieldPath = [...path, name];
    const matched =
      field.kind === 'leaf'
        ? matchLeaf(field, value, fieldPath, root)
        : matchObject(field.pattern, value, fieldPath, root);
    if (!matched) return false;
  }
  return pattern.or.every((branches) =>
    branches.some((branch) => matchObject(branch, context, path, root)),
  );
};

/** Whether a compiled pattern matches a parsed event. */
const matchCompiled = (pattern: CompiledPattern, event: unknown): boolean =>
  matchObject(pattern, event, [], event);

export { matchCompiled };
