import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../local/stepfunctions/index.ts';
import { harness } from './support.ts';

const waitThenDone = (wait: Record<string, unknown>, language?: string) => ({
  ...(language ? { QueryLanguage: language } : {}),
  StartAt: 'Wait',
  States: { Wait: { Type: 'Wait', ...wait, Next: 'Done' }, Done: { Type: 'Succeed' } },
});

/** Starts the definition on a manual clock and reports the status after each advance. */
const statusesAfter = async (definition: unknown, input: unknown, steps: number[]) => {
  const clock = createManualClock(Date.parse('2026-03-14T01:00:00Z'));
  const h = await harness(definition, { clock });
  const arn = await h.start(input);
  await h.until(() => clock.pending() > 0);
  const statuses: string[] = [];
  for (const ms of steps) {
    await clock.advance(ms);
    statuses.push((await h.describe(arn)).status as string);
  }
  const types = (await h.history(arn)).map((event) => event.type);
  await h.stop();
  return { statuses, types };
};

describe('Wait', () => {
  it('waits the given Seconds on the clock', async () => {
    const { statuses, types } = await statusesAfter(waitThenDone({ Seconds: 10 }), {}, [9_999, 1]);
    expect(statuses).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(types).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('waits until a Timestamp', async () => {
    const { statuses } = await statusesAfter(
      waitThenDone({ Timestamp: '2026-03-14T01:59:00Z' }),
      {},
      [58 * 60_000, 60_000],
    );
    expect(statuses).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('reads SecondsPath and TimestampPath from the input', async () => {
    expect(
      (await statusesAfter(waitThenDone({ SecondsPath: '$.delay' }), { delay: 5 }, [4_000, 1_000]))
        .statuses,
    ).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(
      (
        await statusesAfter(
          waitThenDone({ TimestampPath: '$.until' }),
          { until: '2026-03-14T01:00:30+00:00' },
          [29_000, 1_000],
        )
      ).statuses,
    ).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('evaluates JSONata Seconds and Timestamp', async () => {
    expect(
      (
        await statusesAfter(
          waitThenDone({ Seconds: '{% $states.input.minutes * 60 %}' }, 'JSONata'),
          { minutes: 2 },
          [119_000, 1_000],
        )
      ).statuses,
    ).toEqual(['RUNNING', 'SUCCEEDED']);
    expect(
      (
        await statusesAfter(
          waitThenDone({ Timestamp: '{% $states.input.at %}' }, 'JSONata'),
          { at: '2026-03-14T01:00:03Z' },
          [2_000, 1_000],
        )
      ).statuses,
    ).toEqual(['RUNNING', 'SUCCEEDED']);
  });

  it('goes on at once for a timestamp in the past', async () => {
    const h = await harness(waitThenDone({ Timestamp: '2001-01-01T00:00:00Z' }), {
      clock: createManualClock(),
    });
    const done = await h.finished(await h.start());
    await h.stop();
    expect(done.status).toBe('SUCCEEDED');
  });

  it('fails with States.Runtime for a SecondsPath that is not a non-negative integer', async () => {
    const h = await harness(waitThenDone({ SecondsPath: '$.delay' }));
    const done = await h.finished(await h.start({ delay: 'soon' }));
    await h.stop();
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
