import { abortReasonOf, RunAborted, StatesError } from './errors.ts';
import { appendEvent } from './history.ts';
import type {
  BranchResult,
  BranchSpec,
  ExecutionRun,
  Frame,
  StateOutcome,
  StateRun,
} from './run.ts';
import { ABORTABLE, STATE_TYPES } from './states/index.ts';
import type { Json, JsonObject, StateDefinition } from './types.ts';

const contextObject = (
  exec: ExecutionRun,
  name: string,
  enteredTime: string,
  retryCount: number,
  extra: { token?: string; mapItem?: { Index: number; Value: Json } } = {},
): JsonObject => ({
  Execution: {
    Id: exec.arn,
    Input: exec.input,
    Name: exec.name,
    RoleArn: exec.roleArn,
    StartTime: exec.startTime,
    RedriveCount: 0,
  },
  State: { EnteredTime: enteredTime, Name: name, RetryCount: retryCount },
  StateMachine: { Id: exec.stateMachineArn, Name: exec.stateMachineName },
  ...(extra.token ? { Task: { Token: extra.token } } : {}),
  ...(extra.mapItem ? { Map: { Item: extra.mapItem } } : {}),
});

const createStateRun = (
  exec: ExecutionRun,
  spec: BranchSpec,
  frame: Frame,
  state: StateDefinition,
): StateRun => {
  const { store } = exec.deps;
  const save = () => store.saveFrame(exec.arn, spec.key, frame);
  const run: StateRun = {
    exec,
    key: spec.key,
    frame,
    name: frame.stateName,
    state,
    language: state.QueryLanguage ?? spec.language,
    signal: spec.signal,
    where: { stateName: frame.stateName, enteredEventId: frame.entered?.eventId ?? 0 },
    input: frame.input,
    variables: frame.variables,
    retryCount: 0,
    context: (extra) =>
      contextObject(exec, frame.stateName, frame.entered?.time ?? '', run.retryCount, extra),
    emit: (type, details, previousEventId) =>
      store.transaction(() => {
        const id = appendEvent(exec, type, details, previousEventId ?? frame.lastEventId);
        frame.lastEventId = id;
        save();
        return id;
      }),
    phase: <T>() => frame.phase as T | undefined,
    savePhase: (phase) => {
      frame.phase = phase as Json;
      save();
    },
    runBranch: (child) => runBranch(exec, child),
  };
  return run;
};

const exitedDetails = (name: string, outcome: StateOutcome): Record<string, Json> => ({
  name,
  output: JSON.stringify(outcome.output),
  outputDetails: { truncated: false },
  ...(outcome.assigned
    ? {
        assignedVariables: Object.fromEntries(
          Object.entries(outcome.assigned).map(([key, value]) => [key, JSON.stringify(value)]),
        ),
        assignedVariablesDetails: { truncated: false },
      }
    : {}),
});

/** Runs one state of the branch, recording its entry, exit, abort or evaluation failure. */
const runState = async (run: StateRun, frame: Frame, save: () => void): Promise<StateOutcome> => {
  const type = run.state.Type;
  try {
    return await (STATE_TYPES[type] as (run: StateRun) => Promise<StateOutcome>)(run);
  } catch (error) {
    if (error instanceof RunAborted) {
      if (error.reason !== 'shutdown' && ABORTABLE.has(type)) run.emit(`${type}StateAborted`);
      throw error;
    }
    const failure =
      error instanceof StatesError
        ? error
        : new StatesError('States.Runtime', error instanceof Error ? error.message : String(error));
    if (!(error instanceof StatesError)) {
      run.exec.deps.logger.error('state failed unexpectedly', {
        executionArn: run.exec.arn,
        state: run.name,
        error: error instanceof Error ? error.stack : String(error),
      });
    }
    if (failure.error === 'States.QueryEvaluationError') {
      run.emit('EvaluationFailed', {
        state: run.name,
        error: failure.error,
        ...(failure.causeText ? { cause: failure.causeText } : {}),
        ...(failure.location ? { location: failure.location } : {}),
      });
    }
    frame.result = { error: failure.error, cause: failure.causeText };
    save();
    throw failure;
  }
};

/** Records `<Type>StateEntered` and when, in the same transaction as the frame that says so. */
const enterState = (exec: ExecutionRun, frame: Frame, type: string, save: () => void) => {
  const time = new Date(exec.deps.clock.now()).toISOString();
  exec.deps.store.transaction(() => {
    const eventId = appendEvent(
      exec,
      `${type}StateEntered`,
      {
        name: frame.stateName,
        input: JSON.stringify(frame.input),
        inputDetails: { truncated: false },
      },
      frame.lastEventId,
    );
    frame.entered = { time, eventId };
    frame.lastEventId = eventId;
    save();
  });
};

/**
 * Runs a branch (the state machine itself, a Parallel branch or a Map iteration) from its
 * persisted frame: a fresh branch starts at StartAt; a resumed one re-enters its current state,
 * whose module picks up its own progress; a finished one returns what it ended with.
 */
const runBranch = async (exec: ExecutionRun, spec: BranchSpec): Promise<BranchResult> => {
  const { store } = exec.deps;
  let frame: Frame = store.getFrame<Frame>(exec.arn, spec.key) ?? {
    stateName: spec.branch.StartAt,
    input: spec.input,
    variables: spec.variables,
    step: 0,
    lastEventId: spec.parentEventId,
  };
  const save = () => store.saveFrame(exec.arn, spec.key, frame);
  for (;;) {
    if (frame.result) {
      if ('output' in frame.result) {
        return { output: frame.result.output, lastEventId: frame.lastEventId };
      }
      throw new StatesError(frame.result.error, frame.result.cause);
    }
    if (spec.signal.aborted) {
      throw spec.signal.reason instanceof RunAborted
        ? spec.signal.reason
        : new RunAborted(abortReasonOf(spec.signal));
    }
    const state = spec.branch.States[frame.stateName] as StateDefinition;
    if (!frame.entered) enterState(exec, frame, state.Type, save);
    const run = createStateRun(exec, spec, frame, state);
    const outcome = await runState(run, frame, save);
    if (state.Type !== 'Fail') {
      run.emit(`${state.Type}StateExited`, exitedDetails(frame.stateName, outcome));
    }
    if (outcome.next === undefined) {
      frame = { ...frame, variables: outcome.variables, result: { output: outcome.output } };
      save();
      continue;
    }
    frame = {
      stateName: outcome.next,
      input: outcome.output,
      variables: outcome.variables,
      step: frame.step + 1,
      lastEventId: frame.lastEventId,
    };
    save();
  }
};

export { runBranch };
