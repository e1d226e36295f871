import type { Clock } from '../../../local/scheduler/clock.ts';

const SWEEP_ARN = 'arn:aws:lambda:eu-west-2:123456789012:function:baton-test-stall-sweep';

/** A clock that only moves when the test advances it, firing the timers that fall due. */
const manualClock = (start: string) => {
  let now = Date.parse(start);
  let timers: Array<{ at: number; fire: () => void }> = [];
  const clock: Clock = {
    now: () => now,
    setTimer: (fire, ms) => {
      const timer = { at: now + ms, fire };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const advance = async (ms: number) => {
    const until = now + ms;
    for (;;) {
      await settle();
      const due = timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.fire();
    }
    now = until;
    await settle();
  };
  return { clock, advance };
};

/** Records the asynchronous invocations the scheduler makes; fails for unknown functions. */
const recordingLambda = (known: string[] = [SWEEP_ARN]) => {
  const calls: Array<{ functionId: string; payload: unknown }> = [];
  return {
    calls,
    invokeAsync: async (functionId: string, payload: unknown) => {
      if (!known.includes(functionId)) {
        throw Object.assign(new Error(`Function not found: ${functionId}`), {
          name: 'ResourceNotFoundException',
        });
      }
      calls.push({ functionId, payload });
      return { requestId: `request-${calls.length}` };
    },
  };
};

export { manualClock, recordingLambda, SWEEP_ARN };
