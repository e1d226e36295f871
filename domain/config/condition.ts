import { z } from 'zod';
import { stage } from '#schemas/case.ts';
import { isPlainObject } from '../plain-object.ts';

/** The facts a routing rule can test, and their kinds. */
const FACT_KINDS = {
  fraudSuspected: 'boolean',
  breathingSpace: 'boolean',
  vulnerable: 'boolean',
  financialDifficulty: 'boolean',
  debtAdviser: 'boolean',
  openComplaints: 'number',
  brokenPromises: 'number',
  daysPastDue: 'number',
  missedPayments: 'number',
  arrearsMinor: 'number',
  accounts: 'number',
  stage: 'stage',
} as const;
type FactName = keyof typeof FACT_KINDS;

type Test = {
  fact: FactName;
  is?: boolean | number | string;
  in?: string[];
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
};

type Condition =
  | { always: true }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | Test;

const OPERATORS = ['is', 'in', 'gte', 'gt', 'lte', 'lt'] as const;
const FORMS =
  '{ "always": true }, { "all": [...] }, { "any": [...] }, { "not": ... } or a fact test';

/** What is wrong with one fact test, said in the words of the rule's author. */
const testProblems = (t: Record<string, unknown>): string[] => {
  const fact = t.fact;
  if (typeof fact !== 'string' || !(fact in FACT_KINDS)) {
    return [
      `unknown fact ${JSON.stringify(fact)}; facts are ${Object.keys(FACT_KINDS).join(', ')}`,
    ];
  }
  const kind = FACT_KINDS[fact as FactName];
  const extra = Object.keys(t).filter((k) => k !== 'fact' && !OPERATORS.includes(k as never));
  if (extra.length)
    return [`${extra.join(', ')}: not an operator; use one of ${OPERATORS.join(', ')}`];
  const ops = OPERATORS.filter((op) => t[op] !== undefined);
  if (ops.length !== 1) return [`give exactly one of ${OPERATORS.join(', ')}`];
  const op = ops[0] as (typeof OPERATORS)[number];
  const value = t[op];
  if (kind === 'boolean') {
    return op === 'is' && typeof value === 'boolean'
      ? []
      : [`${fact} is true or false; test it with "is": true|false`];
  }
  if (kind === 'number') {
    return op !== 'in' && typeof value === 'number'
      ? []
      : [`${fact} is a number; test it with is, gte, gt, lte or lt and a number`];
  }
  const values = op === 'in' ? value : op === 'is' ? [value] : undefined;
  if (!Array.isArray(values) || values.length === 0) {
    return ['stage is tested with "is" and a stage, or "in" and a list of stages'];
  }
  const unknown = values.filter((v) => !stage.options.includes(v as never));
  return unknown.length ? [`${unknown.map(String).join(', ')} is not a stage`] : [];
};

/** Every problem in a condition, each with the path to the part of it that is wrong. */
const conditionProblems = (when: unknown, path: (string | number)[] = []): Problem[] => {
  if (!isPlainObject(when)) return [{ path, message: `a condition is an object: ${FORMS}` }];
  const keys = Object.keys(when);
  const only = (key: string) => keys.length === 1 && keys[0] === key;
  if ('always' in when) {
    return only('always') && when.always === true
      ? []
      : [{ path, message: '"always" stands alone and is true' }];
  }
  for (const key of ['all', 'any'] as const) {
    if (!(key in when)) continue;
    const list = when[key];
    if (!only(key) || !Array.isArray(list) || list.length === 0) {
      return [{ path, message: `"${key}" stands alone and lists at least one condition` }];
    }
    return list.flatMap((c, i) => conditionProblems(c, [...path, key, i]));
  }
  if ('not' in when) {
    if (!only('not')) return [{ path, message: '"not" stands alone' }];
    return conditionProblems(when.not, [...path, 'not']);
  }
  if (!('fact' in when)) return [{ path, message: `not a condition: ${FORMS}` }];
  return testProblems(when).map((message) => ({ path, message }));
};

interface Problem {
  path: (string | number)[];
  message: string;
}

const condition = z.unknown().transform((when, ctx) => {
  for (const { path, message } of conditionProblems(when))
    ctx.addIssue({ code: 'custom', path, message });
  return when as Condition;
});

export type { Condition, FactName };
export { condition, FACT_KINDS };
