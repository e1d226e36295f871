import { StatesError } from '../errors.ts';
import { evaluateJsonataTemplate, type JsonataScope } from '../query/jsonata.ts';
import {
  evaluateJsonPath,
  isReferencePath,
  type PathScope,
  parseJsonPath,
  setAtReferencePath,
} from '../query/jsonpath.ts';
import { resolvePayloadTemplate, stateFailure } from '../query/payload-template.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import { isObject, type Json, type Variables } from '../types.ts';

/**
 * A state's input and output processing in both query languages. JSONPath: InputPath, then
 * Parameters (or ItemSelector), the work, ResultSelector, ResultPath, OutputPath. JSONata:
 * Arguments, the work, Output; `$states.input`, `$states.result`, `$states.errorOutput`.
 */

interface JsonataExtras {
  input?: Json;
  result?: Json;
  errorOutput?: Json;
  token?: string;
  mapItem?: { Index: number; Value: Json };
}

const pathScope = (run: StateRun, input: Json, extras: JsonataExtras = {}): PathScope => ({
  input,
  context: run.context(extras),
  variables: run.variables,
});

const jsonataScope = (run: StateRun, extras: JsonataExtras = {}): JsonataScope => ({
  states: {
    input: extras.input ?? run.input,
    context: run.context(extras),
    ...(extras.result === undefined ? {} : { result: extras.result }),
    ...(extras.errorOutput === undefined ? {} : { errorOutput: extras.errorOutput }),
  },
  variables: run.variables,
});

/** Evaluates a JSONata field (a template with `{% %}` strings, or a plain value). */
const evaluateJsonataField = (
  run: StateRun,
  value: unknown,
  field: string,
  extras: JsonataExtras = {},
): Promise<Json> => evaluateJsonataTemplate(value, jsonataScope(run, extras), field, run.where);

const noResults = (run: StateRun, path: string) =>
  new StatesError(
    'States.Runtime',
    stateFailure(run.where, `Invalid path '${path}' : No results for path: ${path}`),
  );

const selectPath = (run: StateRun, field: 'InputPath' | 'OutputPath', value: Json): Json => {
  const path = run.state[field];
  if (path === undefined) return value;
  if (path === null) return {};
  const result = evaluateJsonPath(path as string, pathScope(run, value));
  if (!result.found) throw noResults(run, path as string);
  return result.value;
};

const applyInputPath = (run: StateRun): Json => selectPath(run, 'InputPath', run.input);

const applyOutputPath = (run: StateRun, value: Json): Json => selectPath(run, 'OutputPath', value);

/** Parameters (or ItemSelector) over the effective input; the input itself when absent. */
const applyPayloadTemplate = (
  run: StateRun,
  field: string,
  input: Json,
  extras: JsonataExtras = {},
): Json => {
  const template = run.state[field];
  if (template === undefined) return input;
  return resolvePayloadTemplate(template, pathScope(run, input, extras), run.where);
};

const applyResultPath = (
  run: StateRun,
  rawInput: Json,
  result: Json,
  resultPath: unknown = run.state.ResultPath,
): Json => {
  if (resultPath === undefined) return result;
  if (resultPath === null) return rawInput;
  const path = parseJsonPath(resultPath as string);
  const merged = isReferencePath(path) ? setAtReferencePath(rawInput, path, result) : undefined;
  if (merged === undefined) {
    throw new StatesError(
      'States.ResultPathMatchFailure',
      stateFailure(
        run.where,
        `Unable to apply ResultPath '${resultPath as string}' to input '${JSON.stringify(rawInput)}'`,
      ),
    );
  }
  return merged;
};

/**
 * Evaluates an `Assign` block: JSONata against `$states`, JSONPath against `pathInput`. Every
 * value is computed from the variables as they were before the state, then all are set at once.
 */
const evaluateAssign = async (
  run: StateRun,
  assign: unknown,
  pathInput: Json,
  extras: JsonataExtras = {},
): Promise<Variables | undefined> => {
  if (assign === undefined) return undefined;
  const values =
    run.language === 'JSONata'
      ? await evaluateJsonataField(run, assign, 'Assign', extras)
      : resolvePayloadTemplate(assign, pathScope(run, pathInput, extras), run.where);
  return isObject(values) ? values : undefined;
};

const outcome = (
  run: StateRun,
  output: Json,
  assigned: Variables | undefined,
  next = run.state.Next,
): StateOutcome => ({
  output,
  next,
  variables: assigned ? { ...run.variables, ...assigned } : run.variables,
  assigned,
});

/** How a Task, Parallel or Map turns its result into the state's output and variables. */
const completeWithResult = async (run: StateRun, result: Json): Promise<StateOutcome> => {
  if (run.language === 'JSONata') {
    const assigned = await evaluateAssign(run, run.state.Assign, result, { result });
    const output =
      run.state.Output === undefined
        ? result
        : await evaluateJsonataField(run, run.state.Output, 'Output', { result });
    return outcome(run, output, assigned);
  }
  const selected = applyPayloadTemplate(run, 'ResultSelector', result);
  const assigned = await evaluateAssign(run, run.state.Assign, selected);
  return outcome(run, applyOutputPath(run, applyResultPath(run, run.input, selected)), assigned);
};

/** The input a Task, Parallel or Map works on: Parameters (JSONPath) or Arguments (JSONata). */
const workInput = async (run: StateRun, extras: JsonataExtras = {}): Promise<Json> => {
  if (run.language === 'JSONata') {
    return run.state.Arguments === undefined
      ? run.input
      : evaluateJsonataField(run, run.state.Arguments, 'Arguments', extras);
  }
  return applyPayloadTemplate(run, 'Parameters', applyInputPath(run), extras);
};

export type { JsonataExtras };
export {
  applyInputPath,
  applyOutputPath,
  applyPayloadTemplate,
  applyResultPath,
  completeWithResult,
  evaluateAssign,
  evaluateJsonataField,
  jsonataScope,
  outcome,
  pathScope,
  workInput,
};
