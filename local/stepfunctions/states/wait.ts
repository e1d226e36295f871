import { sleepUntil } from '../clock.ts';
import { StatesError } from '../errors.ts';
import { evaluateJsonPath } from '../query/jsonpath.ts';
import { stateFailure } from '../query/payload-template.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import type { Json } from '../types.ts';
import {
  applyInputPath,
  applyOutputPath,
  evaluateAssign,
  evaluateJsonataField,
  outcome,
  pathScope,
} from './io.ts';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp (upper-case `T`, a `Z` or an offset), as ASL requires; else undefined. */
const parseTimestamp = (value: unknown): number | undefined =>
  typeof value === 'string' && TIMESTAMP.test(value) ? Date.parse(value) : undefined;

const invalid = (run: StateRun, text: string) =>
  new StatesError('States.Runtime', stateFailure(run.where, text));

const fromPath = (run: StateRun, field: string, input: Json): Json => {
  const path = run.state[field] as string;
  const result = evaluateJsonPath(path, pathScope(run, input));
  if (!result.found) throw invalid(run, `Invalid path '${path}' : No results for path: ${path}`);
  return result.value;
};

const seconds = (run: StateRun, value: Json, field: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(
      run,
      `The value of '${field}' must be a non-negative integer: ${JSON.stringify(value)}`,
    );
  }
  return value;
};

const timestamp = (run: StateRun, value: Json, field: string): number => {
  const at = parseTimestamp(value);
  if (at === undefined) {
    throw invalid(
      run,
      `The value of '${field}' is not a valid timestamp: ${JSON.stringify(value)}`,
    );
  }
  return at;
};

/** When the wait ends, from whichever of its four fields the state has. */
const dueAt = async (run: StateRun, effectiveInput: Json): Promise<number> => {
  const { state } = run;
  const now = run.exec.deps.clock.now();
  const evaluate = (field: string) =>
    run.language === 'JSONata'
      ? evaluateJsonataField(run, state[field], field)
      : (state[field] as Json);
  if (state.Seconds !== undefined)
    return now + 1000 * seconds(run, await evaluate('Seconds'), 'Seconds');
  if (state.Timestamp !== undefined)
    return timestamp(run, await evaluate('Timestamp'), 'Timestamp');
  if (state.SecondsPath !== undefined) {
    return now + 1000 * seconds(run, fromPath(run, 'SecondsPath', effectiveInput), 'SecondsPath');
  }
  return timestamp(run, fromPath(run, 'TimestampPath', effectiveInput), 'TimestampPath');
};

/** Wait: its due time is persisted when it starts, so a restart waits only what is left. */
const runWait = async (run: StateRun): Promise<StateOutcome> => {
  const effective = run.language === 'JSONata' ? run.input : applyInputPath(run);
  let phase = run.phase<{ until: number }>();
  if (!phase) {
    phase = { until: await dueAt(run, effective) };
    run.savePhase(phase);
  }
  await sleepUntil(run.exec.deps.clock, phase.until, run.signal);
  if (run.language === 'JSONata') {
    const assigned = await evaluateAssign(run, run.state.Assign, run.input);
    const output =
      run.state.Output === undefined
        ? run.input
        : await evaluateJsonataField(run, run.state.Output, 'Output');
    return outcome(run, output, assigned);
  }
  const assigned = await evaluateAssign(run, run.state.Assign, effective);
  return outcome(run, applyOutputPath(run, effective), assigned);
};

export { parseTimestamp, runWait };
