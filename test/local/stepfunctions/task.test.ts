import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../local/stepfunctions/index.ts';
import { call, fnArn, functionError, harness, runToEnd } from './support.ts';

const invoke = (
  extra: Record<string, unknown> = {},
  resource = 'arn:aws:states:::lambda:invoke',
) => ({
  StartAt: 'Call',
  States: { Call: { Type: 'Task', Resource: resource, ...extra, End: true } },
});

describe('Task: Lambda', () => {
  it('wraps the function result as Lambda’s Invoke response for lambda:invoke', async () => {
    const result = await runToEnd(
      invoke({ Parameters: { FunctionName: fnArn('Add'), 'Payload.$': '$' } }),
      { a: 1, b: 2 },
      { Add: (event) => ({ sum: (event as { a: number }).a + (event as { b: number }).b }) },
    );
    expect(result.output).toMatchObject({
      ExecutedVersion: '$LATEST',
      Payload: { sum: 3 },
      StatusCode: 200,
      SdkHttpMetadata: { HttpStatusCode: 200 },
    });
    expect(
      (result.output as { SdkResponseMetadata: { RequestId: string } }).SdkResponseMetadata
        .RequestId,
    ).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns the bare result for a function ARN resource', async () => {
    const result = await runToEnd(invoke({}, fnArn('Add')), { a: 1, b: 2 }, { Add: () => 3 });
    expect(result.output).toBe(3);
  });

  it('surfaces a function error under the handler’s error name for Catch', async () => {
    const h = await harness(
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'Decide', Payload: {} },
            Catch: [{ ErrorEquals: ['HandoverNoLongerPending'], Next: 'AlreadyResolved' }],
            End: true,
          },
          AlreadyResolved: { Type: 'Succeed' },
        },
      },
      {
        handlers: {
          Decide: () => {
            throw functionError('HandoverNoLongerPending', 'handover h-1 is accepted');
          },
        },
      },
    );
    const arn = await h.start();
    const done = await h.finished(arn);
    const failed = (await h.history(arn)).find((event) => event.type === 'TaskFailed');
    await h.stop();
    expect(done.status).toBe('SUCCEEDED');
    expect(failed).toMatchObject({
      taskFailedEventDetails: {
        resourceType: 'lambda',
        resource: 'invoke',
        error: 'HandoverNoLongerPending',
      },
    });
  });

  it('fails with Lambda.ResourceNotFoundException for a function that does not exist', async () => {
    const result = await runToEnd(invoke({ Parameters: { FunctionName: 'Nowhere' } }), {});
    expect(result.status).toBe('FAILED');
    expect(result.error).toBe('Lambda.ResourceNotFoundException');
    expect(result.cause).toMatch(/^Function not found: Nowhere/);
  });

  it('times out a slow function after TimeoutSeconds with States.Timeout', async () => {
    const clock = createManualClock();
    let started = false;
    const h = await harness(invoke({ Parameters: { FunctionName: 'Slow' }, TimeoutSeconds: 30 }), {
      clock,
      handlers: {
        Slow: () => {
          started = true;
          return new Promise(() => {});
        },
      },
    });
    const arn = await h.start();
    await h.until(() => started && clock.pending() > 0);
    await clock.advance(30_000);
    const done = await h.finished(arn);
    const types = (await h.history(arn)).map((event) => event.type);
    await h.stop();
    expect(done.error).toBe('States.Timeout');
    expect(types).toContain('TaskTimedOut');
  });
});

const callback = (extra: Record<string, unknown> = {}) =>
  invoke({
    Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
    Parameters: {
      FunctionName: 'Notify',
      Payload: { 'token.$': '$$.Task.Token', 'order.$': '$.order' },
    },
    ...extra,
  });

/** Starts a callback task and returns the token the function was handed. */
const startCallback = async (
  definition: unknown,
  input: unknown = { order: 'o-1' },
  clock = createManualClock(),
) => {
  const tokens: string[] = [];
  const h = await harness(definition, {
    clock,
    handlers: {
      Notify: (payload) => {
        tokens.push((payload as { token: string }).token);
        return null;
      },
    },
  });
  const arn = await h.start(input);
  await h.until(
    async () => tokens.length > 0 && (await h.history(arn)).some((e) => e.type === 'TaskSubmitted'),
  );
  return { h, arn, token: tokens[0] as string, clock };
};

