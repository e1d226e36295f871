/** The time source of the scheduler; tests inject one they advance by hand. */
interface Clock {
  now(): number;
  /** Calls `fire` after `ms` milliseconds; returns a function that cancels it. */
  setTimer(fire: () => void, ms: number): () => void;
}

/** The system clock; its timers never keep the process alive. */
const systemClock: Clock = {
  now: () => Date.now(),
  setTimer: (fire, ms) => {
    const timer = setTimeout(fire, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export type { Clock };
export { systemClock };
