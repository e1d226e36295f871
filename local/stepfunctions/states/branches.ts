import { RunAborted } from '../errors.ts';
import type { StateRun } from '../run.ts';

/** The key of a Parallel branch or Map iteration: unique per step and attempt of its state. */
const childKey = (run: StateRun, index: number) =>
  `${run.key}/${run.frame.step}.${run.retryCount}/${index}`;

/** Forgets the children of this state's step once it has finished, however it finished. */
const forgetChildren = (run: StateRun) =>
  run.exec.deps.store.deleteFrames(run.exec.arn, `${run.key}/${run.frame.step}.`);

/**
 * Runs `count` children, at most `limit` at a time (0: all at once). The first failure aborts the
 * others and is what this rejects with; an abort of the state itself wins over it.
 */
const runChildren = async <T>(
  run: StateRun,
  count: number,
  limit: number,
  child: (index: number, signal: AbortSignal) => Promise<T>,
): Promise<T[]> => {
  const controller = new AbortController();
  const onAbort = () => controller.abort(run.signal.reason);
  run.signal.addEventListener('abort', onAbort, { once: true });
  const results: T[] = new Array(count);
  let failure: { error: unknown } | undefined;
  let next = 0;
  const lane = async () => {
    while (next < count && !failure && !controller.signal.aborted) {
      const index = next++;
      try {
        results[index] = await child(index, controller.signal);
      } catch (error) {
        failure ??= { error };
        controller.abort(new RunAborted('branch'));
      }
    }
  };
  const lanes = Math.min(count, limit > 0 ? limit : count);
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    run.signal.removeEventListener('abort', onAbort);
  }
  if (run.signal.aborted) throw run.signal.reason;
  if (failure) throw failure.error;
  return results;
};

export { childKey, forgetChildren, runChildren };
