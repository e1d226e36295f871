import { isDeepStrictEqual } from 'node:util';
import { isObject, type Json, type Variables } from '../types.ts';

/**
 * JSONPath as Step Functions reads it (Jayway's dialect): `$` the state's input, `$$` the context
 * object, `$name` a workflow variable; `.name`, `['name']`, `[0]`, `[-1]`, `[*]`, `.*`, unions
 * `[0,2]` / `['a','b']`, slices `[1:3]`, recursive descent `..name` and filters `[?(@.x > 1)]`.
 * A definite path (no wildcard, union, slice, filter or descent) gives one value; any other gives
 * the array of what it matched.
 */

type Root = { kind: 'input' } | { kind: 'context' } | { kind: 'variable'; name: string };

type Segment =
  | { kind: 'names'; names: string[] }
  | { kind: 'indices'; indices: number[] }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; expr: Filter }
  | { kind: 'descend'; segment: Segment };

type Operand =
  | { kind: 'current'; segments: Segment[] }
  | { kind: 'path'; path: JsonPath }
  | { kind: 'literal'; value: Json }
  | { kind: 'regex'; regex: RegExp };

type Filter =
  | { kind: 'or' | 'and'; left: Filter; right: Filter }
  | { kind: 'not'; expr: Filter }
  | { kind: 'exists'; operand: Operand }
  | { kind: 'compare'; op: string; left: Operand; right: Operand };

interface JsonPath {
  source: string;
  root: Root;
  segments: Segment[];
  definite: boolean;
}

/** Where a path is evaluated: the state's input, the context object and the visible variables. */
interface PathScope {
  input: Json;
  context?: Json;
  variables?: Variables;
}

class JsonPathSyntaxError extends Error {
  override readonly name = 'JsonPathSyntaxError';
}

const NAME_STOP = new Set(['.', '[', ' ', ')', '=', '!', '<', '>', '&', '|', ',']);

class Parser {
  pos: number;
  private readonly text: string;
  constructor(text: string, pos = 0) {
    this.text = text;
    this.pos = pos;
  }

  fail(what: string): never {
    throw new JsonPathSyntaxError(`Invalid JSONPath '${this.text}': ${what} at ${this.pos}`);
  }

  peek(offset = 0) {
    return this.text[this.pos + offset];
  }

  done() {
    return this.pos >= this.text.length;
  }

  skipSpaces() {
    while (this.peek() === ' ') this.pos += 1;
  }

  expect(char: string) {
    if (this.peek() !== char) this.fail(`expected '${char}'`);
    this.pos += 1;
  }

