import { TemplateError } from './errors.ts';

/** What `{ "Ref": "AWS::NoValue" }` resolves to: the property or list element is dropped. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** What resolving needs from the stack around the value. */
interface IntrinsicScope {
  /** Where the value sits, for errors: a logical id or `Outputs.<name>`. */
  where: string;
  region: string;
  /** `Ref` of a pseudo parameter, a parameter or a resource. */
  ref(name: string): unknown;
  /** `Fn::GetAtt` of a resource's attribute. */
  getAtt(logicalId: string, attribute: string): string;
  /** A named condition of the template's `Conditions`. */
  condition(name: string): boolean;
}

type Json = unknown;

const isPlainObject = (value: unknown): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const intrinsicKey = (value: Record<string, Json>): string | undefined => {
  const keys = Object.keys(value);
  const key = keys[0];
  return keys.length === 1 && key && (key === 'Ref' || key.startsWith('Fn::')) ? key : undefined;
};

const fail = (fn: string, scope: IntrinsicScope, problem: string): never => {
  throw new TemplateError(`${fn} (${scope.where}): ${problem}`);
};

const toText = (value: unknown, fn: string, scope: IntrinsicScope): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(fn, scope, `expects a string, got ${JSON.stringify(value)}`);
};

const toList = (value: unknown, fn: string, scope: IntrinsicScope): unknown[] =>
  Array.isArray(value) ? value : fail(fn, scope, `expects a list, got ${JSON.stringify(value)}`);

const SUB_VARIABLE = /\$\{([^}]*)\}/g;

/** `${Name}`, `${Name.Attribute}` and the `${!Literal}` escape, as `Fn::Sub` reads them. */
const substitute = (text: string, variables: Record<string, Json>, scope: IntrinsicScope): string =>
  text.replace(SUB_VARIABLE, (_, inner: string) => {
    if (inner.startsWith('!')) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in variables) return toText(variables[name], 'Fn::Sub', scope);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) {
      return scope.getAtt(name.slice(0, dot), name.slice(dot + 1));
    }
    return toText(scope.ref(name), 'Fn::Sub', scope);
  });

type Resolver = (arg: Json, scope: IntrinsicScope) => unknown;

const INTRINSICS: Record<string, Resolver> = {
  Ref: (arg, scope) => scope.ref(toText(arg, 'Ref', scope)),

  'Fn::GetAtt': (arg, scope) => {
    const dot = typeof arg === 'string' ? arg.indexOf('.') : -1;
    const parts =
      typeof arg === 'string'
        ? [arg.slice(0, Math.max(dot, 0)), dot > 0 ? arg.slice(dot + 1) : '']
        : toList(arg, 'Fn::GetAtt', scope);
    const [id, attribute] = parts.map((p) => toText(resolveValue(p, scope), 'Fn::GetAtt', scope));
    if (parts.length !== 2 || !id || !attribute) {
      fail('Fn::GetAtt', scope, 'expects [logicalId, attribute]');
    }
    return scope.getAtt(id as string, attribute as string);
  },

  'Fn::Join': (arg, scope) => {
    const [delimiter, values] = toList(arg, 'Fn::Join', scope);
    const list = toList(resolveValue(values, scope), 'Fn::Join', scope);
    return list.map((v) => toText(v, 'Fn::Join', scope)).join(toText(delimiter, 'Fn::Join', scope));
  },

  'Fn::Sub': (arg, scope) => {
    if (typeof arg === 'string') return substitute(arg, {}, scope);
    const [text, variables = {}] = toList(arg, 'Fn::Sub', scope);
    const resolved = resolveValue(variables, scope);
    if (!isPlainObject(resolved)) return fail('Fn::Sub', scope, 'expects [string, { variables }]');
    return substitute(toText(text, 'Fn::Sub', scope), resolved, scope);
  },

  'Fn::Select': (arg, scope) => {
    const [index, values] = toList(arg, 'Fn::Select', scope);
    const list = toList(resolveValue(values, scope), 'Fn::Select', scope);
    const i = Number(resolveValue(index, scope));
    if (!Number.isInteger(i) || i < 0 || i >= list.length) {
      fail('Fn::Select', scope, `index ${String(index)} is outside a list of ${list.length}`);
    }
    return list[i];
  },

  'Fn::Split': (arg, scope) => {
    const [delimiter, source] = toList(arg, 'Fn::Split', scope);
    const text = toText(resolveValue(source, scope), 'Fn::Split', scope);
    return text.split(toText(delimiter, 'Fn::Split', scope));
  },

  'Fn::If': (arg, scope) => {
    const [name, whenTrue, whenFalse] = toList(arg, 'Fn::If', scope);
    const chosen = scope.condition(toText(name, 'Fn::If', scope)) ? whenTrue : whenFalse;
    return resolveValue(chosen, scope);
  },

  // Differs from AWS: every region has three zones, a, b and c; AWS lists the account's own.
  'Fn::GetAZs': (arg, scope) => {
    const region = toText(resolveValue(arg, scope), 'Fn::GetAZs', scope) || scope.region;
    return ['a', 'b', 'c'].map((zone) => `${region}${zone}`);
  },
};

