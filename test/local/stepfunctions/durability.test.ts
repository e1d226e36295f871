import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, createStepFunctions } from '../../../local/stepfunctions/index.ts';
import {
  call,
  fakeInvoker,
  quietLogger,
  ROLE,
  settingsFor,
  temporaryDir,
  until,
} from './support.ts';

const T0 = Date.parse('2026-02-02T09:00:00Z');

const callbackTask = {
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: 'Notify', Payload: { 'token.$': '$$.Task.Token' } },
  TimeoutSeconds: 60,
};

const definitions = {
  callback: {
    StartAt: 'Await',
    States: {
      Await: {
        ...callbackTask,
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'Late' }],
        End: true,
      },
      Late: { Type: 'Pass', End: true },
    },
  },
  wait: { StartAt: 'Sleep', States: { Sleep: { Type: 'Wait', Seconds: 100, End: true } } },
  inflight: {
    StartAt: 'Call',
    States: {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'Slow' },
        End: true,
      },
    },
  },
  parallel: {
    StartAt: 'Both',
    States: {
      Both: {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'Quick', States: { Quick: { Type: 'Pass', Result: 'quick', End: true } } },
          {
            StartAt: 'Await',
            States: { Await: { ...callbackTask, TimeoutSeconds: 600, End: true } },
          },
        ],
        End: true,
      },
    },
  },
};

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.remove();
});

/** One life of the service on the data folder: a fresh process as far as the engine can tell. */
const life = async (
  dataDir: string,
  atMs: number,
  handlers: Record<string, (p: unknown) => unknown>,
) => {
  const clock = createManualClock(atMs);
  const lambda = fakeInvoker(handlers);
  const sfn = createStepFunctions({
    settings: settingsFor(dataDir),
    logger: quietLogger(),
    lambda,
    clock,
  });
  await sfn.service.start();
  const describe = (executionArn: string) => call(sfn.route, 'DescribeExecution', { executionArn });
  return {
    clock,
    lambda,
    route: sfn.route,
    describe,
    async create(name: keyof typeof definitions) {
      const { stateMachineArn } = await call<{ stateMachineArn: string }>(
        sfn.route,
        'CreateStateMachine',
        {
          name,
          definition: JSON.stringify(definitions[name]),
          roleArn: ROLE,
        },
      );
      const { executionArn } = await call<{ executionArn: string }>(sfn.route, 'StartExecution', {
        stateMachineArn,
        input: '{"case":"c-1"}',
      });
      return executionArn;
    },
    /** Until the callback task's function has returned and the task waits for its token. */
    async submitted(executionArn: string) {
      await until(async () => {
        const { events } = await call<{ events: { type: string }[] }>(
          sfn.route,
          'GetExecutionHistory',
          {
            executionArn,
            maxResults: 1000,
          },
        );
        return events.some((event) => event.type === 'TaskSubmitted');
      });
    },
    async finished(executionArn: string) {
      let last: Record<string, unknown> = {};
      await until(async () => {
        last = await describe(executionArn);
        return last.status !== 'RUNNING';
      });
      return last;
    },
    stop: () => sfn.service.stop(),
  };
};

const folder = () => {
  const dir = temporaryDir();
  dirs.push(dir);
  return dir.dir;
};

describe('durability across a restart', () => {
  it('keeps a task waiting for its token, which the next process accepts', async () => {
    const dataDir = folder();
    const tokens: string[] = [];
    const first = await life(dataDir, T0, {
      Notify: (p) => tokens.push((p as { token: string }).token),
    });
    const arn = await first.create('callback');
    await first.submitted(arn);
    await first.stop();

    const second = await life(dataDir, T0 + 30_000, {
      Notify: (p) => tokens.push((p as { token: string }).token),
    });
    expect((await second.describe(arn)).status).toBe('RUNNING');
    await call(second.route, 'SendTaskSuccess', {
      taskToken: tokens[0],
      output: '{"decision":"accepted"}',
    });
    const done = await second.finished(arn);
    await second.stop();
    expect(done.output).toBe('{"decision":"accepted"}');
    expect(tokens).toHaveLength(1);
  });

  it('times a task out at once when its timeout passed while the process was down', async () => {
    const dataDir = folder();
    const first = await life(dataDir, T0, { Notify: () => null });
    const arn = await first.create('callback');
    await first.submitted(arn);
    await first.stop();

    const second = await life(dataDir, T0 + 61_000, { Notify: () => null });
    const done = await second.finished(arn);
    await second.stop();
    expect(JSON.parse(done.output as string)).toEqual({
      case: 'c-1',
      timedOut: { Error: 'States.Timeout' },
    });
  });

  it('measures the timeout from when the task began, not from the restart', async () => {
    const dataDir = folder();
    const first = await life(dataDir, T0, { Notify: () => null });
    const arn = await first.create('callback');
    await first.submitted(arn);
    await first.stop();

    const second = await life(dataDir, T0 + 40_000, { Notify: () => null });
    await second.clock.advance(19_999);
    expect((await second.describe(arn)).status).toBe('RUNNING');
    await second.clock.advance(1);
    const done = await second.finished(arn);
    await second.stop();
    expect(JSON.parse(done.output as string).timedOut).toEqual({ Error: 'States.Timeout' });
  });

  it('resumes a Wait for the time it had left', async () => {
    const dataDir = folder();
    const first = await life(dataDir, T0, {});
    const arn = await first.create('wait');
    await until(() => first.clock.pending() > 0);
    await first.clock.advance(30_000);
    await first.stop();

    const second = await life(dataDir, T0 + 50_000, {});
    await second.clock.advance(49_999);
    expect((await second.describe(arn)).status).toBe('RUNNING');
    await second.clock.advance(1);
    const done = await second.finished(arn);
    await second.stop();
    expect(done.status).toBe('SUCCEEDED');
  });

  it('runs a Lambda task again that was in flight when the process stopped (AWS would not)', async () => {
    const dataDir = folder();
    const first = await life(dataDir, T0, { Slow: () => new Promise(() => {}) });
    const arn = await first.create('inflight');
    await until(() => first.lambda.calls.length === 1);
    await first.stop();

    const second = await life(dataDir, T0 + 1_000, { Slow: () => ({ done: true }) });
    const done = await second.finished(arn);
    await second.stop();
    expect(JSON.parse(done.output as string).Payload).toEqual({ done: true });
    expect(second.lambda.calls).toHaveLength(1);
  });

  it('resumes a Parallel whose one branch finished and whose other waits for a token', async () => {
    const dataDir = folder();
    const tokens: string[] = [];
    const first = await life(dataDir, T0, {
      Notify: (p) => tokens.push((p as { token: string }).token),
    });
    const arn = await first.create('parallel');
    await first.submitted(arn);
    await first.stop();

    const second = await life(dataDir, T0 + 5_000, {
      Notify: (p) => tokens.push((p as { token: string }).token),
    });
    await call(second.route, 'SendTaskSuccess', { taskToken: tokens[0], output: '"answered"' });
    const done = await second.finished(arn);
    const history = await call<{ events: { type: string }[] }>(
      second.route,
      'GetExecutionHistory',
      { executionArn: arn, maxResults: 1000 },
    );
    await second.stop();
    expect(JSON.parse(done.output as string)).toEqual(['quick', 'answered']);
    expect(history.events.filter((e) => e.type === 'ParallelStateStarted')).toHaveLength(1);
    expect(tokens).toHaveLength(1);
  });
});
