import { setTimeout as sleep } from 'node:timers/promises';
import { type Decision, decide } from '#domain/decide.ts';
import type { CaseInput } from '#domain/inputs.ts';
import type { Case } from '#schemas/case.ts';
import type { CaseStore } from './case-store.ts';
import { ConcurrentUpdateError } from './errors.ts';

/** Attempts before a lost race is reported as `ConcurrentUpdateError` for the caller to retry. */
const ATTEMPTS = 5;

/**
 * Applies one input to a case: read, decide, commit; when another writer won the race, start
 * again from a fresh read. A duplicate input (seen by the case, or claimed by an earlier commit)
 * changes nothing. Domain errors pass through unchanged.
 *
 * @example await applyInput(store, () => store.getOpenCase(customerId), input)
 */
const applyInput = async (
  store: CaseStore,
  locate: () => Promise<Case | undefined>,
  input: CaseInput,
): Promise<Decision> => {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const current = await locate();
    const decision = decide(current, input, store.config);
    if (decision.outcome !== 'applied') return decision;
    const claim = input.kind === 'tick' ? undefined : input.inputId;
    const outcome = await store.commit(current, decision, claim);
    if (outcome === 'committed') return decision;
    if (outcome === 'duplicate') {
      return { outcome: 'duplicate', case: current, events: [], audit: [] };
    }
    await sleep(Math.random() * 20 * 2 ** attempt);
  }
  throw new ConcurrentUpdateError(`input ${input.inputId} lost the race ${ATTEMPTS} times`);
};

export { applyInput };