/**
 * Resolves every intrinsic in a template value. `AWS::NoValue` drops the property or element;
 * an intrinsic the local runtime does not implement is an error naming it and where it is.
 */
const resolveValue = (value: Json, scope: IntrinsicScope): unknown => {
  if (Array.isArray(value)) {
    return value.map((v) => resolveValue(v, scope)).filter((v) => v !== NO_VALUE);
  }
  if (!isPlainObject(value)) return value;
  const key = intrinsicKey(value);
  if (key) {
    const resolver = INTRINSICS[key];
    if (!resolver) throw new TemplateError(`${key} (${scope.where}) cannot be resolved locally`);
    return resolver(value[key], scope);
  }
  const resolved: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = resolveValue(v, scope);
    if (r !== NO_VALUE) resolved[k] = r;
  }
  return resolved;
};

/** Evaluates a condition of the template's `Conditions` section. */
const evaluateCondition = (expression: Json, scope: IntrinsicScope): boolean => {
  if (typeof expression === 'boolean') return expression;
  if (!isPlainObject(expression)) {
    return fail('Conditions', scope, `not a condition: ${JSON.stringify(expression)}`);
  }
  const [fn, arg] = Object.entries(expression)[0] ?? [];
  const args = () => toList(arg, fn as string, scope);
  switch (fn) {
    case 'Condition':
      return scope.condition(toText(arg, fn, scope));
    case 'Fn::Equals': {
      const [a, b] = args().map((v) => JSON.stringify(resolveValue(v, scope)));
      return a === b;
    }
    case 'Fn::Not':
      return !evaluateCondition(args()[0], scope);
    case 'Fn::And':
      return args().every((c) => evaluateCondition(c, scope));
    case 'Fn::Or':
      return args().some((c) => evaluateCondition(c, scope));
    default:
      throw new TemplateError(`${fn} (${scope.where}) cannot be resolved locally`);
  }
};

/** The logical ids a value refers to (`Ref`, `Fn::GetAtt`, `Fn::Sub` variables). */
const referencedIds = (value: Json, into = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, into);
    return into;
  }
  if (!isPlainObject(value)) return into;
  const key = intrinsicKey(value);
  const arg = key ? value[key] : undefined;
  if (key === 'Ref' && typeof arg === 'string') into.add(arg);
  else if (key === 'Fn::GetAtt') {
    const id = typeof arg === 'string' ? arg.split('.')[0] : Array.isArray(arg) ? arg[0] : '';
    if (typeof id === 'string') into.add(id);
  } else if (key === 'Fn::Sub') {
    const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
    const explicit = isPlainObject(variables) ? variables : {};
    for (const [, inner] of String(text).matchAll(SUB_VARIABLE)) {
      const name = (inner ?? '').trim();
      if (!name.startsWith('!') && !(name in explicit)) into.add(name.split('.')[0] ?? name);
    }
    referencedIds(explicit, into);
  } else {
    for (const v of Object.values(value)) referencedIds(v, into);
  }
  return into;
};

export type { IntrinsicScope };
export { evaluateCondition, NO_VALUE, referencedIds, resolveValue };
