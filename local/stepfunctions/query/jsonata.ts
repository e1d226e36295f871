import jsonata from 'jsonata';
import { StatesError } from '../errors.ts';
import { isObject, type Json, type Variables } from '../types.ts';
import { type StateWhere, stateFailure } from './payload-template.ts';
import { hashText, randomFraction } from './shared-functions.ts';

/**
 * JSONata as Step Functions runs it: `{% ... %}` strings anywhere in Arguments, Output, Assign
 * and the other JSONata fields; `$states` with `input`, `result`, `errorOutput` and `context`;
 * the workflow variables as `$name`; Step Functions' own functions (`$partition`, `$range`,
 * `$hash`, `$random`, `$uuid`, `$parse`); `$eval` is not available.
 */

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** `$states` as an expression sees it. */
interface StatesBinding {
  input: Json;
  context: Json;
  result?: Json;
  errorOutput?: Json;
}

interface JsonataScope {
  states: StatesBinding;
  variables: Variables;
}

const isJsonataExpression = (value: unknown): value is string =>
  typeof value === 'string' && EXPRESSION.test(value);

const expressionText = (value: string) => (EXPRESSION.exec(value)?.[1] ?? '').trim();

const cache = new Map<string, jsonata.Expression>();

/** Compiles (and caches) an expression; throws jsonata's syntax error as it is. */
const compileJsonata = (text: string): jsonata.Expression => {
  let compiled = cache.get(text);
  if (!compiled) {
    compiled = jsonata(text);
    if (cache.size > 2_000) cache.clear();
    cache.set(text, compiled);
  }
  return compiled;
};

const functionError = (message: string): never => {
  throw Object.assign(new Error(message), { code: 'D3140' });
};

/** Step Functions' own JSONata functions. */
const SFN_FUNCTIONS = {
  partition: (array: unknown, size: unknown) => {
    if (!Array.isArray(array))
      return functionError('$partition: the first argument must be an array');
    if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
      return functionError('$partition: the chunk size must be a positive integer');
    }
    const out: unknown[][] = [];
    for (let i = 0; i < array.length; i += size) out.push(array.slice(i, i + size));
    return out;
  },
  range: (start: unknown, end: unknown, step: unknown) => {
    if (
      ![start, end, step].every((n) => typeof n === 'number' && Number.isInteger(n)) ||
      step === 0
    ) {
      return functionError('$range: start, end and a non-zero step must be integers');
    }
    const [from, to, by] = [start, end, step] as [number, number, number];
    const out: number[] = [];
    for (let i = from; by > 0 ? i <= to : i >= to; i += by) {
      out.push(i);
      if (out.length > 1000) return functionError('$range: at most 1000 items');
    }
    return out;
  },
  hash: (data: unknown, algorithm: unknown) => {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    const hash = typeof algorithm === 'string' ? hashText(text, algorithm) : undefined;
    return hash ?? functionError(`$hash: unsupported algorithm ${JSON.stringify(algorithm)}`);
  },
  random: (seed?: unknown) =>
    randomFraction(typeof seed === 'number' ? Math.trunc(seed) : undefined),
  uuid: () => crypto.randomUUID(),
  parse: (text: unknown) => {
    if (typeof text !== 'string') return functionError('$parse: the argument must be a string');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return functionError('$parse: the argument is not valid JSON');
    }
  },
  eval: () => functionError('$eval is not supported by Step Functions; use $parse'),
};

const toJson = (value: unknown): Json | undefined => {
  if (value === undefined) return undefined;
  if (typeof value === 'function') throw new Error('the expression returned a function');
  return JSON.parse(JSON.stringify(value)) as Json;
};

const evaluationError = (where: StateWhere, text: string, field: string, message: string) =>
  new StatesError(
    'States.QueryEvaluationError',
    stateFailure(
      where,
      `The JSONata expression '${text}' specified for the field '${field}' ${message}`,
    ),
    field,
  );

/** Evaluates one `{% %}` string. */
const evaluateJsonataExpression = async (
  value: string,
  scope: JsonataScope,
  field: string,
  where: StateWhere,
): Promise<Json> => {
  const text = expressionText(value);
  let result: unknown;
  try {
    result = await compileJsonata(text).evaluate(scope.states.input, {
      ...SFN_FUNCTIONS,
      ...scope.variables,
      states: scope.states,
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw evaluationError(where, text, field, `threw an error during evaluation. ${message}`);
  }
  let json: Json | undefined;
  try {
    json = toJson(result);
  } catch (error) {
    throw evaluationError(where, text, field, (error as Error).message);
  }
  if (json === undefined)
    throw evaluationError(where, text, field, 'returned nothing (undefined).');
  return json;
};

/** Resolves a JSONata template: every `{% %}` string in it, at any depth, is evaluated. */
const evaluateJsonataTemplate = async (
  template: unknown,
  scope: JsonataScope,
  field: string,
  where: StateWhere,
): Promise<Json> => {
  if (isJsonataExpression(template))
    return evaluateJsonataExpression(template, scope, field, where);
  if (Array.isArray(template)) {
    const out: Json[] = [];
    for (const [index, item] of template.entries()) {
      out.push(await evaluateJsonataTemplate(item, scope, `${field}[${index}]`, where));
    }
    return out;
  }
  if (isObject(template)) {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(template)) {
      out[key] = await evaluateJsonataTemplate(value, scope, `${field}.${key}`, where);
    }
    return out;
  }
  return template as Json;
};

export type { JsonataScope, StatesBinding };
export {
  compileJsonata,
  evaluateJsonataExpression,
  evaluateJsonataTemplate,
  expressionText,
  isJsonataExpression,
};
