import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { chainBreak } from '#domain/audit.ts';
import { createCaseTable } from '../support/case-table.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';

let table: Awaited<ReturnType<typeof createCaseTable>>;
let handler: (event: unknown, context: unknown) => Promise<{ outcome: string; caseId?: string }>;

beforeAll(async () => {
  table = await createCaseTable();
  useLocalAws(table.tableName);
  ({ handler } = (await import('../../functions/ingest-event.ts')) as unknown as {
    handler: typeof handler;
  });
});

const ingest = (event: unknown) => handler(event, lambdaContext('ingest-event'));

const itemsOf = async (caseId: string) => {
  const { Items = [] } = await table.db.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `CASE#${caseId}` },
    }),
  );
  return Items;
};

describe('ingest-event', () => {
  it('opens a case and writes it with its audit record, claim and open-case pointer', async () => {
    const result = await ingest(
      eventFixture('account-in-arrears', { customerId: 'cus-open', eventId: 'e-open' }),
    );

    expect(result.outcome).toBe('applied');
    const items = await itemsOf(result.caseId ?? '');
    expect(items.map((i) => i.SK)).toEqual(['AUDIT#0000000001', 'CASE']);
    const caseItem = items.find((i) => i.SK === 'CASE');
    expect(caseItem?.case.owner).toEqual({ team: 'late-stage' });
    expect(caseItem?.gsi1pk).toBe('TEAM#late-stage');
    const claim = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: 'INPUT#e-open', SK: 'INPUT' } }),
    );
    expect(claim.Item?.caseId).toBe(result.caseId);
    const pointer = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: 'CUSTOMER#cus-open', SK: 'OPEN' } }),
    );
    expect(pointer.Item?.caseId).toBe(result.caseId);
  });

  it('changes nothing when the same event arrives twice', async () => {
    const event = eventFixture('account-in-arrears', { customerId: 'cus-dup', eventId: 'e-dup' });
    const first = await ingest(event);
    const second = await ingest(event);

    expect(second.outcome).toBe('duplicate');
    expect(await itemsOf(first.caseId ?? '')).toHaveLength(2);
  });

  it('records a stale snapshot as ignored without changing the account', async () => {
    const newer = eventFixture('account-in-arrears', {
      customerId: 'cus-stale',
      eventId: 'e-new',
      arrearsMinor: 9_000,
      occurredAt: '2026-12-03T08:00:00Z',
    });
    const older = eventFixture('account-in-arrears', {
      customerId: 'cus-stale',
      eventId: 'e-old',
      arrearsMinor: 1_000,
      occurredAt: '2026-12-02T08:00:00Z',
    });
    const { caseId } = await ingest(newer);
    await ingest(older);

    const items = await itemsOf(caseId ?? '');
    const caseItem = items.find((i) => i.SK === 'CASE');
    expect(caseItem?.case.accounts['acc-88'].arrearsMinor).toBe(9_000);
    expect(items.find((i) => i.SK === 'AUDIT#0000000002')?.record.action).toBe('snapshot-ignored');
  });

  it('rejects a malformed payload naming the field and writes nothing', async () => {
    const bad = eventFixture('account-in-arrears', {
      customerId: 'cus-bad',
      eventId: 'e-bad',
      arrearsMinor: 12.5,
    });

    await expect(ingest(bad)).rejects.toMatchObject({
      name: 'ValidationError',
      message: expect.stringContaining('arrearsMinor: must be an integer amount in minor units'),
    });
    const claim = await table.db.send(
      new GetCommand({ TableName: table.tableName, Key: { PK: 'INPUT#e-bad', SK: 'INPUT' } }),
    );
    expect(claim.Item).toBeUndefined();
  });

  it('applies both of two racing writers to one case with a whole audit chain', async () => {
    const events = ['acc-1', 'acc-2', 'acc-3', 'acc-4'].map((accountId, i) =>
      eventFixture('account-in-arrears', {
        customerId: 'cus-race',
        eventId: `e-race-${i}`,
        accountId,
      }),
    );
    const results = await Promise.all(events.map((e) => ingest(e)));

    const caseIds = new Set(results.map((r) => r.caseId));
    expect(caseIds.size).toBe(1);
    const items = await itemsOf([...caseIds][0] ?? '');
    const caseItem = items.find((i) => i.SK === 'CASE');
    expect(Object.keys(caseItem?.case.accounts).sort()).toEqual([
      'acc-1',
      'acc-2',
      'acc-3',
      'acc-4',
    ]);
    const audit = items.filter((i) => i.SK.startsWith('AUDIT#')).map((i) => i.record);
    expect(chainBreak(audit)).toBeUndefined();
    expect(caseItem?.version).toBe(4);
  });
});
