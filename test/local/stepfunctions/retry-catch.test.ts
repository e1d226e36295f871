import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../local/stepfunctions/index.ts';
import { retryDelayMs } from '../../../local/stepfunctions/states/retry.ts';
import { fnArn, functionError, harness, runToEnd, serviceError } from './support.ts';

describe('retry delays', () => {
  it('grows by BackoffRate from IntervalSeconds, as the guide’s example (3 s, then 4.5 s)', () => {
    const retrier = {
      ErrorEquals: ['States.Timeout'],
      IntervalSeconds: 3,
      MaxAttempts: 2,
      BackoffRate: 1.5,
    };
    expect([0, 1].map((n) => retryDelayMs(retrier, n, Math.random))).toEqual([3_000, 4_500]);
  });

  it('uses AWS’s defaults: 1 second, doubling', () => {
    expect(
      [0, 1, 2].map((n) => retryDelayMs({ ErrorEquals: ['States.ALL'] }, n, Math.random)),
    ).toEqual([1_000, 2_000, 4_000]);
  });

  it('caps the delay at MaxDelaySeconds', () => {
    const retrier = {
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 1,
      BackoffRate: 2,
      MaxDelaySeconds: 5,
    };
    expect([0, 1, 2, 3, 4].map((n) => retryDelayMs(retrier, n, Math.random))).toEqual([
      1_000, 2_000, 4_000, 5_000, 5_000,
    ]);
  });

  it('draws a FULL jitter delay between 0 and the computed delay', () => {
    const retrier = {
      ErrorEquals: ['States.ALL'],
      IntervalSeconds: 2,
      BackoffRate: 3,
      MaxDelaySeconds: 10,
      JitterStrategy: 'FULL' as const,
    };
    expect(retryDelayMs(retrier, 1, () => 0)).toBe(0);
    expect(retryDelayMs(retrier, 1, () => 0.5)).toBe(3_000);
    expect(retryDelayMs(retrier, 3, () => 0.999)).toBe(9_990);
    for (let i = 0; i < 100; i += 1) {
      const delay = retryDelayMs(retrier, 2, Math.random);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(10_000);
    }
  });
});

const flakyTask = (retry: Record<string, unknown>[], extra: Record<string, unknown> = {}) => ({
  StartAt: 'Call',
  States: {
    Call: { Type: 'Task', Resource: fnArn('Flaky'), Retry: retry, ...extra, End: true },
    Caught: { Type: 'Pass', End: true },
  },
});

