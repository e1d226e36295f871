import type { EventBridgeClock } from './model.ts';

/** Wall-clock time; a sleep never keeps the process alive and ends early when aborted. */
const systemClock: EventBridgeClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        signal?.removeEventListener('abort', done);
        clearTimeout(timer);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** AWS's event time format: ISO 8601 to the second. */
const eventTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export { eventTime, systemClock };