describe('Task: .waitForTaskToken', () => {
  it('waits until SendTaskSuccess, whose output becomes the result', async () => {
    const { h, arn, token } = await startCallback(callback());
    expect(token.length).toBeLessThanOrEqual(2048);
    expect((await h.describe(arn)).status).toBe('RUNNING');
    await call(h.sfn.route, 'SendTaskSuccess', {
      taskToken: token,
      output: JSON.stringify({ decision: 'accepted' }),
    });
    const done = await h.finished(arn);
    const types = (await h.history(arn)).map((event) => event.type);
    await h.stop();
    expect(done.output).toBe('{"decision":"accepted"}');
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails with the error SendTaskFailure gives', async () => {
    const { h, arn, token } = await startCallback(callback());
    await call(h.sfn.route, 'SendTaskFailure', {
      taskToken: token,
      error: 'Declined',
      cause: 'not ours',
    });
    const done = await h.finished(arn);
    await h.stop();
    expect(done).toMatchObject({ status: 'FAILED', error: 'Declined', cause: 'not ours' });
  });

  it('times out after TimeoutSeconds, and the late answer gets TaskTimedOut', async () => {
    const { h, arn, token, clock } = await startCallback(callback({ TimeoutSeconds: 60 }));
    await clock.advance(60_000);
    const done = await h.finished(arn);
    const late = await call(h.sfn.route, 'SendTaskSuccess', {
      taskToken: token,
      output: '{}',
    }).catch((e) => e);
    await h.stop();
    expect(done.error).toBe('States.Timeout');
    expect(late).toMatchObject({
      name: 'TaskTimedOut',
      message: "Task Timed Out: 'Provided task does not exist anymore'",
    });
  });

  it('times out with States.HeartbeatTimeout unless heartbeats arrive in time', async () => {
    const { h, arn, token, clock } = await startCallback(
      callback({ TimeoutSeconds: 600, HeartbeatSeconds: 10 }),
    );
    await clock.advance(8_000);
    await call(h.sfn.route, 'SendTaskHeartbeat', { taskToken: token });
    await clock.advance(8_000);
    expect((await h.describe(arn)).status).toBe('RUNNING');
    await clock.advance(2_000);
    const done = await h.finished(arn);
    const timedOut = (await h.history(arn)).find((event) => event.type === 'TaskTimedOut');
    await h.stop();
    expect(done.error).toBe('States.HeartbeatTimeout');
    expect(timedOut).toMatchObject({
      taskTimedOutEventDetails: { error: 'States.HeartbeatTimeout' },
    });
  });

  it('reads TimeoutSecondsPath from the input', async () => {
    const definition = invoke({
      Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
      Parameters: { FunctionName: 'Notify', Payload: { 'token.$': '$$.Task.Token' } },
      TimeoutSecondsPath: '$.limit',
    });
    const { h, arn, clock } = await startCallback(definition, { limit: 5 });
    await clock.advance(4_999);
    expect((await h.describe(arn)).status).toBe('RUNNING');
    await clock.advance(1);
    const done = await h.finished(arn);
    await h.stop();
    expect(done.error).toBe('States.Timeout');
  });

  it('answers InvalidToken and TaskDoesNotExist for tokens it never issued', async () => {
    const { h } = await startCallback(callback());
    const invalid = await call(h.sfn.route, 'SendTaskSuccess', {
      taskToken: 'not-a-token',
      output: '{}',
    }).catch((e) => e);
    const unknown = await call(h.sfn.route, 'SendTaskSuccess', {
      taskToken: `AQB${'A'.repeat(128)}`,
      output: '{}',
    }).catch((e) => e);
    await h.stop();
    expect(invalid.name).toBe('InvalidToken');
    expect(unknown.name).toBe('TaskDoesNotExist');
  });
});
