import type { ExecutionRun } from './run.ts';
import type { Json } from './types.ts';

/**
 * The field a history event's details travel in, as `GetExecutionHistory` names it:
 * `stateEnteredEventDetails` for every `...StateEntered`, `stateExitedEventDetails` for every
 * `...StateExited`, otherwise the type in lower camel case (`taskScheduledEventDetails`).
 */
const detailsField = (type: string) => {
  if (type.endsWith('StateEntered')) return 'stateEnteredEventDetails';
  if (type.endsWith('StateExited')) return 'stateExitedEventDetails';
  return `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;
};

/** Appends one history event; returns its id. */
const appendEvent = (
  exec: Pick<ExecutionRun, 'arn' | 'deps'>,
  type: string,
  details: Record<string, Json> | undefined,
  previousEventId: number,
): number =>
  exec.deps.store.appendEvent(exec.arn, {
    type,
    previousEventId,
    timestampMs: exec.deps.clock.now(),
    details: details ? { [detailsField(type)]: details } : undefined,
  });

export { appendEvent, detailsField };
