import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeExecutionCommand, GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '#schemas/case.ts';
import {
  arrears,
  eventually,
  liveView,
  putEvent,
  quickFraudConfig,
  startLocalBaton,
  tokenFor,
  vulnerability,
} from './local-baton.ts';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const STATE_MACHINE = 'arn:aws:states:eu-west-2:000000000000:stateMachine:baton-dev-handover';
const executionOf = (handoverId: string) =>
  `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${handoverId}`;

let baton: Awaited<ReturnType<typeof startLocalBaton>>;

beforeAll(async () => {
  baton = await startLocalBaton({ batonConfig: quickFraudConfig() });
}, 120_000);

afterAll(async () => {
  await baton?.runtime.stop();
}, 30_000);

/** What the HTTP API answers, as far as these tests read it. */
interface Reply {
  items?: Case[];
  case?: Case;
  timeline?: { action: string }[];
}

const http = async (token: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${baton.runtime.httpUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Reply };
};

/**
 * Waits until the customer's case is in a team's queue. EventBridge delivers events in no
 * particular order, so a test that means "arrears first, then a disclosure" waits in between.
 */
const inQueue = async (token: string, team: string, customerId: string) =>
  eventually(async () => {
    const { body } = await http(token, 'GET', `/teams/${team}/queue`);
    return body.items?.find((c) => c.customerId === customerId);
  });

