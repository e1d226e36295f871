import type { StateOutcome, StateRun } from '../run.ts';
import type { Json } from '../types.ts';
import {
  applyInputPath,
  applyOutputPath,
  applyPayloadTemplate,
  applyResultPath,
  evaluateAssign,
  evaluateJsonataField,
  outcome,
} from './io.ts';

/** Pass: its `Result` (or its Parameters' output, or its input) placed by ResultPath. */
const runPass = async (run: StateRun): Promise<StateOutcome> => {
  if (run.language === 'JSONata') {
    const assigned = await evaluateAssign(run, run.state.Assign, run.input);
    const output =
      run.state.Output === undefined
        ? run.input
        : await evaluateJsonataField(run, run.state.Output, 'Output');
    return outcome(run, output, assigned);
  }
  const parameters = applyPayloadTemplate(run, 'Parameters', applyInputPath(run));
  const result = run.state.Result === undefined ? parameters : (run.state.Result as Json);
  const assigned = await evaluateAssign(run, run.state.Assign, result);
  return outcome(run, applyOutputPath(run, applyResultPath(run, run.input, result)), assigned);
};

export { runPass };
