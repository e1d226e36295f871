import { isIntrinsic, parseIntrinsic } from './query/intrinsics.ts';
import { compileJsonata, expressionText, isJsonataExpression } from './query/jsonata.ts';
import { isReferencePath, parseJsonPath } from './query/jsonpath.ts';
import { isObject, type QueryLanguage, type StateDefinition } from './types.ts';

/**
 * Checks the expressions inside a state when the state machine is created, so a typo in a path,
 * an intrinsic function or a JSONata expression is an InvalidDefinition naming where it is
 * instead of a failure at run time.
 */

type Report = (code: string, message: string, at: string) => void;

const JSONPATH_ONLY = ['InputPath', 'Parameters', 'ResultSelector', 'ResultPath', 'OutputPath'];
const JSONATA_ONLY = ['Arguments', 'Output'];

const checkPath = (value: unknown, at: string, report: Report, reference = false) => {
  if (value === null || value === undefined) return;
  if (typeof value !== 'string') {
    report('SCHEMA_VALIDATION_FAILED', 'The value must be a string or null', at);
    return;
  }
  try {
    const path = parseJsonPath(value);
    if (reference && !isReferencePath(path)) {
      report(
        'INVALID_JSON_PATH',
        `The value for the field must be a valid Reference Path: ${value}`,
        at,
      );
    }
  } catch (error) {
    report('INVALID_JSON_PATH', (error as Error).message, at);
  }
};

const checkDollarValue = (value: unknown, at: string, report: Report) => {
  if (typeof value !== 'string') {
    report('SCHEMA_VALIDATION_FAILED', "The value of a field ending in '.$' must be a string", at);
    return;
  }
  if (isIntrinsic(value)) {
    try {
      parseIntrinsic(value);
    } catch (error) {
      report('INVALID_INTRINSIC_FUNCTION', (error as Error).message, at);
    }
  } else {
    checkPath(value, at, report);
  }
};

/** A JSONPath payload template: every `.$` value must be a path or an intrinsic function. */
const checkPayloadTemplate = (template: unknown, at: string, report: Report) => {
  if (Array.isArray(template)) {
    for (const [index, item] of template.entries()) {
      checkPayloadTemplate(item, `${at}[${index}]`, report);
    }
  } else if (isObject(template)) {
    for (const [key, value] of Object.entries(template)) {
      if (key.endsWith('.$')) checkDollarValue(value, `${at}/${key}`, report);
      else checkPayloadTemplate(value, `${at}/${key}`, report);
    }
  }
};

/** A JSONata field: every `{% %}` string in it must compile. */
const checkJsonata = (value: unknown, at: string, report: Report) => {
  if (isJsonataExpression(value)) {
    try {
      compileJsonata(expressionText(value));
    } catch (error) {
      report('INVALID_JSONATA', `${(error as Error).message} in ${value}`, at);
    }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkJsonata(item, `${at}[${index}]`, report);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) checkJsonata(item, `${at}/${key}`, report);
  }
};

/** Checks a state's data fields in its query language. */
const checkStateFields = (
  state: StateDefinition,
  language: QueryLanguage,
  at: string,
  report: Report,
) => {
  const wrong = language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY;
  for (const field of wrong) {
    if (state[field] !== undefined) {
      report(
        'SCHEMA_VALIDATION_FAILED',
        `The field '${field}' is not supported for the ${language} query language`,
        `${at}/${field}`,
      );
    }
  }
  if (language === 'JSONata') {
    for (const [field, value] of Object.entries(state)) {
      if (field !== 'Branches' && field !== 'ItemProcessor' && field !== 'Iterator') {
        checkJsonata(value, `${at}/${field}`, report);
      }
    }
    return;
  }
  checkPath(state.InputPath, `${at}/InputPath`, report);
  checkPath(state.OutputPath, `${at}/OutputPath`, report);
  checkPath(state.ResultPath, `${at}/ResultPath`, report, true);
  for (const field of [
    'ItemsPath',
    'SecondsPath',
    'TimestampPath',
    'TimeoutSecondsPath',
    'HeartbeatSecondsPath',
  ]) {
    checkPath(state[field], `${at}/${field}`, report);
  }
  for (const field of ['ErrorPath', 'CausePath']) {
    if (state[field] !== undefined) checkDollarValue(state[field], `${at}/${field}`, report);
  }
  for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']) {
    checkPayloadTemplate(state[field], `${at}/${field}`, report);
  }
};

export type { Report };
export { checkPath, checkPayloadTemplate, checkStateFields };
