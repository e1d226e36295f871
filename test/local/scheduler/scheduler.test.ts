import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TemplateResource } from '../../../local/contracts.ts';
import { createLambda } from '../../../local/lambda/index.ts';
import { createScheduler } from '../../../local/scheduler/index.ts';
import { memoryDeadLetters } from '../../fixtures/local/lambda/dead-letters.ts';
import { capturedLogger } from '../../fixtures/local/lambda/logs.ts';
import {
  fixtureAssetDir,
  fixtureFunction,
  testSettings,
} from '../../fixtures/local/lambda/template.ts';
import { manualClock, recordingLambda, SWEEP_ARN } from './manual-clock.ts';

const MINUTE = 60_000;

const schedule = (properties: Record<string, unknown>): TemplateResource => ({
  logicalId: 'StallSweepSchedule',
  type: 'AWS::Scheduler::Schedule',
  ref: 'baton-test-stall-sweep',
  attributes: {
    Arn: 'arn:aws:scheduler:eu-west-2:123456789012:schedule/default/baton-test-stall-sweep',
  },
  properties: {
    Name: 'baton-test-stall-sweep',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ScheduleExpression: 'rate(5 minutes)',
    ScheduleExpressionTimezone: 'Etc/UTC',
    State: 'ENABLED',
    Target: {
      Arn: SWEEP_ARN,
      RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 },
      DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-2:123456789012:sweep-dead-letters' },
    },
    ...properties,
  },
});