describe('Retry and Catch in executions', () => {
  it('retries after the backoff delays on the clock, then succeeds', async () => {
    const clock = createManualClock();
    const start = clock.now();
    const attemptsAt: number[] = [];
    const h = await harness(
      flakyTask([{ ErrorEquals: ['Flaky'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3 }]),
      {
        clock,
        handlers: {
          Flaky: (_payload, n) => {
            attemptsAt.push(clock.now() - start);
            if (n < 3) throw functionError('Flaky');
            return { ok: true };
          },
        },
      },
    );
    const arn = await h.start();
    await h.until(() => attemptsAt.length === 1 && clock.pending() > 0);
    await clock.advance(1_999);
    expect(attemptsAt).toEqual([0]);
    await clock.advance(1);
    await h.until(() => attemptsAt.length === 2 && clock.pending() > 0);
    await clock.advance(4_000);
    const done = await h.finished(arn);
    const events = await h.history(arn);
    await h.stop();
    expect(attemptsAt).toEqual([0, 2_000, 6_000]);
    expect(done.status).toBe('SUCCEEDED');
    expect(events.filter((e) => e.type === 'LambdaFunctionFailed')).toHaveLength(2);
  });

  it('catches once the retrier’s attempts are spent, with ResultPath', async () => {
    const clock = createManualClock();
    let calls = 0;
    const h = await harness(
      flakyTask([{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 1 }], {
        Catch: [{ ErrorEquals: ['Flaky'], ResultPath: '$.failure', Next: 'Caught' }],
      }),
      {
        clock,
        handlers: {
          Flaky: () => {
            calls += 1;
            throw functionError('Flaky', 'always');
          },
        },
      },
    );
    const arn = await h.start({ keep: 1 });
    await h.until(() => calls === 1 && clock.pending() > 0);
    await clock.advance(1_000);
    const done = await h.finished(arn);
    await h.stop();
    expect(calls).toBe(2);
    const output = JSON.parse(done.output as string);
    expect(output.keep).toBe(1);
    expect(output.failure.Error).toBe('Flaky');
  });

  it('does not retry with MaxAttempts 0', async () => {
    let calls = 0;
    const result = await runToEnd(
      flakyTask([{ ErrorEquals: ['States.ALL'], MaxAttempts: 0 }]),
      {},
      {
        Flaky: () => {
          calls += 1;
          throw functionError('Flaky');
        },
      },
    );
    expect(calls).toBe(1);
    expect(result).toMatchObject({ status: 'FAILED', error: 'Flaky' });
  });

  it('uses only the first retrier that names the error, each with its own count', async () => {
    const clock = createManualClock();
    let calls = 0;
    const h = await harness(
      flakyTask([
        { ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 1 },
        { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 5 },
      ]),
      {
        clock,
        handlers: {
          Flaky: () => {
            calls += 1;
            throw functionError('Flaky');
          },
        },
      },
    );
    const arn = await h.start();
    await h.until(() => calls === 1 && clock.pending() > 0);
    await clock.advance(1_000);
    const done = await h.finished(arn);
    await h.stop();
    expect(calls).toBe(2);
    expect(done.error).toBe('Flaky');
  });

  it('matches States.TaskFailed for any task error but a timeout', async () => {
    const caught = await runToEnd(
      flakyTask([], { Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] }),
      {},
      {
        Flaky: () => {
          throw functionError('Anything');
        },
      },
    );
    expect(caught.status).toBe('SUCCEEDED');
    expect(caught.output).toMatchObject({ Error: 'Anything' });
  });

  it('reports Lambda’s own failures as Lambda.* errors that retriers can name', async () => {
    const clock = createManualClock();
    let calls = 0;
    const h = await harness(
      flakyTask([
        {
          ErrorEquals: ['Lambda.TooManyRequestsException'],
          IntervalSeconds: 1,
          MaxAttempts: 4,
          BackoffRate: 2,
          JitterStrategy: 'FULL',
        },
      ]),
      {
        clock,
        random: () => 1,
        handlers: {
          Flaky: () => {
            calls += 1;
            if (calls === 1) throw serviceError('TooManyRequestsException', 'Rate exceeded');
            return 'ok';
          },
        },
      },
    );
    const arn = await h.start();
    await h.until(() => calls === 1 && clock.pending() > 0);
    await clock.advance(1_000);
    const done = await h.finished(arn);
    await h.stop();
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '"ok"' });
  });

  it('exposes the retry count as $$.State.RetryCount', async () => {
    const clock = createManualClock();
    const seen: unknown[] = [];
    const h = await harness(
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'Flaky', Payload: { 'retry.$': '$$.State.RetryCount' } },
            Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
            End: true,
          },
        },
      },
      {
        clock,
        handlers: {
          Flaky: (payload) => {
            seen.push(payload);
            if (seen.length < 3) throw functionError('Flaky');
            return 1;
          },
        },
      },
    );
    const arn = await h.start();
    await h.until(() => seen.length === 1 && clock.pending() > 0);
    await clock.advance(1_000);
    await h.until(() => seen.length === 2 && clock.pending() > 0);
    await clock.advance(1_000);
    await h.finished(arn);
    await h.stop();
    expect(seen).toEqual([{ retry: 0 }, { retry: 1 }, { retry: 2 }]);
  });
});
