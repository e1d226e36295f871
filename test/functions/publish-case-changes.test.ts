import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAwsStandIn } from '../support/aws-stand-in.ts';
import { createCaseTable } from '../support/case-table.ts';
import { eventFixture, lambdaContext, useLocalAws } from '../support/lambda.ts';
import { streamReader } from '../support/stream-records.ts';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;
let table: Awaited<ReturnType<typeof createCaseTable>>;
let aws: Awaited<ReturnType<typeof startAwsStandIn>>;
let readStream: Awaited<ReturnType<typeof streamReader>>;
let ingest: Handler;
let publish: Handler;

beforeAll(async () => {
  table = await createCaseTable();
  aws = await startAwsStandIn();
  useLocalAws(table.tableName, {
    EVENT_BUS_NAME: 'baton-test',
    HANDOVER_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-2:123456789012:stateMachine:handover',
    AWS_ENDPOINT_URL_EVENTBRIDGE: aws.endpoint,
    AWS_ENDPOINT_URL_SFN: aws.endpoint,
  });
  readStream = await streamReader(table.client, table.tableName);
  ingest = ((await import('../../functions/ingest-event.ts')) as { handler: Handler }).handler;
  publish = ((await import('../../functions/publish-case-changes.ts')) as { handler: Handler })
    .handler;
});

afterAll(() => aws.stop());

const streamEvent = async (): Promise<DynamoDBStreamEvent> => ({ Records: await readStream() });

describe('publish-case-changes', () => {
  it('puts each step’s events and a Case Changed on the bus, and starts the handover workflow', async () => {
    await ingest(
      eventFixture('account-in-arrears', {
        customerId: 'cus-pub',
        eventId: 'p-1',
        daysPastDue: 5,
        missedPayments: 1,
      }),
      lambdaContext(),
    );
    await ingest(
      eventFixture('vulnerability-disclosed', { customerId: 'cus-pub', eventId: 'p-2' }),
      lambdaContext(),
    );
    const records = await streamEvent();

    const response = await publish(records, lambdaContext('publish'));

    expect(response).toEqual({ batchItemFailures: [] });
    const entries = aws
      .callsTo('AWSEvents.PutEvents')
      .flatMap((c) => c.body.Entries as Record<string, string>[]);
    expect(entries.map((e) => e.DetailType)).toEqual([
      'Case Opened',
      'Case Changed',
      'Case Changed',
      'Handover Requested',
      'Case Changed',
    ]);
    expect(
      entries.every((e) => e.Source === 'baton.cases' && e.EventBusName === 'baton-test'),
    ).toBe(true);
    const starts = aws.callsTo('AWSStepFunctions.StartExecution');
    expect(starts).toHaveLength(1);
    const input = JSON.parse(String(starts[0]?.body.input));
    expect(starts[0]?.body.name).toBe(input.handoverId);
    expect(input).toMatchObject({ to: 'specialist-support', slaSeconds: 86_400 });
  });

  it('starts a handover workflow once when the same record is delivered twice', async () => {
    await ingest(
      eventFixture('account-in-arrears', {
        customerId: 'cus-twice',
        eventId: 't-1',
        daysPastDue: 5,
        missedPayments: 1,
      }),
      lambdaContext(),
    );
    await ingest(
      eventFixture('fraud-suspected', { customerId: 'cus-twice', eventId: 't-2' }),
      lambdaContext(),
    );
    const records = await streamEvent();
    const before = aws.callsTo('AWSStepFunctions.StartExecution').length;

    await publish(records, lambdaContext('publish'));
    const again = await publish(records, lambdaContext('publish'));

    expect(again).toEqual({ batchItemFailures: [] });
    const names = aws
      .callsTo('AWSStepFunctions.StartExecution')
      .slice(before)
      .map((c) => c.body.name);
    expect(names).toHaveLength(2);
    expect(new Set(names).size).toBe(1);
  });

  it('stops the workflow of a handover that was withdrawn', async () => {
    await ingest(
      eventFixture('account-in-arrears', {
        customerId: 'cus-stop',
        eventId: 's-1',
        daysPastDue: 5,
        missedPayments: 1,
      }),
      lambdaContext(),
    );
    await ingest(
      eventFixture('vulnerability-disclosed', { customerId: 'cus-stop', eventId: 's-2' }),
      lambdaContext(),
    );
    await ingest(
      eventFixture('fraud-suspected', { customerId: 'cus-stop', eventId: 's-3' }),
      lambdaContext(),
    );

    await publish(await streamEvent(), lambdaContext('publish'));

    const stops = aws.callsTo('AWSStepFunctions.StopExecution');
    expect(stops).toHaveLength(1);
    expect(stops[0]?.body).toMatchObject({
      executionArn: expect.stringMatching(/:execution:handover:case-cus-stop-[0-9a-f]+-h1$/),
      cause: 'fraud-suspected now decides',
    });
  });

  it('reports only the record whose events the bus refused, for the mapping to retry', async () => {
    await ingest(
      eventFixture('account-in-arrears', { customerId: 'cus-fail', eventId: 'f-1' }),
      lambdaContext(),
    );
    await ingest(
      eventFixture('account-in-arrears', {
        customerId: 'cus-fail',
        eventId: 'f-2',
        accountId: 'acc-91',
      }),
      lambdaContext(),
    );
    const records = await streamEvent();
    const audits = records.Records.filter((r) => r.dynamodb?.NewImage?.SK?.S?.startsWith('AUDIT#'));
    aws.failures.putEvents = 1;

    const response = (await publish(records, lambdaContext('publish'))) as {
      batchItemFailures: { itemIdentifier: string }[];
    };

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: audits[0]?.dynamodb?.SequenceNumber },
    ]);
  });
});
