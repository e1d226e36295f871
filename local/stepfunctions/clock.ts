import { RunAborted } from './errors.ts';

/** Time as the engine sees it: injected in tests so no test sleeps for real seconds. */
interface Clock {
  now(): number;
  /** Calls `callback` after `delayMs`; returns a function that cancels it. Never keeps Node alive. */
  setTimer(delayMs: number, callback: () => void): () => void;
}

/** Node's `setTimeout` holds at most ~24.8 days; longer waits (a year's Wait) are chained. */
const MAX_TIMEOUT_MS = 2_147_483_000;

const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, callback) {
    let handle: NodeJS.Timeout;
    const due = Date.now() + Math.max(0, delayMs);
    const arm = () => {
      const left = due - Date.now();
      handle = setTimeout(left > MAX_TIMEOUT_MS ? arm : callback, Math.min(left, MAX_TIMEOUT_MS));
      handle.unref();
    };
    arm();
    return () => clearTimeout(handle);
  },
};

interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order and letting the engine react between them. */
  advance(ms: number): Promise<void>;
  /** How many timers are waiting. */
  pending(): number;
}

const settle = async (rounds = 20) => {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/** A clock that moves only when told; for tests. */
const createManualClock = (startMs = Date.parse('2026-01-05T09:00:00.000Z')): ManualClock => {
  let now = startMs;
  let sequence = 0;
  const timers = new Map<number, { due: number; callback: () => void }>();
  return {
    now: () => now,
    setTimer(delayMs, callback) {
      const id = sequence++;
      if (delayMs <= 0) {
        // As with setTimeout, a timer already due fires on its own, without an advance.
        let cancelled = false;
        setImmediate(() => {
          if (!cancelled) callback();
        });
        return () => {
          cancelled = true;
        };
      }
      timers.set(id, { due: now + delayMs, callback });
      return () => timers.delete(id);
    },
    pending: () => timers.size,
    async advance(ms) {
      const target = now + ms;
      await settle();
      for (;;) {
        let next: [number, { due: number; callback: () => void }] | undefined;
        for (const entry of timers) {
          if (entry[1].due <= target && (!next || entry[1].due < next[1].due)) next = entry;
        }
        if (!next) break;
        timers.delete(next[0]);
        now = Math.max(now, next[1].due);
        next[1].callback();
        await settle();
      }
      now = target;
      await settle();
    },
  };
};

/** Resolves at `dueMs` on the clock, or rejects with the signal's reason when it aborts. */
const sleepUntil = (clock: Clock, dueMs: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason ?? new RunAborted('shutdown'));
      return;
    }
    const onAbort = () => {
      cancel();
      reject(signal.reason ?? new RunAborted('shutdown'));
    };
    const cancel = clock.setTimer(dueMs - clock.now(), () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });

export type { Clock, ManualClock };
export { createManualClock, sleepUntil, systemClock };
