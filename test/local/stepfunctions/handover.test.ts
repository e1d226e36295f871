import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyDecisionPayload,
  awaitDecisionPayload,
  timeoutPayload,
} from '#schemas/handover-workflow.ts';
import type { TemplateResource } from '../../../local/contracts.ts';
import {
  createManualClock,
  createStepFunctions,
  type ManualClock,
} from '../../../local/stepfunctions/index.ts';
import { call, fakeInvoker, functionError, quietLogger, settingsFor, until } from './support.ts';

/**
 * The real handover workflow (`statemachines/handover.asl.json`, read as the S3 asset the template
 * names) deployed from a resolved template resource, against a fake invoker that stands in for
 * Lambda: it plays handover-wait, -decide, -escalate and -assign-fallback, checking each payload
 * against the schema the real handler parses.
 */

const resource = JSON.parse(
  readFileSync(
    new URL('../../fixtures/local/stepfunctions/handover-resource.json', import.meta.url),
    'utf8',
  ),
) as TemplateResource;
const asl = readFileSync(
  new URL('../../../statemachines/handover.asl.json', import.meta.url),
  'utf8',
);
const readAsset = (key: string) => {
  if (key !== '73b540a2cbb9da057396056df4917afc77571b080258735d2b3e92402f389b41.json') {
    throw new Error(`unknown asset ${key}`);
  }
  return asl;
};

const handover = {
  caseId: 'case-cus-1042-1',
  handoverId: 'case-cus-1042-1-h1',
  to: 'specialist-support',
  slaSeconds: 60,
  correlationId: 'crm-77',
};

interface World {
  clock: ManualClock;
  tokens: { phase: string; token: string }[];
  decided: unknown[];
  escalated: unknown[];
  assigned: unknown[];
  route: ReturnType<typeof createStepFunctions>['route'];
  start(input?: unknown): Promise<string>;
  finished(arn: string): Promise<Record<string, unknown>>;
  history(arn: string): Promise<{ type: string; [k: string]: unknown }[]>;
  stop(): Promise<void>;
}

let world: World | undefined;
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

const setUp = async (
  behaviour: { decide?: () => unknown; wait?: () => unknown; lenientWait?: boolean } = {},
): Promise<World> => {
  const clock = createManualClock();
  const tokens: { phase: string; token: string }[] = [];
  const decided: unknown[] = [];
  const escalated: unknown[] = [];
  const assigned: unknown[] = [];
  const lambda = fakeInvoker({
    'baton-dev-handover-wait': (payload) => {
      const parsed = behaviour.lenientWait
        ? (payload as { phase: string; taskToken: string })
        : awaitDecisionPayload.parse(payload);
      tokens.push({ phase: parsed.phase, token: parsed.taskToken });
      return behaviour.wait?.() ?? null;
    },
    'baton-dev-handover-decide': (payload) => {
      decided.push(applyDecisionPayload.parse(payload));
      return behaviour.decide?.() ?? { outcome: 'applied', owner: { team: 'specialist-support' } };
    },
    'baton-dev-handover-escalate': (payload) => {
      escalated.push(timeoutPayload.parse(payload));
      return { escalationSlaSeconds: 30, to: 'specialist-support-leads' };
    },
    'baton-dev-handover-assign-fallback': (payload) => {
      assigned.push(payload);
      timeoutPayload.parse(payload);
      return { outcome: 'applied', owner: { team: 'specialist-support-leads' } };
    },
  });
  const sfn = createStepFunctions({
    settings: settingsFor(),
    logger: quietLogger(),
    lambda,
    clock,
  });
  await sfn.service.start();
  const [deployed] = await sfn.deploy([resource], readAsset);
  const stateMachineArn = deployed?.arn as string;
  const created: World = {
    clock,
    tokens,
    decided,
    escalated,
    assigned,
    route: sfn.route,
    async start(input = handover) {
      const { executionArn } = await call<{ executionArn: string }>(sfn.route, 'StartExecution', {
        stateMachineArn,
        name: 'case-cus-1042-1-h1',
        input: JSON.stringify(input),
      });
      return executionArn;
    },
    async finished(arn) {
      let last: Record<string, unknown> = {};
      await until(async () => {
        last = await call(sfn.route, 'DescribeExecution', { executionArn: arn });
        return last.status !== 'RUNNING';
      });
      return last;
    },
    async history(arn) {
      return (
        await call<{ events: { type: string }[] }>(sfn.route, 'GetExecutionHistory', {
          executionArn: arn,
          maxResults: 1000,
        })
      ).events;
    },
    stop: () => sfn.service.stop(),
  };
  world = created;
  return created;
};

const answer = (w: World, index: number, decision: 'accepted' | 'declined') =>
  call(w.route, 'SendTaskSuccess', {
    taskToken: w.tokens[index]?.token,
    output: JSON.stringify({
      decision,
      commandId: 'c-1',
      agentId: 'agent-sol',
      ...(decision === 'declined' ? { reason: 'not ours' } : {}),
    }),
  });

