import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { HANDOVER_ITEM_ATTRIBUTES } from '../../infra/table-design.ts';
import { createCaseTable } from '../support/case-table.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown> | undefined>;
let table: Awaited<ReturnType<typeof createCaseTable>>;
const handlers: Record<string, Handler> = {};

beforeAll(async () => {
  table = await createCaseTable();
  useLocalAws(table.tableName);
  for (const name of [
    'ingest-event',
    'handover-wait',
    'handover-decide',
    'handover-escalate',
    'handover-assign-fallback',
  ]) {
    handlers[name] = ((await import(`../../functions/${name}.ts`)) as { handler: Handler }).handler;
  }
});

const invoke = (name: string, payload: unknown) =>
  (handlers[name] as Handler)(payload, lambdaContext(name));

/** A front-line case with a vulnerability disclosed: a handover to specialist support awaits. */
const caseAwaitingSpecialists = async (customerId: string) => {
  const opened = await invoke(
    'ingest-event',
    eventFixture('account-in-arrears', {
      customerId,
      eventId: `${customerId}-1`,
      daysPastDue: 5,
      missedPayments: 1,
    }),
  );
  await invoke(
    'ingest-event',
    eventFixture('vulnerability-disclosed', { customerId, eventId: `${customerId}-2` }),
  );
  const current = await table.store.getCase(String(opened?.caseId));
  const handover = current?.handover;
  if (!handover) throw new Error('expected a handover in flight');
  return {
    caseId: handover.handoverId.replace(/-h\d+$/, ''),
    handoverId: handover.handoverId,
    to: handover.to,
    slaSeconds: 86_400,
    correlationId: `${customerId}-2`,
  };
};

describe('handover workflow tasks', () => {
  it('record the task token beside the handover while it awaits a decision', async () => {
    const handover = await caseAwaitingSpecialists('cus-wait');

    await invoke('handover-wait', { phase: 'acceptance', handover, taskToken: 'token-1' });

    const { Item } = await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { PK: `CASE#${handover.caseId}`, SK: `HANDOVER#${handover.handoverId}` },
      }),
    );
    expect(Item).toMatchObject({
      taskToken: 'token-1',
      phase: 'acceptance',
      to: 'specialist-support',
    });
  });

  it('write the handover item with no attribute beyond those IAM lets handover-wait put', async () => {
    const handover = await caseAwaitingSpecialists('cus-wait-attributes');

    await invoke('handover-wait', { phase: 'escalation', handover, taskToken: 'token-2' });

    const { Item } = await table.db.send(
      new GetCommand({
        TableName: table.tableName,
        Key: { PK: `CASE#${handover.caseId}`, SK: `HANDOVER#${handover.handoverId}` },
      }),
    );
    expect(Object.keys(Item ?? {}).sort()).toEqual([...HANDOVER_ITEM_ATTRIBUTES].sort());
  });

  it('apply an acceptance once, however often the workflow repeats it', async () => {
    const handover = await caseAwaitingSpecialists('cus-accept');
    const response = { decision: 'accepted', commandId: 'accept-1', agentId: 'agent-sol' };

    const first = await invoke('handover-decide', { handover, response });
    const second = await invoke('handover-decide', { handover, response });

    expect(first).toMatchObject({
      outcome: 'applied',
      owner: { team: 'specialist-support', agent: 'agent-sol' },
    });
    expect(second).toMatchObject({ outcome: 'duplicate' });
    expect((await table.store.getAudit(handover.caseId)).map((r) => r.action)).toContain(
      'handover-accepted',
    );
  });

  it('escalate to the fallback team with the escalation SLA, then assign the case to it', async () => {
    const handover = await caseAwaitingSpecialists('cus-late');

    const escalated = await invoke('handover-escalate', { handover });
    const assigned = await invoke('handover-assign-fallback', { handover });

    expect(escalated?.to).toBe('team-leads');
    expect(Number(escalated?.escalationSlaSeconds)).toBeGreaterThan(4 * 3_600 - 60);
    expect(assigned).toMatchObject({ outcome: 'applied', owner: { team: 'team-leads' } });
    const current = await table.store.getCase(handover.caseId);
    expect(current?.handover).toBeUndefined();
  });

  it('end the workflow with HandoverNoLongerPending when the handover was already decided', async () => {
    const handover = await caseAwaitingSpecialists('cus-gone');
    await invoke('handover-decide', {
      handover,
      response: {
        decision: 'declined',
        commandId: 'd-1',
        agentId: 'agent-sol',
        reason: 'Not ours.',
      },
    });

    await expect(
      invoke('handover-wait', { phase: 'acceptance', handover, taskToken: 't' }),
    ).rejects.toMatchObject({
      name: 'HandoverNoLongerPending',
    });
    await expect(invoke('handover-escalate', { handover })).rejects.toMatchObject({
      name: 'HandoverNoLongerPending',
    });
  });

  it('refuse a malformed payload naming the field', async () => {
    await expect(
      invoke('handover-wait', { phase: 'later', handover: {}, taskToken: '' }),
    ).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('phase'),
    });
  });
});