describe('Baton on one machine', () => {
  it('routes a disclosed vulnerability to specialist support, who see it live and accept it', async () => {
    const specialist = await tokenFor(baton.dataDir, 'agent-sol', ['specialist-support']);
    const view = await liveView(String(baton.runtime.webSocketUrl), specialist, [
      'specialist-support',
    ]);

    await putEvent(baton.events, 'billing', 'Account In Arrears', arrears('cus-e2e-1', 'e2e-1-a'));
    await inQueue(
      await tokenFor(baton.dataDir, 'agent-fin', ['front-line']),
      'front-line',
      'cus-e2e-1',
    );
    await putEvent(
      baton.events,
      'crm',
      'Vulnerability Disclosed',
      vulnerability('cus-e2e-1', 'e2e-1-v'),
    );
    const requested = await view.next(
      (m) =>
        m.action === 'handover-requested' &&
        (m.case as Case | undefined)?.customerId === 'cus-e2e-1',
    );
    const pending = requested.case as Case & { handover: NonNullable<Case['handover']> };
    const accepted = await http(specialist, 'POST', `/cases/${pending.caseId}/commands`, {
      type: 'accept-handover',
      commandId: 'e2e-1-accept',
      handoverId: pending.handover.handoverId,
    });

    expect(pending.owner.team).toBe('front-line');
    expect(pending.handover.to).toBe('specialist-support');
    expect(pending.handover.context.circumstances).toBe('Recovering from surgery until March.');
    expect(accepted.status).toBe(200);
    expect(accepted.body.case?.owner).toEqual({ team: 'specialist-support', agent: 'agent-sol' });
    await view.next(
      (m) =>
        m.action === 'handover-accepted' && (m.case as Case | undefined)?.caseId === pending.caseId,
    );
    const execution = await eventually(async () => {
      const e = await baton.sfn.send(
        new DescribeExecutionCommand({ executionArn: executionOf(pending.handover.handoverId) }),
      );
      return e.status === 'SUCCEEDED' ? e : undefined;
    });
    expect(execution.name).toBe(pending.handover.handoverId);
    view.close();
  }, 120_000);

  it('leaves a declined handover’s case with the sender, who sees it live, and ends its workflow', async () => {
    const frontLine = await tokenFor(baton.dataDir, 'agent-fin', ['front-line']);
    const specialist = await tokenFor(baton.dataDir, 'agent-sol', ['specialist-support']);
    const view = await liveView(String(baton.runtime.webSocketUrl), frontLine, ['front-line']);

    await putEvent(baton.events, 'billing', 'Account In Arrears', arrears('cus-e2e-4', 'e2e-4-a'));
    await inQueue(frontLine, 'front-line', 'cus-e2e-4');
    await putEvent(
      baton.events,
      'crm',
      'Vulnerability Disclosed',
      vulnerability('cus-e2e-4', 'e2e-4-v'),
    );
    const pending = await eventually(async () => {
      const { body } = await http(specialist, 'GET', '/teams/specialist-support/inbox');
      return body.items?.find((c) => c.customerId === 'cus-e2e-4');
    });
    const handoverId = String(pending.handover?.handoverId);
    const declined = await http(specialist, 'POST', `/cases/${pending.caseId}/commands`, {
      type: 'decline-handover',
      commandId: 'e2e-4-decline',
      handoverId,
      reason: 'No vulnerability that needs us yet.',
    });
    const told = await view.next(
      (m) =>
        m.action === 'handover-declined' && (m.case as Case | undefined)?.caseId === pending.caseId,
    );
    const execution = await eventually(async () => {
      const e = await baton.sfn.send(
        new DescribeExecutionCommand({ executionArn: executionOf(handoverId) }),
      );
      return e.status === 'SUCCEEDED' ? e : undefined;
    });
    const inbox = await http(specialist, 'GET', '/teams/specialist-support/inbox');

    expect(declined.status).toBe(200);
    expect(declined.body.case?.owner).toEqual({ team: 'front-line' });
    expect(declined.body.case?.handover).toBeUndefined();
    expect((told.case as Case).owner.team).toBe('front-line');
    expect(execution.status).toBe('SUCCEEDED');
    expect(inbox.body.items?.map((c) => c.caseId)).not.toContain(pending.caseId);
    view.close();
  }, 120_000);

  it('escalates a handover nobody accepts and then gives the case to the fallback team', async () => {
    const lead = await tokenFor(baton.dataDir, 'agent-lee', ['team-leads'], true);

    await putEvent(baton.events, 'billing', 'Account In Arrears', arrears('cus-e2e-2', 'e2e-2-a'));
    await inQueue(lead, 'front-line', 'cus-e2e-2');
    await putEvent(baton.events, 'fraud', 'Fraud Suspected', {
      schemaVersion: 1,
      eventId: 'e2e-2-f',
      customerId: 'cus-e2e-2',
      referenceId: 'FR-E2E',
      reason: 'identity-theft',
      notes: 'Card opened from an unknown address.',
      occurredAt: '2026-12-03T12:00:00Z',
    });
    // The fraud SLA is seconds long, so by the time a poll sees the case its handover may
    // already have moved to the fallback: find it in front-line's queue or the team leads'.
    const found = await eventually(async () => {
      for (const team of ['front-line', 'team-leads']) {
        const { body } = await http(lead, 'GET', `/teams/${team}/queue`);
        const match = body.items?.find((c) => c.customerId === 'cus-e2e-2');
        if (match) return match;
      }
      return undefined;
    });
    const caseId = found.caseId as string;
    // The case's first handover; its execution is named after it.
    const handoverId = `${caseId}-h1`;
    const assigned = await eventually(async () => {
      const { body } = await http(lead, 'GET', `/cases/${caseId}`);
      return body.case?.owner.team === 'team-leads' ? body : undefined;
    }, 60_000);

    const actions = (assigned.timeline ?? []).map((t) => t.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'handover-requested',
        'handover-escalated',
        'handover-assigned-to-fallback',
      ]),
    );
    const history = await eventually(async () => {
      const { events = [] } = await baton.sfn.send(
        new GetExecutionHistoryCommand({ executionArn: executionOf(handoverId) }),
      );
      return events.some((e) => e.type === 'ExecutionSucceeded') ? events : undefined;
    });
    const entered = history
      .filter((e) => e.type === 'TaskStateEntered')
      .map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual([
      'AwaitAcceptance',
      'Escalate',
      'AwaitEscalatedAcceptance',
      'AssignToFallback',
    ]);
  }, 120_000);

  it('puts a poison event in the dead-letter store with its reason while the next one goes through', async () => {
    const frontLine = await tokenFor(baton.dataDir, 'agent-fin', ['front-line']);

    await putEvent(
      baton.events,
      'billing',
      'Account In Arrears',
      arrears('cus-e2e-3', 'e2e-3-poison', { arrearsMinor: 12.5 }),
    );
    await putEvent(
      baton.events,
      'billing',
      'Account In Arrears',
      arrears('cus-e2e-3', 'e2e-3-good'),
    );

    const queued = await eventually(async () => {
      const { body } = await http(frontLine, 'GET', '/teams/front-line/queue');
      return body.items?.find((c) => c.customerId === 'cus-e2e-3');
    });
    expect(queued.seenInputIds).toContain('e2e-3-good');
    const listed = await eventually(async () => {
      const { stdout } = await run(
        process.execPath,
        ['scripts/dlq.ts', 'list', '--data', baton.dataDir],
        { cwd: ROOT },
      );
      return stdout.includes('ValidationError') ? stdout : undefined;
    });
    const id = /^(\S+)\s.*ValidationError/m.exec(listed)?.[1] ?? '';
    const { stdout: shown } = await run(
      process.execPath,
      ['scripts/dlq.ts', 'show', id, '--data', baton.dataDir],
      { cwd: ROOT },
    );
    const letter = JSON.parse(shown);
    expect(letter.source).toMatch(/^lambda-async:baton-dev-ingest-event/);
    expect(letter.reason).toContain('arrearsMinor: must be an integer amount in minor units');
    expect(JSON.stringify(letter.payload)).toContain('e2e-3-poison');
  }, 120_000);
});
