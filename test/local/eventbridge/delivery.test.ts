import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { createEventBridge, EventBridgeDeployError } from '../../../local/eventbridge/index.ts';
import {
  batonResources,
  captureLogger,
  failWith,
  fakeLambda,
  functionArn,
  memoryDeadLetters,
  settings,
} from './support/doubles.ts';
import { ruleResource, startEventBridge } from './support/setup.ts';

const BROADCAST = functionArn('baton-dev-broadcast-change');
const CASE_CHANGES_RULE = 'baton-dev-case-changes-to-broadcast-change';

const caseChanged = (detail: Record<string, unknown> = {}) =>
  new PutEventsCommand({
    Entries: [
      {
        EventBusName: 'baton-dev',
        Source: 'baton.cases',
        DetailType: 'Case Changed',
        Detail: JSON.stringify({
          schemaVersion: 1,
          eventId: 'case-cus-1042-1#1#0',
          correlationId: 'bil-7f3a',
          caseId: 'case-cus-1042-1',
          customerId: 'cus-1042',
          note: 'told us about a bereavement',
          ...detail,
        }),
      },
    ],
  });

// The fake Lambda stands in for the local Lambda service: it records calls and fails on demand.
describe('Delivery to rule targets', () => {
  it("retries a failing target by its retry policy, then dead-letters the event with the error's name", async () => {
    // Prepare: Baton's case-changes rule retries 3 times within 300 s, with a dead-letter queue.
    const bus = await startEventBridge({
      behaviours: { [BROADCAST]: failWith('GoneException', 'connection gone') },
    });

    // Act
    const result = await bus.client.send(caseChanged());
    await bus.events.idle();

    // Assess
    expect(bus.lambda.callsTo(BROADCAST)).toHaveLength(4);
    expect(bus.deadLetters).toEqual([
      expect.objectContaining({
        source: `eventbridge:${CASE_CHANGES_RULE}`,
        target: BROADCAST,
        reason: 'GoneException: connection gone',
        errorType: 'GoneException',
        attempts: 4,
        payload: expect.objectContaining({
          id: result.Entries?.[0]?.EventId,
          source: 'baton.cases',
          'detail-type': 'Case Changed',
          detail: expect.objectContaining({ caseId: 'case-cus-1042-1' }),
        }),
      }),
    ]);
    expect(bus.time.sleeps).toHaveLength(3);
    await bus.stop();
  });

  it('waits longer before each retry, with jitter, within the configured bounds', async () => {
    const bus = await startEventBridge({
      behaviours: { [BROADCAST]: failWith('Error', 'down') },
      backoff: { baseDelayMs: 100, maxDelayMs: 250 },
    });

    await bus.client.send(caseChanged());
    await bus.events.idle();

    const [first = 0, second = 0, third = 0] = bus.time.sleeps;
    expect(first).toBeGreaterThanOrEqual(50);
    expect(first).toBeLessThanOrEqual(100);
    expect(second).toBeGreaterThanOrEqual(100);
    expect(second).toBeLessThanOrEqual(200);
    expect(third).toBeGreaterThanOrEqual(125);
    expect(third).toBeLessThanOrEqual(250);
    await bus.stop();
  });

  it('delivers once a transient failure clears, without dead-lettering', async () => {
    const bus = await startEventBridge({
      behaviours: {
        [BROADCAST]: (_, call) => {
          if (call < 3) throw new Error('throttled');
          return { ok: true };
        },
      },
    });

    await bus.client.send(caseChanged());
    await bus.events.idle();

    expect(bus.lambda.callsTo(BROADCAST)).toHaveLength(3);
    expect(bus.deadLetters).toEqual([]);
    await bus.stop();
  });

  it('stops retrying once the event is older than the maximum event age', async () => {
    // Prepare: waits of 150 to 300 s (jitter halves at most) against the rule's 300 s maximum age.
    const bus = await startEventBridge({
      behaviours: { [BROADCAST]: failWith('Error', 'down') },
      backoff: { baseDelayMs: 300_000, maxDelayMs: 300_000 },
    });

    // Act
    await bus.client.send(caseChanged());
    await bus.events.idle();

    // Assess: two waits always reach 300 s, so at most two of the 4 allowed attempts happen.
    const attempts = bus.lambda.callsTo(BROADCAST).length;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(2);
    expect(bus.deadLetters[0]?.attempts).toBe(attempts);
    await bus.stop();
  });

  it('drops the event after its retries when the target has no dead-letter queue, with a warning', async () => {
    const target = functionArn('audit-listener');
    const bus = await startEventBridge({
      behaviours: { [target]: failWith('Error', 'down') },
      resources: [
        ruleResource('no-dlq', {
          EventPattern: { source: ['baton.cases'] },
          Targets: [{ Id: 'T', Arn: target, RetryPolicy: { MaximumRetryAttempts: 1 } }],
        }),
      ],
    });

    await bus.client.send(caseChanged());
    await bus.events.idle();

    expect(bus.lambda.callsTo(target)).toHaveLength(2);
    expect(bus.deadLetters.filter((letter) => letter.source === 'eventbridge:no-dlq')).toEqual([]);
    expect(bus.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', rule: 'no-dlq', target, attempts: 2 }),
    );
    await bus.stop();
  });

  it('logs one line per delivery with rule, target, attempts and ids, never the detail', async () => {
    const bus = await startEventBridge({ behaviours: { [BROADCAST]: () => ({ ok: true }) } });

    const result = await bus.client.send(caseChanged());
    await bus.events.idle();

    const delivered = bus.lines.filter((line) => line.message === 'event delivered');
    expect(delivered).toEqual([
      expect.objectContaining({
        rule: CASE_CHANGES_RULE,
        target: BROADCAST,
        attempts: 1,
        eventId: result.Entries?.[0]?.EventId,
        correlationId: 'bil-7f3a',
        detailEventId: 'case-cus-1042-1#1#0',
      }),
    ]);
    expect(JSON.stringify(bus.lines)).not.toContain('bereavement');
    await bus.stop();
  });

  it('does not deliver to a disabled rule', async () => {
    const target = functionArn('disabled-listener');
    const bus = await startEventBridge({
      behaviours: { [target]: () => null },
      resources: [
        ruleResource('disabled', {
          State: 'DISABLED',
          EventPattern: { source: ['baton.cases'] },
          Targets: [{ Id: 'T', Arn: target }],
        }),
      ],
    });

    await bus.client.send(caseChanged());
    await bus.events.idle();

    expect(bus.lambda.callsTo(target)).toEqual([]);
    await bus.stop();
  });

  it('dead-letters at once, without retrying, when the target function does not exist', async () => {
    const bus = await startEventBridge({ behaviours: {} });

    await bus.client.send(caseChanged());
    await bus.events.idle();

    expect(bus.deadLetters).toEqual([
      expect.objectContaining({
        errorType: 'ResourceNotFoundException',
        attempts: 1,
        target: BROADCAST,
      }),
    ]);
    await bus.stop();
  });

  it('keeps an event waiting for a retry when the service stops, and delivers it at the next start', async () => {
    // Prepare: a real clock and a long wait, so the retry is still pending at stop.
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-eb-stop-'));
    const deadLetters = memoryDeadLetters();
    const start = async (behaviour: Parameters<typeof fakeLambda>[0]) => {
      const lambda = fakeLambda(behaviour);
      const events = createEventBridge({
        settings: settings({ dataDir, inMemory: false }),
        logger: captureLogger().logger,
        lambda: lambda.invoker,
        deadLetters: deadLetters.store,
        backoff: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      });
      events.deploy(batonResources());
      await events.service.start();
      return { events, lambda };
    };
    const first = await start({ [BROADCAST]: failWith('Error', 'down') });

    // Act
    await first.events.putEvents([
      {
        EventBusName: 'baton-dev',
        Source: 'baton.cases',
        DetailType: 'Case Changed',
        Detail: '{}',
      },
    ]);
    await first.events.service.stop();
    const next = await start({ [BROADCAST]: () => ({}) });
    await next.events.idle();

    // Assess
    expect(first.lambda.callsTo(BROADCAST)).toHaveLength(1);
    expect(next.lambda.callsTo(BROADCAST)).toHaveLength(1);
    expect(deadLetters.entries).toEqual([]);
    await next.events.service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('Deliveries across a kill', () => {
  const entry = {
    EventBusName: 'baton-dev',
    Source: 'baton.cases',
    DetailType: 'Case Changed',
    Detail: '{"caseId":"case-k"}',
  };
  const onDisk = (dataDir: string) => {
    const events = createEventBridge({
      settings: settings({ dataDir, inMemory: false }),
      logger: captureLogger().logger,
      lambda: lambda.invoker,
      deadLetters: deadLetters.store,
    });
    return events;
  };
  let lambda = fakeLambda();
  let deadLetters = memoryDeadLetters();
  const pendingFiles = (dataDir: string) =>
    readdirSync(join(dataDir, 'eventbridge', 'pending')).filter((f) => f.endsWith('.json'));

  it('delivers at the next start an event accepted before the runtime was killed', async () => {
    // Prepare: a target that never answers, so the delivery is still in hand at the kill.
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-eb-kill-'));
    lambda = fakeLambda({ [BROADCAST]: () => new Promise(() => {}) });
    const killed = onDisk(dataDir);
    killed.deploy(batonResources());
    await killed.service.start();
    const accepted = await killed.putEvents([entry]);

    // Act: a new runtime on the same data folder, the first never stopped.
    lambda = fakeLambda({ [BROADCAST]: () => ({}) });
    const next = onDisk(dataDir);
    next.deploy(batonResources());
    await next.service.start();
    await next.idle();

    // Assess
    const [call] = lambda.callsTo(BROADCAST);
    const [result] = accepted.Entries;
    expect((call?.payload as { id?: string } | undefined)?.id).toBe(
      result && 'EventId' in result ? result.EventId : 'none',
    );
    expect(pendingFiles(dataDir)).toEqual([]);
    await next.service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps nothing once the target has the event', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-eb-done-'));
    lambda = fakeLambda({ [BROADCAST]: () => ({}) });
    const events = onDisk(dataDir);
    events.deploy(batonResources());
    await events.service.start();

    // Act
    await events.putEvents([entry]);
    await events.idle();

    // Assess
    expect(lambda.callsTo(BROADCAST)).toHaveLength(1);
    expect(pendingFiles(dataDir)).toEqual([]);
    await events.service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('dead-letters a kept event whose rule the template no longer has', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'baton-eb-gone-'));
    lambda = fakeLambda({ [BROADCAST]: () => new Promise(() => {}) });
    deadLetters = memoryDeadLetters();
    const killed = onDisk(dataDir);
    killed.deploy(batonResources());
    await killed.service.start();
    await killed.putEvents([entry]);

    // Act: the next template has no rules at all.
    const next = onDisk(dataDir);
    next.deploy(batonResources().filter((r) => r.type !== 'AWS::Events::Rule'));
    await next.service.start();

    // Assess
    expect(deadLetters.entries).toEqual([
      expect.objectContaining({
        source: `eventbridge:${CASE_CHANGES_RULE}`,
        target: BROADCAST,
        errorType: 'ResourceNotFoundException',
      }),
    ]);
    expect(pendingFiles(dataDir)).toEqual([]);
    await next.service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
});

describe('Deploying rules', () => {
  const deploy = (resources: Parameters<ReturnType<typeof createEventBridge>['deploy']>[0]) =>
    createEventBridge({
      settings: settings(),
      logger: captureLogger().logger,
      lambda: fakeLambda().invoker,
      deadLetters: memoryDeadLetters().store,
    }).deploy(resources);

  it('fails naming the rule and the target when a target is not a Lambda function', () => {
    const act = () =>
      deploy([
        ruleResource('to-queue', {
          EventBusName: 'default',
          EventPattern: { source: ['x'] },
          Targets: [{ Id: 'Queue', Arn: 'arn:aws:sqs:eu-west-2:000000000000:somewhere' }],
        }),
      ]);

    expect(act).toThrow(EventBridgeDeployError);
    expect(act).toThrow(
      /Testtoqueue.*rule to-queue.*target Queue \(arn:aws:sqs:.*\) is a sqs target/,
    );
  });

  it('fails naming the rule when its pattern is invalid', () => {
    const act = () =>
      deploy([
        ruleResource('bad', { EventBusName: 'default', EventPattern: { source: [] }, Targets: [] }),
      ]);

    expect(act).toThrow(
      /AWS::Events::Rule Testbad: Event pattern is not valid\. Reason: Empty arrays are not allowed/,
    );
  });

  it('fails when a pattern is longer than 2,048 characters', () => {
    const act = () =>
      deploy([
        ruleResource('long', {
          EventBusName: 'default',
          EventPattern: { source: Array.from({ length: 300 }, (_, i) => `source-number-${i}`) },
          Targets: [],
        }),
      ]);

    expect(act).toThrow(/over EventBridge's 2048/);
  });

  it('fails when a rule names a bus the template does not have', () => {
    const act = () =>
      deploy([
        ruleResource('lost', { EventBusName: 'elsewhere', EventPattern: { source: ['x'] } }),
      ]);

    expect(act).toThrow(/event bus elsewhere is not in the template/);
  });
});