describe('the handover workflow', () => {
  it('deploys from the template resource with its substitutions applied', async () => {
    const w = await setUp();
    const described = await call<{
      definition: string;
      name: string;
      loggingConfiguration: unknown;
    }>(w.route, 'DescribeStateMachine', { stateMachineArn: resource.ref });
    expect(described.name).toBe('baton-dev-handover');
    expect(described.definition).not.toContain('${');
    expect(described.definition).toContain(
      'arn:aws:lambda:us-east-1:123456789012:function:baton-dev-handover-wait',
    );
    expect(described.loggingConfiguration).toMatchObject({
      level: 'ALL',
      includeExecutionData: false,
    });
  });

  it('applies the decision when the receiving team accepts', async () => {
    const w = await setUp();
    const arn = await w.start();
    await until(() => w.tokens.length === 1);
    await answer(w, 0, 'accepted');
    const done = await w.finished(arn);
    expect(w.tokens[0]?.phase).toBe('acceptance');
    expect(w.decided).toEqual([
      { handover, response: { decision: 'accepted', commandId: 'c-1', agentId: 'agent-sol' } },
    ]);
    expect(JSON.parse(done.output as string)).toEqual({
      outcome: 'applied',
      owner: { team: 'specialist-support' },
    });
  });

  it('applies the decline the same way', async () => {
    const w = await setUp();
    const arn = await w.start();
    await until(() => w.tokens.length === 1);
    await answer(w, 0, 'declined');
    await w.finished(arn);
    expect(w.decided).toMatchObject([{ response: { decision: 'declined', reason: 'not ours' } }]);
  });

  it('escalates when the SLA passes, then assigns to the fallback when the escalation SLA passes', async () => {
    const w = await setUp();
    const arn = await w.start();
    await until(() => w.tokens.length === 1);
    await w.clock.advance(59_999);
    expect(w.escalated).toEqual([]);
    await w.clock.advance(1);
    await until(() => w.tokens.length === 2);
    expect(w.escalated).toEqual([{ handover }]);
    expect(w.tokens[1]?.phase).toBe('escalation');
    await w.clock.advance(30_000);
    const done = await w.finished(arn);
    const types = (await w.history(arn)).map((event) => event.type);
    expect(w.assigned).toEqual([
      { handover, escalation: { escalationSlaSeconds: 30, to: 'specialist-support-leads' } },
    ]);
    expect(JSON.parse(done.output as string)).toMatchObject({
      owner: { team: 'specialist-support-leads' },
    });
    expect(types.filter((type) => type === 'TaskTimedOut')).toHaveLength(2);
  });

  it('times the acceptance wait by what was left of the SLA when the workflow started', async () => {
    const w = await setUp();
    await w.start({ ...handover, acceptWithinSeconds: 20 });
    await until(() => w.tokens.length === 1);
    await w.clock.advance(19_999);
    expect(w.escalated).toEqual([]);
    await w.clock.advance(1);
    await until(() => w.escalated.length === 1);
    expect(w.tokens[0]?.phase).toBe('acceptance');
  });

  it('ends as AlreadyResolved when a task reports HandoverNoLongerPending', async () => {
    const w = await setUp({
      decide: () => {
        throw functionError('HandoverNoLongerPending', 'handover already accepted');
      },
    });
    const arn = await w.start();
    await until(() => w.tokens.length === 1);
    await answer(w, 0, 'accepted');
    const done = await w.finished(arn);
    const types = (await w.history(arn)).map((event) => event.type);
    expect(done.status).toBe('SUCCEEDED');
    expect(types.slice(-3)).toEqual([
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('waits the default acceptance SLA from the substitutions when the input has none', async () => {
    // The handover schema requires slaSeconds; the workflow's default covers inputs without it.
    const w = await setUp({ lenientWait: true });
    const { slaSeconds: _, ...withoutSla } = handover;
    const arn = await w.start(withoutSla);
    await until(() => w.tokens.length === 1);
    const scheduled = (await w.history(arn)).find((event) => event.type === 'TaskScheduled');
    expect(scheduled).toMatchObject({
      taskScheduledEventDetails: { timeoutInSeconds: 86_400, resource: 'invoke.waitForTaskToken' },
    });
  });

  it('retries ConcurrentUpdateError with jittered backoff before giving up', async () => {
    let calls = 0;
    const w = await setUp({
      decide: () => {
        calls += 1;
        if (calls < 3) throw functionError('ConcurrentUpdateError');
        return { outcome: 'applied' };
      },
    });
    const arn = await w.start();
    await until(() => w.tokens.length === 1);
    await answer(w, 0, 'accepted');
    await until(() => calls === 1 && w.clock.pending() > 0);
    await w.clock.advance(1_000);
    // With full jitter the second retry may already have come within that second.
    await until(() => calls === 3 || (calls === 2 && w.clock.pending() > 0));
    await w.clock.advance(2_000);
    const done = await w.finished(arn);
    expect(calls).toBe(3);
    expect(JSON.parse(done.output as string)).toEqual({ outcome: 'applied' });
  });
});
