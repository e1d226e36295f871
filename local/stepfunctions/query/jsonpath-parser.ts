import type { Json } from '../types.ts';

/**
 * The JSONPath parser: `$` the state's input, `$$` the context object, `$name` a workflow
 * variable; `.name`, `['name']`, `[0]`, `[-1]`, `[*]`, `.*`, unions `[0,2]` / `['a','b']`, slices
 * `[1:3]`, recursive descent `..name` and filters `[?(@.x > 1)]`.
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

export type { Filter, JsonPath, Operand, Segment };
export { JsonPathSyntaxError, parseJsonPath, parseJsonPathAt };
