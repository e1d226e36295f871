import type { StateOutcome, StateRun } from '../run.ts';
import { runChoice } from './choice.ts';
import { runFail } from './fail.ts';
import { runMap } from './map.ts';
import { runParallel } from './parallel.ts';
import { runPass } from './pass.ts';
import { runSucceed } from './succeed.ts';
import { runTask } from './task.ts';
import { runWait } from './wait.ts';

/** Each state type's module. */
const STATE_TYPES: Record<string, (run: StateRun) => Promise<StateOutcome>> = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

/** The state types whose interruption AWS records as `<Type>StateAborted`. */
const ABORTABLE = new Set(['Task', 'Wait', 'Parallel', 'Map']);

export { ABORTABLE, STATE_TYPES };
