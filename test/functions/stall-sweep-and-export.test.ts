import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepDueCases } from '../../functions/lib/sweep.ts';
import { AUDIT_BUCKET, type LocalS3Fixture, startLocalS3 } from '../local/s3/local-s3.ts';
import { createCaseTable } from '../support/case-table.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';
import { streamReader } from '../support/stream-records.ts';

type Handler = (event: unknown, context: unknown) => Promise<Record<string, unknown>>;
let table: Awaited<ReturnType<typeof createCaseTable>>;
let s3: LocalS3Fixture;
let client: S3Client;
let ingest: Handler;
let exportAudit: Handler;

beforeAll(async () => {
  table = await createCaseTable();
  // The local runtime's own S3, on its edge server, as export-audit meets it under npm start.
  s3 = await startLocalS3();
  client = s3.client();
  useLocalAws(table.tableName, {
    AUDIT_BUCKET_NAME: AUDIT_BUCKET,
    AWS_ENDPOINT_URL_S3: s3.edge.endpoint,
    AWS_S3_FORCE_PATH_STYLE: 'true',
  });
  ingest = ((await import('../../functions/ingest-event.ts')) as { handler: Handler }).handler;
  exportAudit = ((await import('../../functions/export-audit.ts')) as { handler: Handler }).handler;
});

afterAll(() => s3.stop());

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

/** Every exported line under audit/, parsed, with the keys that hold them. */
const exported = async () => {
  const { Contents = [] } = await client.send(
    new ListObjectsV2Command({ Bucket: AUDIT_BUCKET, Prefix: 'audit/' }),
  );
  const keys = Contents.map((o) => String(o.Key));
  const bodies = await Promise.all(
    keys.map(async (Key) => {
      const got = await client.send(new GetObjectCommand({ Bucket: AUDIT_BUCKET, Key }));
      return (await got.Body?.transformToString()) ?? '';
    }),
  );
  const lines = bodies
    .join('')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map(
      (l) => JSON.parse(l) as { caseId: string; customerId: string; seq: number; action: string },
    );
  return { keys, lines };
};

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
    const once = await exported();
    await exportAudit(batch, lambdaContext('export'));

    const { keys, lines } = await exported();
    expect({ keys, lines }).toEqual(once);
    expect(
      keys.every((k) => /^audit\/date=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/\d+-\d+\.ndjson$/.test(k)),
    ).toBe(true);
    expect(lines).toHaveLength(auditRecords.length);
    expect(lines.find((l) => l.customerId === 'cus-export')).toMatchObject({
      seq: 1,
      action: 'case-opened',
    });
  });

  it('exports every record, rewriting no object, when a batch comes again split in two', async () => {
    const read = await streamReader(table.client, table.tableName);
    for (const [i, accountId] of ['acc-s1', 'acc-s2', 'acc-s3'].entries()) {
      await ingest(
        eventFixture('account-in-arrears', {
          customerId: 'cus-split',
          eventId: `split-${i}`,
          accountId,
        }),
        lambdaContext(),
      );
    }
    const records = (await read()).filter(
      (r) =>
        r.dynamodb?.NewImage?.SK?.S?.startsWith('AUDIT#') &&
        r.dynamodb.NewImage.customerId?.S === 'cus-split',
    );

    // The first two records are exported; the retry comes as the first one, then the last two.
    await exportAudit({ Records: records.slice(0, 2) }, lambdaContext('export'));
    const first = await exported();
    await exportAudit({ Records: records.slice(0, 1) }, lambdaContext('export'));
    await exportAudit({ Records: records.slice(1) }, lambdaContext('export'));

    const { keys, lines } = await exported();
    const split = lines.filter((l) => l.customerId === 'cus-split');
    expect(records).toHaveLength(3);
    expect([...new Set(split.map((l) => l.seq))].sort()).toEqual([1, 2, 3]);
    expect(keys).toEqual(expect.arrayContaining(first.keys));
    expect(keys).toHaveLength(first.keys.length + 2);
  });
});
