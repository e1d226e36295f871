import { StatesError } from '../errors.ts';
import { isObject, type Json } from '../types.ts';
import { evaluateIntrinsic, isIntrinsic } from './intrinsics.ts';
import { evaluateJsonPath, type PathScope } from './jsonpath.ts';

/** Which state is evaluating, for error causes worded as AWS words them. */
interface StateWhere {
  stateName: string;
  enteredEventId: number;
}

const stateFailure = (where: StateWhere, text: string) =>
  `An error occurred while executing the state '${where.stateName}' (entered at the event id #${where.enteredEventId}). ${text}`;

/** Evaluates one `.$` value: an intrinsic function call or a path. */
const evaluateDollarValue = (
  expression: string,
  field: string,
  scope: PathScope,
  where: StateWhere,
): Json => {
  if (isIntrinsic(expression)) {
    try {
      return evaluateIntrinsic(expression, scope);
    } catch (error) {
      if (error instanceof StatesError) {
        throw new StatesError(
          error.error,
          stateFailure(
            where,
            `The function '${expression}' specified for the field '${field}' failed: ${error.causeText}`,
          ),
        );
      }
      throw error;
    }
  }
  const result = evaluateJsonPath(expression, scope);
  if (!result.found) {
    throw new StatesError(
      'States.Runtime',
      stateFailure(
        where,
        `The JSONPath '${expression}' specified for the field '${field}' could not be found in the input '${JSON.stringify(scope.input)}'`,
      ),
    );
  }
  return result.value;
};

/**
 * Resolves a JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign): keys
 * ending in `.$` take the value of their path or intrinsic function, under the key without `.$`;
 * other values are copied, nested objects and arrays resolved the same way.
 */
const resolvePayloadTemplate = (template: unknown, scope: PathScope, where: StateWhere): Json => {
  if (Array.isArray(template)) {
    return template.map((item) => resolvePayloadTemplate(item, scope, where));
  }
  if (!isObject(template)) return template as Json;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      out[key.slice(0, -2)] = evaluateDollarValue(value, key, scope, where);
    } else {
      out[key] = resolvePayloadTemplate(value, scope, where);
    }
  }
  return out;
};

export type { StateWhere };
export { evaluateDollarValue, resolvePayloadTemplate, stateFailure };