const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('local scheduler', () => {
  const { logger, lines } = capturedLogger('scheduler');

  const started = async (
    schedules: TemplateResource[],
    lambda: Pick<ReturnType<typeof recordingLambda>, 'invokeAsync'>,
    start = '2026-03-02T10:00:00Z',
  ) => {
    const { clock, advance } = manualClock(start);
    const deadLetters = memoryDeadLetters();
    const scheduler = createScheduler({
      logger,
      lambda,
      schedules,
      clock,
      deadLetters,
      retryDelayMs: () => 1_000,
    });
    await scheduler.service.start();
    stops.push(() => scheduler.service.stop());
    return { advance, deadLetters, scheduler };
  };

  it('runs rate(5 minutes) at once, then every five minutes, with an empty payload', async () => {
    // Prepare
    const lambda = recordingLambda();
    const { advance } = await started([schedule({})], lambda);

    // Act
    await advance(12 * MINUTE);

    // Assess
    expect(lambda.calls).toEqual([
      { functionId: SWEEP_ARN, payload: {} },
      { functionId: SWEEP_ARN, payload: {} },
      { functionId: SWEEP_ARN, payload: {} },
    ]);
    const ran = lines.filter((l) => l.message === 'schedule ran').map((l) => l.scheduledTime);
    expect(ran.slice(-3)).toEqual([
      '2026-03-02T10:00:00.000Z',
      '2026-03-02T10:05:00.000Z',
      '2026-03-02T10:10:00.000Z',
    ]);
  });

  it('runs a cron schedule on its time zone’s wall clock, filling in the context attributes', async () => {
    // Prepare
    const lambda = recordingLambda();
    const { advance } = await started(
      [
        schedule({
          ScheduleExpression: 'cron(0 9 ? * MON-FRI *)',
          ScheduleExpressionTimezone: 'Europe/London',
          Target: {
            Arn: SWEEP_ARN,
            Input:
              '{"at":"<aws.scheduler.scheduled-time>","attempt":"<aws.scheduler.attempt-number>","schedule":"<aws.scheduler.schedule-arn>"}',
          },
        }),
      ],
      lambda,
      '2026-06-05T07:00:00Z',
    );

    // Act
    await advance(4 * 24 * 60 * MINUTE);

    // Assess
    expect(lambda.calls.map((c) => (c.payload as { at: string }).at)).toEqual([
      '2026-06-05T08:00:00Z',
      '2026-06-08T08:00:00Z',
    ]);
    expect(lambda.calls[0]?.payload).toMatchObject({
      attempt: '1',
      schedule: 'arn:aws:scheduler:eu-west-2:123456789012:schedule/default/baton-test-stall-sweep',
    });
  });

  it('never runs a disabled schedule', async () => {
    // Prepare
    const lambda = recordingLambda();
    const { advance } = await started([schedule({ State: 'DISABLED' })], lambda);

    // Act
    await advance(30 * MINUTE);

    // Assess
    expect(lambda.calls).toEqual([]);
  });

  it('retries an invocation that fails with the retry policy, then puts it in the dead-letter store', async () => {
    // Prepare
    const { advance, deadLetters } = await started([schedule({})], recordingLambda([]));

    // Act
    await advance(4_000);

    // Assess
    expect(deadLetters.entries).toHaveLength(1);
    expect(deadLetters.entries[0]).toMatchObject({
      source: 'scheduler:baton-test-stall-sweep',
      target: SWEEP_ARN,
      errorType: 'ResourceNotFoundException',
      attempts: 3,
      payload: {},
    });
  });

  it('runs a scheduled rule one period after start with the Scheduled Event', async () => {
    // Prepare
    const rule: TemplateResource = {
      logicalId: 'HourlyRule',
      type: 'AWS::Events::Rule',
      ref: 'baton-test-hourly',
      attributes: { Arn: 'arn:aws:events:eu-west-2:123456789012:rule/baton-test-hourly' },
      properties: {
        Name: 'baton-test-hourly',
        ScheduleExpression: 'rate(1 hour)',
        State: 'ENABLED',
        Targets: [{ Id: 'Target0', Arn: SWEEP_ARN }],
      },
    };
    const busRule: TemplateResource = {
      ...rule,
      logicalId: 'BusRule',
      properties: { EventPattern: { source: ['billing'] }, Targets: [{ Id: 'T', Arn: SWEEP_ARN }] },
    };
    const lambda = recordingLambda();
    const { advance } = await started([rule, busRule], lambda);

    // Act
    await advance(59 * MINUTE);
    const beforeTheHour = lambda.calls.length;
    await advance(MINUTE);

    // Assess
    expect(beforeTheHour).toBe(0);
    expect(lambda.calls).toHaveLength(1);
    expect(lambda.calls[0]?.payload).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '123456789012',
      region: 'eu-west-2',
      time: '2026-03-02T11:00:00Z',
      resources: ['arn:aws:events:eu-west-2:123456789012:rule/baton-test-hourly'],
      detail: {},
    });
  });

  it('runs nothing more once stopped', async () => {
    // Prepare
    const lambda = recordingLambda();
    const { advance, scheduler } = await started([schedule({})], lambda);
    await advance(MINUTE);

    // Act
    await scheduler.service.stop();
    await advance(30 * MINUTE);

    // Assess
    expect(lambda.calls).toHaveLength(1);
  });

  it('invokes the real local Lambda function of its target', async () => {
    // Prepare
    const { logger: lambdaLogger, lines: lambdaLines } = capturedLogger('lambda');
    const lambda = createLambda({
      settings: testSettings(),
      logger: lambdaLogger,
      deadLetters: memoryDeadLetters(),
      functions: [fixtureFunction('echo', 'baton-test-stall-sweep')],
      invokeConfigs: [],
      assetDir: fixtureAssetDir,
      environment: {},
      output: () => undefined,
    });
    await lambda.service.start();
    stops.push(() => lambda.service.stop());

    // Act
    const { advance } = await started([schedule({})], { invokeAsync: lambda.invokeAsync });
    await advance(0);

    // Assess
    await vi.waitFor(() =>
      expect(lambdaLines).toContainEqual(
        expect.objectContaining({
          message: 'invocation ended',
          function: 'baton-test-stall-sweep',
        }),
      ),
    );
  });

  it('refuses, naming them, schedules it cannot run', () => {
    // Act
    const create = () =>
      createScheduler({
        logger,
        lambda: recordingLambda(),
        schedules: [
          schedule({ ScheduleExpression: 'cron(0 10 * * * *)' }),
          {
            ...schedule({ ScheduleExpressionTimezone: 'Mars/Olympus' }),
            logicalId: 'MarsSchedule',
          },
          {
            ...schedule({ Target: { Arn: 'arn:aws:sqs:eu-west-2:123456789012:queue' } }),
            logicalId: 'QueueSchedule',
          },
        ],
      });

    // Assess
    expect(create).toThrow(
      /StallSweepSchedule: invalid schedule expression cron\(0 10 \* \* \* \*\)/,
    );
    expect(create).toThrow(/MarsSchedule: unknown time zone Mars\/Olympus/);
    expect(create).toThrow(/QueueSchedule: target arn:aws:sqs:.* is not a Lambda function/);
  });
});
