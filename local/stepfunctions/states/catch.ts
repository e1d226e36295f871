import type { StatesError } from '../errors.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import type { Catcher, Json } from '../types.ts';
import { errorMatches } from './errors-match.ts';
import { applyResultPath, evaluateAssign, evaluateJsonataField, outcome } from './io.ts';

/** The error output a catcher passes on: `{ Error, Cause }`. */
const errorOutput = (error: StatesError): Json => ({
  Error: error.error,
  ...(error.causeText === undefined ? {} : { Cause: error.causeText }),
});

/**
 * The first catcher naming the error picks the next state. JSONPath: its ResultPath (default
 * `$`) places the error output into the state's input. JSONata: its Output (default the error
 * output) and Assign see `$states.errorOutput`.
 */
const applyCatch = async (run: StateRun, error: StatesError): Promise<StateOutcome | undefined> => {
  const catchers = (run.state.Catch as Catcher[] | undefined) ?? [];
  const catcher = catchers.find((candidate) => errorMatches(candidate.ErrorEquals, error.error));
  if (!catcher) return undefined;
  const failure = errorOutput(error);
  if (run.language === 'JSONata') {
    const extras = { errorOutput: failure };
    const assigned = await evaluateAssign(run, catcher.Assign, failure, extras);
    const output =
      catcher.Output === undefined
        ? failure
        : await evaluateJsonataField(run, catcher.Output, 'Catch.Output', extras);
    return outcome(run, output, assigned, catcher.Next);
  }
  const assigned = await evaluateAssign(run, catcher.Assign, failure);
  const output = applyResultPath(run, run.input, failure, catcher.ResultPath);
  return outcome(run, output, assigned, catcher.Next);
};

export { applyCatch, errorOutput };
