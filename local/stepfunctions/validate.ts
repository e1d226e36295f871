import { parseTaskResource } from './states/task-resource.ts';
import {
  type BranchDefinition,
  isObject,
  type QueryLanguage,
  type StateDefinition,
} from './types.ts';
import { checkStateFields, type Report } from './validate-fields.ts';
import { checkChoiceRule, checkErrorEquals, checkTarget, type Scope } from './validate-rules.ts';

/**
 * Validates a definition as CreateStateMachine does: JSON, `StartAt` and every transition target
 * exist in their scope, terminal states have no `Next`, the others exactly one of `Next` and
 * `End`, Retry and Catch are well formed, and expressions parse. Returns AWS-style problems
 * (`CODE: message at /path`); none means valid.
 */

const TYPES = new Set(['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map']);
const TERMINAL = new Set(['Choice', 'Succeed', 'Fail']);
const LANGUAGES = new Set(['JSONPath', 'JSONata']);

const checkState = (scope: Scope, name: string, state: unknown, at: string) => {
  if (!isObject(state) || typeof state.Type !== 'string' || !TYPES.has(state.Type)) {
    scope.report('SCHEMA_VALIDATION_FAILED', `The state '${name}' has no valid 'Type'`, at);
    return;
  }
  const definition = state as unknown as StateDefinition;
  if (definition.QueryLanguage !== undefined && !LANGUAGES.has(definition.QueryLanguage)) {
    scope.report(
      'SCHEMA_VALIDATION_FAILED',
      "QueryLanguage must be 'JSONPath' or 'JSONata'",
      `${at}/QueryLanguage`,
    );
  }
  const language = definition.QueryLanguage ?? scope.language;
  const here: Scope = { ...scope, language };
  if (TERMINAL.has(state.Type)) {
    if (state.Next !== undefined || state.End !== undefined) {
      scope.report(
        'SCHEMA_VALIDATION_FAILED',
        `A ${state.Type} state must have neither 'Next' nor 'End'`,
        at,
      );
    }
  } else if ((state.Next === undefined) === (state.End !== true)) {
    scope.report(
      'SCHEMA_VALIDATION_FAILED',
      "The state must have exactly one of 'Next' or 'End: true'",
      at,
    );
  } else if (state.Next !== undefined) {
    checkTarget(scope, state.Next, `${at}/Next`);
  }
  checkStateFields(definition, language, at, scope.report);
  if (state.Retry !== undefined) checkErrorEquals(here, state.Retry, `${at}/Retry`, 'Retry');
  if (state.Catch !== undefined) checkErrorEquals(here, state.Catch, `${at}/Catch`, 'Catch');
  switch (state.Type) {
    case 'Task':
      if (!parseTaskResource(state.Resource)) {
        // Differs from AWS: only Lambda runs locally (Baton's workflow uses nothing else).
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          `The resource '${String(state.Resource)}' is not supported by the local runtime; it runs arn:aws:states:::lambda:invoke, arn:aws:states:::lambda:invoke.waitForTaskToken and Lambda function ARNs`,
          `${at}/Resource`,
        );
      }
      break;
    case 'Choice':
      if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          "The field 'Choices' must be a non-empty array",
          at,
        );
      } else {
        for (const [index, rule] of state.Choices.entries()) {
          checkChoiceRule(here, rule, `${at}/Choices[${index}]`, true);
        }
      }
      if (state.Default !== undefined) checkTarget(scope, state.Default, `${at}/Default`);
      break;
    case 'Wait': {
      const fields = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter(
        (f) => state[f] !== undefined,
      );
      if (fields.length !== 1) {
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          'A Wait state needs exactly one of Seconds, Timestamp, SecondsPath and TimestampPath',
          at,
        );
      }
      break;
    }
    case 'Parallel':
      if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          "The field 'Branches' must be a non-empty array",
          at,
        );
      } else {
        for (const [index, branch] of state.Branches.entries()) {
          checkBranch(branch, language, `${at}/Branches[${index}]`, scope.report);
        }
      }
      break;
    case 'Map': {
      const processor = state.ItemProcessor ?? state.Iterator;
      const config = isObject(processor) ? processor.ProcessorConfig : undefined;
      if (isObject(config) && config.Mode === 'DISTRIBUTED') {
        // Differs from AWS: distributed Map (child executions, ItemReader, ResultWriter) is not run locally.
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          'Distributed Map is not supported by the local runtime',
          `${at}/ItemProcessor/ProcessorConfig`,
        );
      }
      if (state.ItemReader !== undefined || state.ResultWriter !== undefined) {
        scope.report(
          'SCHEMA_VALIDATION_FAILED',
          'ItemReader and ResultWriter are not supported by the local runtime',
          at,
        );
      }
      checkBranch(
        processor,
        language,
        `${at}/${state.ItemProcessor ? 'ItemProcessor' : 'Iterator'}`,
        scope.report,
      );
      break;
    }
  }
};

const checkBranch = (branch: unknown, language: QueryLanguage, at: string, report: Report) => {
  if (!isObject(branch)) {
    report('SCHEMA_VALIDATION_FAILED', 'Expected an object with StartAt and States', at);
    return;
  }
  const states = branch.States;
  if (!isObject(states) || Object.keys(states).length === 0) {
    report(
      'SCHEMA_VALIDATION_FAILED',
      "The field 'States' is required and must not be empty",
      at || '/',
    );
    return;
  }
  const scope: Scope = {
    states,
    language: (branch.QueryLanguage as QueryLanguage) ?? language,
    report,
  };
  if (typeof branch.StartAt !== 'string') {
    report(
      'SCHEMA_VALIDATION_FAILED',
      "The field 'StartAt' is required but was missing",
      at || '/',
    );
  } else if (!Object.hasOwn(states, branch.StartAt)) {
    report(
      'MISSING_TRANSITION_TARGET',
      `Missing 'Next' target: ${branch.StartAt}`,
      `${at}/StartAt`,
    );
  }
  for (const [name, state] of Object.entries(states)) {
    if (name.length > 80)
      report(
        'SCHEMA_VALIDATION_FAILED',
        'State names are at most 80 characters',
        `${at}/States/${name}`,
      );
    checkState(scope, name, state, `${at}/States/${name}`);
  }
};

/** The problems with a definition, worded as AWS words them; empty when it is valid. */
const validateDefinition = (
  text: string,
): { definition?: BranchDefinition; problems: string[] } => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problems: [`INVALID_JSON_DESCRIPTION: ${(error as Error).message}`] };
  }
  const problems: string[] = [];
  const report: Report = (code, message, at) =>
    problems.push(`${code}: ${message} at ${at || '/'}`);
  if (!isObject(parsed)) {
    report('SCHEMA_VALIDATION_FAILED', 'The definition must be a JSON object', '/');
    return { problems };
  }
  if (parsed.QueryLanguage !== undefined && !LANGUAGES.has(parsed.QueryLanguage as string)) {
    report(
      'SCHEMA_VALIDATION_FAILED',
      "QueryLanguage must be 'JSONPath' or 'JSONata'",
      '/QueryLanguage',
    );
  }
  const language = (parsed.QueryLanguage as QueryLanguage | undefined) ?? 'JSONPath';
  checkBranch(parsed, language, '', report);
  return problems.length
    ? { problems }
    : { definition: parsed as unknown as BranchDefinition, problems };
};

export { validateDefinition };
