import { StatesError } from '../errors.ts';
import { evaluateDollarValue } from '../query/payload-template.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import { evaluateJsonataField, pathScope } from './io.ts';

const asText = (value: unknown, field: string, run: StateRun): string | undefined => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  throw new StatesError(
    'States.Runtime',
    `The value of the field '${field}' of the state '${run.name}' must be a string`,
  );
};

const resolve = async (run: StateRun, field: 'Error' | 'Cause'): Promise<string | undefined> => {
  const value = run.state[field];
  if (run.language === 'JSONata') {
    return value === undefined
      ? undefined
      : asText(await evaluateJsonataField(run, value, field), field, run);
  }
  const path = run.state[`${field}Path`];
  if (typeof path === 'string') {
    return asText(
      evaluateDollarValue(path, `${field}Path`, pathScope(run, run.input), run.where),
      field,
      run,
    );
  }
  return asText(value, field, run);
};

/** Fail: stops its branch (and so the execution, unless a Parallel or Map catches it). */
const runFail = async (run: StateRun): Promise<StateOutcome> => {
  const error = await resolve(run, 'Error');
  const cause = await resolve(run, 'Cause');
  throw new StatesError(error ?? '', cause);
};

export { runFail };
