import { isDeepStrictEqual } from 'node:util';
import { StatesError } from '../errors.ts';
import { isObject, type Json } from '../types.ts';
import { evaluateJsonPath, type JsonPath, type PathScope, parseJsonPathAt } from './jsonpath.ts';
import { hashText, randomInteger } from './shared-functions.ts';

/**
 * The intrinsic functions of JSONPath states (`"field.$": "States.Format('{}', $.x)"`): a small
 * parser for the call syntax (string literals with `\'`, `\{`, `\}`, `\\` escapes, numbers,
 * booleans, null, paths and nested calls) and each function with the limits AWS documents.
 */

type Arg =
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'value'; value: Json }
  | { kind: 'path'; path: JsonPath }
  | { kind: 'call'; call: IntrinsicCall };

interface IntrinsicCall {
  name: string;
  args: Arg[];
}

class IntrinsicSyntaxError extends Error {
  override readonly name = 'IntrinsicSyntaxError';
}

const ARITY: Record<string, [number, number]> = {
  'States.Format': [1, Number.POSITIVE_INFINITY],
  'States.StringToJson': [1, 1],
  'States.JsonToString': [1, 1],
  'States.Array': [0, Number.POSITIVE_INFINITY],
  'States.ArrayPartition': [2, 2],
  'States.ArrayContains': [2, 2],
  'States.ArrayRange': [3, 3],
  'States.ArrayGetItem': [2, 2],
  'States.ArrayLength': [1, 1],
  'States.ArrayUnique': [1, 1],
  'States.Base64Encode': [1, 1],
  'States.Base64Decode': [1, 1],
  'States.Hash': [2, 2],
  'States.JsonMerge': [3, 3],
  'States.MathRandom': [2, 3],
  'States.MathAdd': [2, 2],
  'States.StringSplit': [2, 2],
  'States.UUID': [0, 0],
};

const isIntrinsic = (text: string) => /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);

const parseIntrinsic = (text: string): IntrinsicCall => {
  let pos = 0;
  const fail = (what: string): never => {
    throw new IntrinsicSyntaxError(`Invalid intrinsic function '${text}': ${what} at ${pos}`);
  };
  const spaces = () => {
    while (text[pos] === ' ') pos += 1;
  };
  const call = (): IntrinsicCall => {
    const name = /^States\.[A-Za-z0-9]+/.exec(text.slice(pos))?.[0];
    if (!name) return fail('expected a States function');
    const arity = ARITY[name];
    if (!arity) return fail(`unknown function ${name}`);
    pos += name.length;
    spaces();
    if (text[pos] !== '(') fail("expected '('");
    pos += 1;
    spaces();
    const args: Arg[] = [];
    if (text[pos] !== ')') {
      for (;;) {
        args.push(arg());
        spaces();
        if (text[pos] === ',') {
          pos += 1;
          spaces();
          continue;
        }
        break;
      }
    }
    if (text[pos] !== ')') fail("expected ')'");
    pos += 1;
    if (args.length < arity[0] || args.length > arity[1]) {
      fail(`${name} takes ${arity[0]}${arity[1] === arity[0] ? '' : ' or more'} arguments`);
    }
    return { name, args };
  };
  const arg = (): Arg => {
    const rest = text.slice(pos);
    if (text[pos] === "'") {
      let raw = '';
      let value = '';
      pos += 1;
      while (pos < text.length && text[pos] !== "'") {
        if (text[pos] === '\\') {
          const next = text[pos + 1];
          if (next === undefined || !"'{}\\".includes(next)) fail('open escape backslash');
          raw += `\\${next}`;
          value += next;
          pos += 2;
        } else {
          raw += text[pos];
          value += text[pos];
          pos += 1;
        }
      }
      if (text[pos] !== "'") fail('unterminated string');
      pos += 1;
      return { kind: 'string', value, raw };
    }
    if (rest.startsWith('States.')) return { kind: 'call', call: call() };
    if (text[pos] === '$') {
      const { path, end } = parseJsonPathAt(text, pos);
      pos = end;
      return { kind: 'path', path };
    }
    const literal = /^(true|false|null|-?\d+(\.\d+)?([eE][+-]?\d+)?)/.exec(rest)?.[0];
    if (!literal) return fail('expected an argument');
    pos += literal.length;
    return { kind: 'value', value: JSON.parse(literal) as Json };
  };
  spaces();
  const parsed = call();
  spaces();
  if (pos !== text.length) fail('unexpected text after the call');
  return parsed;
};

const failure = (message: string): never => {
  throw new StatesError('States.IntrinsicFailure', message);
};

const expectArray = (name: string, value: Json): Json[] =>
  Array.isArray(value)
    ? value
    : failure(`${name}: expected an array, got ${JSON.stringify(value)}`);

const expectString = (name: string, value: Json, max = Number.POSITIVE_INFINITY): string => {
  if (typeof value !== 'string') return failure(`${name}: expected a string`);
  if (value.length > max) return failure(`${name}: the input is longer than ${max} characters`);
  return value;
};

const expectInteger = (name: string, value: Json): number =>
  typeof value === 'number' && Number.isInteger(value)
    ? value
    : failure(`${name}: expected an integer, got ${JSON.stringify(value)}`);

/** Java's Math.round, which the service uses where a number is rounded to an integer. */
const javaRound = (value: Json, name: string) =>
  typeof value === 'number' ? Math.floor(value + 0.5) : failure(`${name}: expected a number`);