  path(stopAtName = false): JsonPath {
    const start = this.pos;
    this.expect('$');
    let root: Root = { kind: 'input' };
    if (this.peek() === '$') {
      this.pos += 1;
      root = { kind: 'context' };
    } else {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos))?.[0];
      if (name) {
        this.pos += name.length;
        root = { kind: 'variable', name };
      }
    }
    const segments = this.segments(stopAtName);
    const source = this.text.slice(start, this.pos);
    return { source, root, segments, definite: segments.every(isDefinite) };
  }

  segments(inFilter: boolean): Segment[] {
    const segments: Segment[] = [];
    for (;;) {
      const char = this.peek();
      if (char === '.' && this.peek(1) === '.') {
        this.pos += 2;
        segments.push({ kind: 'descend', segment: this.afterDot(inFilter) });
      } else if (char === '.') {
        this.pos += 1;
        segments.push(this.afterDot(inFilter));
      } else if (char === '[') {
        segments.push(this.bracket());
      } else {
        return segments;
      }
    }
  }

  afterDot(inFilter: boolean): Segment {
    if (this.peek() === '*') {
      this.pos += 1;
      return { kind: 'wildcard' };
    }
    if (this.peek() === '[') return this.bracket();
    return { kind: 'names', names: [this.name(inFilter)] };
  }

  name(inFilter: boolean): string {
    const start = this.pos;
    while (!this.done()) {
      const char = this.peek() as string;
      if (char === '.' || char === '[') break;
      if (inFilter && NAME_STOP.has(char)) break;
      this.pos += 1;
    }
    if (this.pos === start) this.fail('expected a name');
    return this.text.slice(start, this.pos);
  }

  quoted(): string {
    const quote = this.peek() as string;
    this.pos += 1;
    let value = '';
    while (!this.done() && this.peek() !== quote) {
      if (this.peek() === '\\') this.pos += 1;
      value += this.peek() ?? '';
      this.pos += 1;
    }
    this.expect(quote);
    return value;
  }

  integer(): number | undefined {
    const match = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!match) return undefined;
    this.pos += match[0].length;
    return Number(match[0]);
  }

  bracket(): Segment {
    this.expect('[');
    this.skipSpaces();
    let segment: Segment;
    if (this.peek() === '*') {
      this.pos += 1;
      segment = { kind: 'wildcard' };
    } else if (this.peek() === "'" || this.peek() === '"') {
      const names = [this.quoted()];
      this.skipSpaces();
      while (this.peek() === ',') {
        this.pos += 1;
        this.skipSpaces();
        names.push(this.quoted());
        this.skipSpaces();
      }
      segment = { kind: 'names', names };
    } else if (this.peek() === '?') {
      this.pos += 1;
      this.skipSpaces();
      this.expect('(');
      const expr = this.or();
      this.skipSpaces();
      this.expect(')');
      segment = { kind: 'filter', expr };
    } else {
      segment = this.indexOrSlice();
    }
    this.skipSpaces();
    this.expect(']');
    return segment;
  }

  indexOrSlice(): Segment {
    const first = this.integer();
    this.skipSpaces();
    if (this.peek() === ':') {
      const parts: (number | undefined)[] = [first];
      while (this.peek() === ':') {
        this.pos += 1;
        this.skipSpaces();
        parts.push(this.integer());
        this.skipSpaces();
      }
      if (parts.length > 3) this.fail('too many slice parts');
      return { kind: 'slice', start: parts[0], end: parts[1], step: parts[2] };
    }
    if (first === undefined) this.fail('expected an index');
    const indices = [first];
    while (this.peek() === ',') {
      this.pos += 1;
      this.skipSpaces();
      const next = this.integer();
      if (next === undefined) this.fail('expected an index');
      indices.push(next);
      this.skipSpaces();
    }
    return { kind: 'indices', indices };
  }

  or(): Filter {
    let left = this.and();
    this.skipSpaces();
    while (this.text.startsWith('||', this.pos)) {
      this.pos += 2;
      left = { kind: 'or', left, right: this.and() };
      this.skipSpaces();
    }
    return left;
  }

  and(): Filter {
    let left = this.unary();
    this.skipSpaces();
    while (this.text.startsWith('&&', this.pos)) {
      this.pos += 2;
      left = { kind: 'and', left, right: this.unary() };
      this.skipSpaces();
    }
    return left;
  }

  unary(): Filter {
    this.skipSpaces();
    if (this.peek() === '!' && this.peek(1) !== '=') {
      this.pos += 1;
      return { kind: 'not', expr: this.unary() };
    }
    if (this.peek() === '(') {
      this.pos += 1;
      const inner = this.or();
      this.skipSpaces();
      this.expect(')');
      return inner;
    }
    const left = this.operand();
    this.skipSpaces();
    const op = /^(==|!=|<=|>=|<|>|=~)/.exec(this.text.slice(this.pos))?.[0];
    if (!op) return { kind: 'exists', operand: left };
    this.pos += op.length;
    this.skipSpaces();
    return { kind: 'compare', op, left, right: this.operand() };
  }

  operand(): Operand {
    const char = this.peek();
    if (char === '@') {
      this.pos += 1;
      return { kind: 'current', segments: this.segments(true) };
    }
    if (char === '$') return { kind: 'path', path: this.path(true) };
    if (char === "'" || char === '"') return { kind: 'literal', value: this.quoted() };
    if (char === '/') {
      const end = this.text.indexOf('/', this.pos + 1);
      if (end < 0) this.fail('unterminated regular expression');
      const source = this.text.slice(this.pos + 1, end);
      this.pos = end + 1;
      const flags = /^[a-z]*/.exec(this.text.slice(this.pos))?.[0] ?? '';
      this.pos += flags.length;
      return { kind: 'regex', regex: new RegExp(source, flags) };
    }
    const literal = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(
      this.text.slice(this.pos),
    );
    if (!literal) this.fail('expected a value');
    this.pos += literal[0].length;
    return { kind: 'literal', value: JSON.parse(literal[0]) as Json };
  }
}

const isDefinite = (segment: Segment) =>
  (segment.kind === 'names' && segment.names.length === 1) ||
  (segment.kind === 'indices' && segment.indices.length === 1);

const cache = new Map<string, JsonPath>();

/** Parses a path; throws {@link JsonPathSyntaxError} when it is not one. */
const parseJsonPath = (source: string): JsonPath => {
  const cached = cache.get(source);
  if (cached) return cached;
  const parser = new Parser(source);
  const path = parser.path();
  if (!parser.done()) parser.fail('unexpected character');
  if (cache.size > 5_000) cache.clear();
  cache.set(source, path);
  return path;
};

/** Parses the path that starts at `pos` in a longer text (an intrinsic function's argument). */
const parseJsonPathAt = (text: string, pos: number): { path: JsonPath; end: number } => {
  const parser = new Parser(text, pos);
  const path = parser.path(true);
  return { path, end: parser.pos };
};

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
