import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../local/stepfunctions/index.ts';
import { harness } from './support.ts';

const historyOf = async (definition: unknown, input: unknown = {}) => {
  const h = await harness(definition);
  const arn = await h.start(input);
  const done = await h.finished(arn);
  const events = await h.history(arn);
  await h.stop();
  return { done, events };
};

describe('execution history', () => {
  it('records Map iterations in order, each chained to its MapIterationStarted', async () => {
    const { events } = await historyOf(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            MaxConcurrency: 1,
            ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      ['a', 'b'],
    );
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]).toMatchObject({ mapStateStartedEventDetails: { length: 2 } });
    expect(events[7]).toMatchObject({
      mapIterationStartedEventDetails: { name: 'Each', index: 1 },
    });
    expect(events[8]?.previousEventId).toBe(events[7]?.id);
  });

  it('records Parallel branches between ParallelStateStarted and ParallelStateSucceeded', async () => {
    const { events } = await historyOf({
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
            { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
          ],
          End: true,
        },
      },
    });
    const types = events.map((e) => e.type);
    expect(types.slice(0, 3)).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
    ]);
    expect(types.slice(-3)).toEqual([
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'ExecutionSucceeded',
    ]);
    const started = events[2]?.id;
    expect(
      events.filter((e) => e.type === 'PassStateEntered').map((e) => e.previousEventId),
    ).toEqual([started, started]);
  });

  it('records a Fail state’s error and cause on ExecutionFailed', async () => {
    const { done, events } = await historyOf({
      StartAt: 'Stop',
      States: { Stop: { Type: 'Fail', Error: 'CaseClosed', Cause: 'the case was closed' } },
    });
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'CaseClosed',
      cause: 'the case was closed',
    });
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
    expect(events[2]).toMatchObject({
      executionFailedEventDetails: { error: 'CaseClosed', cause: 'the case was closed' },
    });
  });

  it('records assigned variables on the state’s exit', async () => {
    const { events } = await historyOf({
      QueryLanguage: 'JSONata',
      StartAt: 'Set',
      States: { Set: { Type: 'Pass', Assign: { count: 42, name: 'x' }, End: true } },
    });
    expect(events[2]).toMatchObject({
      type: 'PassStateExited',
      stateExitedEventDetails: { name: 'Set', assignedVariables: { count: '42', name: '"x"' } },
    });
  });

  it('times the execution out after its TimeoutSeconds', async () => {
    const clock = createManualClock();
    const h = await harness(
      {
        TimeoutSeconds: 5,
        StartAt: 'Sleep',
        States: { Sleep: { Type: 'Wait', Seconds: 60, End: true } },
      },
      { clock },
    );
    const arn = await h.start();
    await h.until(() => clock.pending() > 1);
    await clock.advance(5_000);
    const done = await h.finished(arn);
    const types = (await h.history(arn)).map((e) => e.type);
    await h.stop();
    expect(done).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(types).toEqual([
      'ExecutionStarted',
      'WaitStateEntered',
      'WaitStateAborted',
      'ExecutionTimedOut',
    ]);
  });
});
