import { StatesError } from '../errors.ts';
import type { StateRun } from '../run.ts';
import type { Json } from '../types.ts';

interface TokenDeadlines {
  /** When TimeoutSeconds runs out, measured from when the task began. */
  deadlineMs?: number;
  heartbeatSeconds?: number;
}

/**
 * Waits for `SendTaskSuccess` or `SendTaskFailure` on the token, or for the task's timeout or
 * heartbeat timeout. The outcome is read from the store, where the API writes it first, so a
 * token answered while the process was down is found on resume; a deadline that passed while it
 * was down fires at once.
 */
const awaitTaskToken = (run: StateRun, token: string, limits: TokenDeadlines): Promise<Json> => {
  const { store, clock, tokens } = run.exec.deps;
  return new Promise<Json>((resolve, reject) => {
    const cleanups: (() => void)[] = [];
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      for (const cleanup of cleanups) cleanup();
      settle();
    };
    const check = () => {
      const row = store.getToken(token);
      if (!row) {
        finish(() => reject(new StatesError('States.Runtime', 'The task token was lost')));
      } else if (row.status === 'SUCCEEDED') {
        finish(() => resolve(JSON.parse(row.output ?? 'null') as Json));
      } else if (row.status === 'FAILED') {
        finish(() => reject(new StatesError(row.error ?? '', row.cause)));
      }
      return row;
    };
    const expire = (error: 'States.Timeout' | 'States.HeartbeatTimeout') => () => {
      if (store.settleToken(token, 'CLOSED')) finish(() => reject(new StatesError(error)));
      else check();
    };
    const row = check();
    if (done || !row) return;
    if (limits.deadlineMs !== undefined) {
      cleanups.push(clock.setTimer(limits.deadlineMs - clock.now(), expire('States.Timeout')));
    }
    // Heartbeats count from the task's start (or the last heartbeat). Differs from AWS: a
    // heartbeat timeout that falls while the function is still being invoked fires only once the
    // invocation has returned.
    let cancelHeartbeat = () => {};
    const armHeartbeat = () => {
      if (limits.heartbeatSeconds === undefined) return;
      cancelHeartbeat();
      const last = store.getToken(token)?.heartbeatMs ?? row.heartbeatMs;
      cancelHeartbeat = clock.setTimer(
        last + limits.heartbeatSeconds * 1000 - clock.now(),
        expire('States.HeartbeatTimeout'),
      );
    };
    armHeartbeat();
    cleanups.push(() => cancelHeartbeat());
    cleanups.push(tokens.register(token, { settled: check, heartbeat: armHeartbeat }));
    const onAbort = () => finish(() => reject(run.signal.reason));
    if (run.signal.aborted) onAbort();
    else {
      run.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.push(() => run.signal.removeEventListener('abort', onAbort));
    }
  });
};

export { awaitTaskToken };
