import { isDeepStrictEqual } from 'node:util';
import { StatesError } from '../errors.ts';
import { isObject, type Json } from '../types.ts';
import {
  type Arg,
  type IntrinsicCall,
  IntrinsicSyntaxError,
  isIntrinsic,
  parseIntrinsic,
} from './intrinsics-parser.ts';
import { evaluateJsonPath, type PathScope } from './jsonpath.ts';
import { hashText, randomInteger } from './shared-functions.ts';

/**
 * The intrinsic functions of JSONPath states (`"field.$": "States.Format('{}', $.x)"`), each with
 * the limits AWS documents; a call that does not fit fails with `States.IntrinsicFailure`.
 */

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
