import { StatesError } from '../errors.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import type { BranchDefinition, Json } from '../types.ts';
import { childKey, forgetChildren, runChildren } from './branches.ts';
import { completeWithResult, workInput } from './io.ts';
import { type Attempt, runWithRetry } from './retry.ts';

interface ParallelProgress {
  input: Json;
  startedEventId: number;
}

const attemptParallel = async (
  run: StateRun,
  attempt: Attempt<ParallelProgress>,
): Promise<StateOutcome> => {
  let progress = attempt.current();
  if (!progress) {
    const input = await workInput(run);
    progress = { input, startedEventId: run.emit('ParallelStateStarted') };
    attempt.save(progress);
  }
  const { input, startedEventId } = progress;
  const branches = run.state.Branches as BranchDefinition[];
  let lastEventId = startedEventId;
  let outputs: Json[];
  try {
    outputs = await runChildren(run, branches.length, 0, async (index, signal) => {
      const branch = branches[index] as BranchDefinition;
      const done = await run.runBranch({
        key: childKey(run, index),
        branch,
        language: branch.QueryLanguage ?? run.exec.definition.QueryLanguage ?? 'JSONPath',
        input,
        variables: run.variables,
        parentEventId: startedEventId,
        signal,
      });
      lastEventId = Math.max(lastEventId, done.lastEventId);
      return done.output;
    });
  } catch (error) {
    if (error instanceof StatesError) {
      run.emit('ParallelStateFailed');
      forgetChildren(run);
    }
    throw error;
  }
  run.emit('ParallelStateSucceeded', undefined, lastEventId);
  forgetChildren(run);
  return completeWithResult(run, outputs);
};

/** Parallel: every branch gets the same input; the output is the array of their outputs. */
const runParallel = (run: StateRun): Promise<StateOutcome> =>
  runWithRetry<ParallelProgress>(run, (attempt) => attemptParallel(run, attempt));

export { runParallel };
