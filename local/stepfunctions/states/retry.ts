import { sleepUntil } from '../clock.ts';
import { StatesError } from '../errors.ts';
import type { StateOutcome, StateRun } from '../run.ts';
import type { Json, Retrier } from '../types.ts';
import { applyCatch } from './catch.ts';
import { errorMatches } from './errors-match.ts';

/** Persisted progress of a retried state: retries per retrier, a due retry, the attempt's own. */
interface RetryPhase {
  attempts: number;
  counts: number[];
  retryAt?: number;
  current?: Json;
}

/** One attempt's access to its own persisted progress. */
interface Attempt<T> {
  current(): T | undefined;
  save(value: T): void;
}

/**
 * The wait before retry number `retriesSoFar + 1`: IntervalSeconds × BackoffRate^retriesSoFar,
 * capped at MaxDelaySeconds; with `JitterStrategy: FULL`, a random share of it.
 */
const retryDelayMs = (retrier: Retrier, retriesSoFar: number, random: () => number): number => {
  const interval = retrier.IntervalSeconds ?? 1;
  const rate = retrier.BackoffRate ?? 2;
  let seconds = interval * rate ** retriesSoFar;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') seconds *= random();
  return Math.round(seconds * 1000);
};

/**
 * Runs a Task, Parallel or Map attempt with its Retry and Catch: the first retrier naming the
 * error retries it while it has attempts left; otherwise the first catcher naming it decides the
 * next state. A pending retry survives a restart.
 */
const runWithRetry = async <T>(
  run: StateRun,
  attempt: (progress: Attempt<T>) => Promise<StateOutcome>,
): Promise<StateOutcome> => {
  const { clock, random } = run.exec.deps;
  const retriers = (run.state.Retry as Retrier[] | undefined) ?? [];
  const phase: RetryPhase = run.phase<RetryPhase>() ?? { attempts: 0, counts: [] };
  for (;;) {
    if (phase.retryAt !== undefined) {
      await sleepUntil(clock, phase.retryAt, run.signal);
      phase.retryAt = undefined;
      phase.current = undefined;
      run.savePhase(phase);
    }
    run.retryCount = phase.attempts;
    try {
      return await attempt({
        current: () => phase.current as T | undefined,
        save: (value) => {
          phase.current = value as Json;
          run.savePhase(phase);
        },
      });
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      const index = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error.error));
      const retrier = retriers[index];
      const used = phase.counts[index] ?? 0;
      if (retrier && used < (retrier.MaxAttempts ?? 3)) {
        phase.counts[index] = used + 1;
        phase.attempts += 1;
        phase.retryAt = clock.now() + retryDelayMs(retrier, used, random);
        phase.current = undefined;
        run.savePhase(phase);
        continue;
      }
      const caught = await applyCatch(run, error);
      if (caught) return caught;
      throw error;
    }
  }
};

export type { Attempt };
export { retryDelayMs, runWithRetry };
