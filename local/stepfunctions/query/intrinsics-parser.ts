import type { Json } from '../types.ts';
import { type JsonPath, parseJsonPathAt } from './jsonpath-parser.ts';

/**
 * The call syntax of the intrinsic functions (`States.Format('{}', $.x)`): string literals with
 * `\'`, `\{`, `\}`, `\\` escapes, numbers, booleans, null, paths and nested calls, each function
 * with its number of arguments.
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

export type { Arg, IntrinsicCall };
export { IntrinsicSyntaxError, isIntrinsic, parseIntrinsic };
