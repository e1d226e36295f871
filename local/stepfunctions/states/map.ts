import { abortReasonOf, StatesError } from '../errors.ts';
import { evaluateJsonPath } from '../query/jsonpath.ts';
import { resolvePayloadTemplate, stateFailure } from '../query/payload-template.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import type { BranchDefinition, Json } from '../types.ts';
import { childKey, forgetChildren, runChildren } from './branches.ts';
import { applyInputPath, completeWithResult, evaluateJsonataField, pathScope } from './io.ts';
import { type Attempt, runWithRetry } from './retry.ts';

interface MapProgress {
  inputs: Json[];
  maxConcurrency: number;
  startedEventId: number;
}

const runtimeError = (run: StateRun, text: string) =>
  new StatesError('States.Runtime', stateFailure(run.where, text));

const itemsOf = async (run: StateRun, effective: Json): Promise<Json> => {
  if (run.language === 'JSONata') {
    return run.state.Items === undefined
      ? run.input
      : evaluateJsonataField(run, run.state.Items, 'Items');
  }
  const path = (run.state.ItemsPath as string | undefined) ?? '$';
  const found = evaluateJsonPath(path, pathScope(run, effective));
  if (!found.found)
    throw runtimeError(run, `Invalid path '${path}' : No results for path: ${path}`);
  return found.value;
};

const maxConcurrencyOf = async (run: StateRun, effective: Json): Promise<number> => {
  let value: unknown = run.state.MaxConcurrency;
  if (value !== undefined && run.language === 'JSONata') {
    value = await evaluateJsonataField(run, value, 'MaxConcurrency');
  } else if (value === undefined && typeof run.state.MaxConcurrencyPath === 'string') {
    const found = evaluateJsonPath(run.state.MaxConcurrencyPath, pathScope(run, effective));
    value = found.found ? found.value : undefined;
  }
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw runtimeError(
      run,
      `MaxConcurrency must be a non-negative integer: ${JSON.stringify(value)}`,
    );
  }
  return value;
};

/** Each iteration's input: the item, or ItemSelector (Parameters) with `$$.Map.Item`. */
const iterationInput = async (
  run: StateRun,
  effective: Json,
  item: Json,
  index: number,
): Promise<Json> => {
  const mapItem = { Index: index, Value: item };
  if (run.language === 'JSONata') {
    return run.state.ItemSelector === undefined
      ? item
      : evaluateJsonataField(run, run.state.ItemSelector, 'ItemSelector', { mapItem });
  }
  const selector = run.state.ItemSelector ?? run.state.Parameters;
  if (selector === undefined) return item;
  return resolvePayloadTemplate(selector, pathScope(run, effective, { mapItem }), run.where);
};

const begin = async (run: StateRun): Promise<MapProgress> => {
  const effective = run.language === 'JSONata' ? run.input : applyInputPath(run);
  const items = await itemsOf(run, effective);
  if (!Array.isArray(items)) {
    throw runtimeError(
      run,
      `The items of the Map state must be an array: ${JSON.stringify(items)}`,
    );
  }
  const maxConcurrency = await maxConcurrencyOf(run, effective);
  const inputs: Json[] = [];
  for (const [index, item] of items.entries()) {
    inputs.push(await iterationInput(run, effective, item, index));
  }
  const startedEventId = run.emit('MapStateStarted', { length: inputs.length });
  return { inputs, maxConcurrency, startedEventId };
};

const attemptMap = async (run: StateRun, attempt: Attempt<MapProgress>): Promise<StateOutcome> => {
  let progress = attempt.current();
  if (!progress) {
    progress = await begin(run);
    attempt.save(progress);
  }
  const { inputs, maxConcurrency, startedEventId } = progress;
  const processor = (run.state.ItemProcessor ?? run.state.Iterator) as BranchDefinition;
  const { store } = run.exec.deps;
  let lastEventId = startedEventId;
  let outputs: Json[];
  try {
    outputs = await runChildren(run, inputs.length, maxConcurrency, async (index, signal) => {
      const key = childKey(run, index);
      const iteration = { name: run.name, index };
      const resumed = store.getFrame(run.exec.arn, key) !== undefined;
      const parentEventId = resumed
        ? startedEventId
        : run.emit('MapIterationStarted', iteration, startedEventId);
      try {
        const done = await run.runBranch({
          key,
          branch: processor,
          language: processor.QueryLanguage ?? run.exec.definition.QueryLanguage ?? 'JSONPath',
          input: inputs[index] as Json,
          variables: run.variables,
          parentEventId,
          signal,
        });
        lastEventId = Math.max(
          lastEventId,
          run.emit('MapIterationSucceeded', iteration, done.lastEventId),
        );
        return done.output;
      } catch (error) {
        const failed = error instanceof StatesError;
        if (failed || (signal.aborted && abortReasonOf(signal) !== 'shutdown')) {
          run.emit(failed ? 'MapIterationFailed' : 'MapIterationAborted', iteration, parentEventId);
        }
        throw error;
      }
    });
  } catch (error) {
    if (error instanceof StatesError) {
      run.emit('MapStateFailed');
      forgetChildren(run);
    }
    throw error;
  }
  run.emit('MapStateSucceeded', undefined, lastEventId);
  forgetChildren(run);
  return completeWithResult(run, outputs);
};

/**
 * Map (inline): runs its item processor for each item, at most MaxConcurrency at a time, and
 * outputs the array of the iterations' outputs in item order.
 */
const runMap = (run: StateRun): Promise<StateOutcome> =>
  runWithRetry<MapProgress>(run, (attempt) => attemptMap(run, attempt));

export { runMap };
