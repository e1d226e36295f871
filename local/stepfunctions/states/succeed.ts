import type { StateOutcome, StateRun } from '../run.ts';
import { applyInputPath, applyOutputPath, evaluateJsonataField } from './io.ts';

/** Succeed: ends its branch (or the execution) with its input, filtered or transformed. */
const runSucceed = async (run: StateRun): Promise<StateOutcome> => {
  const output =
    run.language === 'JSONata'
      ? run.state.Output === undefined
        ? run.input
        : await evaluateJsonataField(run, run.state.Output, 'Output')
      : applyOutputPath(run, applyInputPath(run));
  return { output, next: undefined, variables: run.variables };
};

export { runSucceed };