const format = (template: Arg, templateValue: Json, values: Json[]): string => {
  const raw =
    template.kind === 'string'
      ? template.raw
      : expectString('States.Format', templateValue).replace(/\\/g, '\\\\');
  let out = '';
  let used = 0;
  for (let i = 0; i < raw.length; i += 1) {
    const char = raw[i] as string;
    if (char === '\\') {
      out += raw[i + 1] ?? '';
      i += 1;
    } else if (char === '{' && raw[i + 1] === '}') {
      if (used >= values.length) failure('States.Format: more {} than arguments');
      const value = values[used++] as Json;
      if (isObject(value) || Array.isArray(value)) {
        failure('States.Format: arguments must be strings, numbers, booleans or null');
      }
      out += value === null ? 'null' : String(value);
      i += 1;
    } else {
      out += char;
    }
  }
  if (used !== values.length) failure('States.Format: fewer {} than arguments');
  return out;
};

const uniqueBy = (items: Json[]) =>
  items.filter(
    (item, index) => items.findIndex((other) => isDeepStrictEqual(other, item)) === index,
  );

const apply = (call: IntrinsicCall, values: Json[]): Json => {
  const [a = null, b = null, c = null] = values;
  switch (call.name) {
    case 'States.Format':
      return format(call.args[0] as Arg, a, values.slice(1));
    case 'States.StringToJson':
      try {
        return JSON.parse(expectString(call.name, a)) as Json;
      } catch {
        return failure('States.StringToJson: the argument is not valid JSON');
      }
    case 'States.JsonToString':
      return JSON.stringify(a);
    case 'States.Array':
      return values;
    case 'States.ArrayPartition': {
      const items = expectArray(call.name, a);
      const size = expectInteger(call.name, b);
      if (size <= 0) failure('States.ArrayPartition: the chunk size must be positive');
      const out: Json[] = [];
      for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
      return out;
    }
    case 'States.ArrayContains':
      return expectArray(call.name, a).some((item) => isDeepStrictEqual(item, b));
    case 'States.ArrayRange': {
      const [start, end, step] = [a, b, c].map((value) => expectInteger(call.name, value)) as [
        number,
        number,
        number,
      ];
      if (step === 0) failure('States.ArrayRange: the step must not be 0');
      const out: number[] = [];
      for (let i = start; step > 0 ? i <= end : i >= end; i += step) {
        out.push(i);
        if (out.length > 1000) failure('States.ArrayRange: at most 1000 items');
      }
      return out;
    }
    case 'States.ArrayGetItem': {
      const items = expectArray(call.name, a);
      const index = expectInteger(call.name, b);
      if (index < 0 || index >= items.length) failure('States.ArrayGetItem: index out of bounds');
      return items[index] as Json;
    }
    case 'States.ArrayLength':
      return expectArray(call.name, a).length;
    case 'States.ArrayUnique':
      return uniqueBy(expectArray(call.name, a));
    case 'States.Base64Encode':
      return Buffer.from(expectString(call.name, a, 10_000), 'utf8').toString('base64');
    case 'States.Base64Decode':
      return Buffer.from(expectString(call.name, a, 10_000), 'base64').toString('utf8');
    case 'States.Hash': {
      const data = typeof a === 'string' ? a : JSON.stringify(a);
      if (data.length > 10_000) failure('States.Hash: the input is longer than 10000 characters');
      const hash = hashText(data, expectString(call.name, b));
      return hash ?? failure(`States.Hash: unsupported algorithm ${JSON.stringify(b)}`);
    }
    case 'States.JsonMerge': {
      if (!isObject(a) || !isObject(b)) return failure('States.JsonMerge: expected two objects');
      if (c !== false) failure('States.JsonMerge: only shallow merging (false) is supported');
      return { ...a, ...b };
    }
    case 'States.MathRandom': {
      const start = javaRound(a, call.name);
      const end = javaRound(b, call.name);
      const seed = values.length > 2 ? javaRound(c, call.name) : undefined;
      return randomInteger(start, end, seed);
    }
    case 'States.MathAdd':
      return javaRound(a, call.name) + javaRound(b, call.name);
    case 'States.StringSplit': {
      const text = expectString(call.name, a);
      const delimiters = new Set(expectString(call.name, b));
      const out: string[] = [];
      let current = '';
      for (const char of text) {
        if (delimiters.has(char)) {
          if (current) out.push(current);
          current = '';
        } else current += char;
      }
      if (current) out.push(current);
      return out;
    }
    case 'States.UUID':
      return crypto.randomUUID();
    default:
      return failure(`unknown function ${call.name}`);
  }
};

const evaluateArg = (arg: Arg, scope: PathScope): Json => {
  switch (arg.kind) {
    case 'string':
      return arg.value;
    case 'value':
      return arg.value;
    case 'call':
      return evaluateIntrinsic(arg.call, scope);
    case 'path': {
      const result = evaluateJsonPath(arg.path, scope);
      if (!result.found) return failure(`the path '${arg.path.source}' could not be found`);
      return result.value;
    }
  }
};

/** Evaluates a parsed call against the state's input, context and variables. */
const evaluateIntrinsic = (call: IntrinsicCall | string, scope: PathScope): Json => {
  const parsed = typeof call === 'string' ? parseIntrinsic(call) : call;
  return apply(
    parsed,
    parsed.args.map((arg) => evaluateArg(arg, scope)),
  );
};

export type { IntrinsicCall };
export { evaluateIntrinsic, IntrinsicSyntaxError, isIntrinsic, parseIntrinsic };
