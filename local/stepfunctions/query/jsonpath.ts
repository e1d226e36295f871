import { isDeepStrictEqual } from 'node:util';
import { isObject, type Json, type Variables } from '../types.ts';
import {
  type Filter,
  type JsonPath,
  JsonPathSyntaxError,
  type Operand,
  parseJsonPath,
  parseJsonPathAt,
  type Segment,
} from './jsonpath-parser.ts';

/**
 * JSONPath as Step Functions reads it (Jayway's dialect). A definite path (no wildcard, union,
 * slice, filter or descent) gives one value or nothing; any other gives the array of what it
 * matched.
 */

interface PathScope {
  input: Json;
  context?: Json;
  variables?: Variables;
}

const descendants = (node: Json, into: Json[]) => {
  into.push(node);
  if (Array.isArray(node)) for (const child of node) descendants(child, into);
  else if (isObject(node)) for (const child of Object.values(node)) descendants(child, into);
};

const applySegment = (nodes: Json[], segment: Segment, scope: PathScope): Json[] => {
  const out: Json[] = [];
  for (const node of nodes) {
    switch (segment.kind) {
      case 'names':
        if (isObject(node)) {
          for (const name of segment.names)
            if (Object.hasOwn(node, name)) out.push(node[name] as Json);
        }
        break;
      case 'indices':
        if (Array.isArray(node)) {
          for (const index of segment.indices) {
            const at = index < 0 ? node.length + index : index;
            if (at >= 0 && at < node.length) out.push(node[at] as Json);
          }
        }
        break;
      case 'wildcard':
        if (Array.isArray(node)) out.push(...node);
        else if (isObject(node)) out.push(...Object.values(node));
        break;
      case 'slice':
        if (Array.isArray(node)) out.push(...slice(node, segment));
        break;
      case 'filter':
        if (Array.isArray(node)) {
          for (const item of node) if (test(segment.expr, item, scope)) out.push(item);
        } else if (isObject(node) && test(segment.expr, node, scope)) out.push(node);
        break;
      case 'descend': {
        const all: Json[] = [];
        descendants(node, all);
        out.push(...applySegment(all, segment.segment, scope));
        break;
      }
    }
  }
  return out;
};

const slice = (
  array: Json[],
  { start, end, step }: { start?: number; end?: number; step?: number },
) => {
  const length = array.length;
  const by = step ?? 1;
  if (by <= 0) return [];
  const from = start === undefined ? 0 : start < 0 ? Math.max(0, length + start) : start;
  const to = end === undefined ? length : end < 0 ? length + end : Math.min(end, length);
  const out: Json[] = [];
  for (let i = from; i < to; i += by) out.push(array[i] as Json);
  return out;
};

const operandValue = (operand: Operand, current: Json, scope: PathScope): Json[] => {
  switch (operand.kind) {
    case 'literal':
      return [operand.value];
    case 'regex':
      return [];
    case 'current':
      return operand.segments.reduce<Json[]>(
        (nodes, segment) => applySegment(nodes, segment, scope),
        [current],
      );
    case 'path': {
      const result = evaluateJsonPath(operand.path, scope);
      return result.found ? [result.value] : [];
    }
  }
};

const compare = (op: string, left: Json, right: Json): boolean => {
  if (op === '==') return isDeepStrictEqual(left, right);
  if (op === '!=') return !isDeepStrictEqual(left, right);
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const [a, b] = [left as number | string, right as number | string];
  if (op === '<') return a < b;
  if (op === '<=') return a <= b;
  if (op === '>') return a > b;
  return a >= b;
};

const test = (filter: Filter, current: Json, scope: PathScope): boolean => {
  switch (filter.kind) {
    case 'or':
      return test(filter.left, current, scope) || test(filter.right, current, scope);
    case 'and':
      return test(filter.left, current, scope) && test(filter.right, current, scope);
    case 'not':
      return !test(filter.expr, current, scope);
    case 'exists':
      return operandValue(filter.operand, current, scope).length > 0;
    case 'compare': {
      const [left] = operandValue(filter.left, current, scope);
      if (left === undefined) return false;
      if (filter.op === '=~') {
        return filter.right.kind === 'regex' && typeof left === 'string'
          ? filter.right.regex.test(left)
          : false;
      }
      const [right] = operandValue(filter.right, current, scope);
      return right === undefined ? false : compare(filter.op, left, right);
    }
  }
};

type PathResult = { found: true; value: Json } | { found: false };

/** Evaluates a path: a definite path finds one value or nothing; others find an array. */
const evaluateJsonPath = (path: JsonPath | string, scope: PathScope): PathResult => {
  const parsed = typeof path === 'string' ? parseJsonPath(path) : path;
  let root: Json | undefined;
  if (parsed.root.kind === 'input') root = scope.input;
  else if (parsed.root.kind === 'context') root = scope.context;
  else root = scope.variables?.[parsed.root.name];
  if (root === undefined) return { found: false };
  const nodes = parsed.segments.reduce<Json[]>(
    (current, segment) => applySegment(current, segment, scope),
    [root],
  );
  if (!parsed.definite) return { found: true, value: nodes };
  return nodes.length === 0 ? { found: false } : { found: true, value: nodes[0] as Json };
};

/** A reference path (ResultPath): `$` followed only by single names and indices. */
const isReferencePath = (path: JsonPath) => path.root.kind === 'input' && path.definite;

/**
 * Returns a copy of `target` with `value` placed at the reference path, creating the objects on
 * the way; undefined when the path runs into something that is not an object or an array.
 */
const setAtReferencePath = (target: Json, path: JsonPath, value: Json): Json | undefined => {
  if (path.segments.length === 0) return value;
  const copy = structuredClone(target);
  let cursor: Json = copy;
  for (let i = 0; i < path.segments.length; i += 1) {
    const segment = path.segments[i] as Segment;
    const last = i === path.segments.length - 1;
    if (segment.kind === 'names' && isObject(cursor)) {
      const name = segment.names[0] as string;
      if (last) {
        cursor[name] = value;
        return copy;
      }
      const next: Json | undefined = cursor[name];
      if (next === undefined) cursor[name] = {};
      else if (!isObject(next) && !Array.isArray(next)) return undefined;
      cursor = cursor[name] as Json;
    } else if (segment.kind === 'indices' && Array.isArray(cursor)) {
      const raw = segment.indices[0] as number;
      const index = raw < 0 ? cursor.length + raw : raw;
      if (index < 0 || index >= cursor.length) return undefined;
      if (last) {
        cursor[index] = value;
        return copy;
      }
      cursor = cursor[index] as Json;
    } else {
      return undefined;
    }
  }
  return copy;
};

export type { JsonPath, PathResult, PathScope };
export {
  evaluateJsonPath,
  isReferencePath,
  JsonPathSyntaxError,
  parseJsonPath,
  parseJsonPathAt,
  setAtReferencePath,
};
