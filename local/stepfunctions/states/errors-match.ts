import { UNCATCHABLE } from '../errors.ts';

const TIMEOUTS = new Set(['States.Timeout', 'States.HeartbeatTimeout']);

/**
 * Whether a retrier's or catcher's `ErrorEquals` names the error: by name; `States.ALL` for any
 * error but `States.Runtime`; `States.TaskFailed` for any but the timeouts; `States.Timeout` also
 * for a heartbeat timeout, which AWS documents as one kind of task timeout.
 */
const errorMatches = (errorEquals: readonly string[], error: string): boolean => {
  if (UNCATCHABLE.has(error)) return false;
  return errorEquals.some(
    (name) =>
      name === error ||
      name === 'States.ALL' ||
      (name === 'States.TaskFailed' && !TIMEOUTS.has(error)) ||
      (name === 'States.Timeout' && error === 'States.HeartbeatTimeout'),
  );
};

export { errorMatches };
