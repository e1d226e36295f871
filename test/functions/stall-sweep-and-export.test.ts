import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDueCases } from '../../functions/lib/sweep.ts';
import { startAwsStandIn } from '../support/aws-stand-in.ts';
import { createCaseTable } from '../support/case-table.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';
import { streamReader } from '../support/stream-records.ts';

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
let table: Awaited<ReturnType<typeof createCaseTable>>;
let aws: Awaited<ReturnType<typeof startAwsStandIn>>;
let ingest: Handler;
let exportAudit: Handler;

beforeAll(async () => {
  table = await createCaseTable();
  aws = await startAwsStandIn();
  useLocalAws(table.tableName, {
    AUDIT_BUCKET_NAME: 'baton-audit',
    AWS_ENDPOINT_URL_S3: aws.endpoint,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  });
  ingest = ((await import('../../functions/ingest-event.ts')) as { handler: Handler }).handler;
  exportAudit = ((await import('../../functions/export-audit.ts')) as { handler: Handler }).handler;
});

afterAll(() => aws.stop());

describe('stall sweep', () => {
  it('breaches a complaint deadline that has passed and leaves cases with nothing due alone', async () => {
    const complained = await ingest(
      eventFixture('complaint-received', {
        customerId: 'cus-sweep',
        eventId: 'sw-1',
        receivedAt: '2026-11-02T10:00:00Z',
        occurredAt: '2026-11-02T10:00:00Z',
      }),
      lambdaContext(),
    );
    await ingest(
      eventFixture('account-in-arrears', { customerId: 'cus-quiet', eventId: 'sw-2' }),
      lambdaContext(),
    );

    const result = await sweepDueCases(table.store, new Date('2026-11-10T09:00:00Z'));

    expect(result).toMatchObject({ checked: 1, changed: 1, skipped: 0 });
    const audit = await table.store.getAudit(String(complained.caseId));
    expect(audit.map((r) => r.action)).toContain('deadline-breached');
    expect(audit.at(-1)?.actor).toBe('system:stall-sweep');
  });
});

describe('export-audit', () => {
  it('writes the batch’s audit records as newline-delimited JSON per hour, once', async () => {
    const read = await streamReader(table.client, table.tableName);
    await ingest(
      eventFixture('account-in-arrears', { customerId: 'cus-export', eventId: 'ex-1' }),
      lambdaContext(),
    );
    const batch: DynamoDBStreamEvent = { Records: await read() };
    const auditRecords = batch.Records.filter((r) =>
      r.dynamodb?.NewImage?.SK?.S?.startsWith('AUDIT#'),
    );

    await exportAudit(batch, lambdaContext('export'));
    const puts = aws.callsTo('S3.PutObject').length;
    await exportAudit(batch, lambdaContext('export'));

    const keys = [...aws.objects.keys()];
    expect(
      keys.every((k) =>
        /^\/baton-audit\/audit\/date=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/\d+-\d+\.ndjson$/.test(k),
      ),
    ).toBe(true);
    const lines = [...aws.objects.values()]
      .join('')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(auditRecords.length);
    expect(lines[0]).toMatchObject({ seq: 1, action: 'case-opened' });
    expect(aws.callsTo('S3.PutObject').length).toBe(puts * 2);
    expect(aws.objects.size).toBe(keys.length);
  });
});
