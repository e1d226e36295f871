import { OPERATORS } from './states/choice-rules.ts';
import { isObject, type QueryLanguage } from './types.ts';
import { checkPath, type Report } from './validate-fields.ts';

/** Checks of transitions, Retry and Catch, and JSONPath Choice rules, within one branch's scope. */

/** One branch's states (transition targets must be among them), its language and the report. */
interface Scope {
  states: Record<string, unknown>;
  language: QueryLanguage;
  report: Report;
}

const checkTarget = (scope: Scope, target: unknown, at: string) => {
  if (typeof target !== 'string' || !Object.hasOwn(scope.states, target)) {
    scope.report('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${String(target)}`, at);
  }
};

const checkErrorEquals = (scope: Scope, list: unknown, at: string, field: 'Retry' | 'Catch') => {
  if (!Array.isArray(list)) {
    scope.report('SCHEMA_VALIDATION_FAILED', `The field '${field}' must be an array`, at);
    return;
  }
  list.forEach((entry, index) => {
    const here = `${at}[${index}]`;
    const names = isObject(entry) ? entry.ErrorEquals : undefined;
    if (!Array.isArray(names) || names.length === 0) {
      scope.report(
        'SCHEMA_VALIDATION_FAILED',
        "The field 'ErrorEquals' must be a non-empty array",
        here,
      );
      return;
    }
    if (names.includes('States.ALL') && (names.length > 1 || index !== list.length - 1)) {
      scope.report(
        'SCHEMA_VALIDATION_FAILED',
        "'States.ALL' must appear alone in the last retrier or catcher",
        `${here}/ErrorEquals`,
      );
    }
    if (field === 'Catch') {
      checkTarget(scope, (entry as Record<string, unknown>).Next, `${here}/Next`);
      if (scope.language === 'JSONPath') {
        checkPath(
          (entry as Record<string, unknown>).ResultPath,
          `${here}/ResultPath`,
          scope.report,
        );
      }
    } else {
      const retrier = entry as Record<string, unknown>;
      if (
        retrier.JitterStrategy !== undefined &&
        !['FULL', 'NONE'].includes(retrier.JitterStrategy as string)
      ) {
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          "JitterStrategy must be 'FULL' or 'NONE'",
          `${here}/JitterStrategy`,
        );
      }
      if (typeof retrier.BackoffRate === 'number' && retrier.BackoffRate < 1) {
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          'BackoffRate must be at least 1.0',
          `${here}/BackoffRate`,
        );
      }
    }
  });
};

const checkChoiceRule = (scope: Scope, rule: unknown, at: string, top: boolean) => {
  if (!isObject(rule)) {
    scope.report('SCHEMA_VALIDATION_FAILED', 'A choice rule must be an object', at);
    return;
  }
  if (top) checkTarget(scope, rule.Next, `${at}/Next`);
  if (scope.language === 'JSONata') {
    if (rule.Condition === undefined) {
      scope.report('SCHEMA_VALIDATION_FAILED', "The field 'Condition' is required", at);
    }
    return;
  }
  if (Array.isArray(rule.And) || Array.isArray(rule.Or)) {
    const list = (rule.And ?? rule.Or) as unknown[];
    for (const [index, inner] of list.entries()) {
      checkChoiceRule(scope, inner, `${at}/${rule.And ? 'And' : 'Or'}[${index}]`, false);
    }
    return;
  }
  if (rule.Not !== undefined) {
    checkChoiceRule(scope, rule.Not, `${at}/Not`, false);
    return;
  }
  const operators = Object.keys(rule).filter((key) => OPERATORS.has(key));
  if (operators.length !== 1 || typeof rule.Variable !== 'string') {
    scope.report(
      'SCHEMA_VALIDATION_FAILED',
      'A choice rule needs a Variable and exactly one comparison',
      at,
    );
    return;
  }
  checkPath(rule.Variable, `${at}/Variable`, scope.report);
  const op = operators[0] as string;
  if (op.endsWith('Path')) checkPath(rule[op], `${at}/${op}`, scope.report);
};

export type { Scope };
export { checkChoiceRule, checkErrorEquals, checkTarget };
