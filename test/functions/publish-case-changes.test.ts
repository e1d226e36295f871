import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

afterEach(() => restorePutEvents());

const streamEvent = async (): Promise<DynamoDBStreamEvent> => ({ Records: await readStream() });

type FailureResponse = { batchItemFailures: { itemIdentifier: string }[] };

const isAuditInsert = (r: DynamoDBRecord) =>
  r.eventName === 'INSERT' && Boolean(r.dynamodb?.NewImage?.SK?.S?.startsWith('AUDIT#'));

const identifier = (r: DynamoDBRecord) => ({ itemIdentifier: r.dynamodb?.SequenceNumber });

/**
 * Makes the stand-in's bus refuse the nth PutEvents call from now, and only that one: its
 * `failures.putEvents` counter refuses the next calls, so it is read per call instead.
 */
const refusePutEventsCall = (n: number) => {
  const start = aws.callsTo('AWSEvents.PutEvents').length;
  Object.defineProperty(aws.failures, 'putEvents', {
    configurable: true,
    enumerable: true,
    get: () => (aws.callsTo('AWSEvents.PutEvents').length === start + n ? 1 : 0),
    set: () => undefined,
  });
};

const restorePutEvents = () =>
  Object.defineProperty(aws.failures, 'putEvents', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: 0,
  });

/** A StartExecution call: the execution name and the handover it was given as input. */
interface Started {
  name: string;
  handoverId: string;
  customerId: string;
}

/** The executions started since the nth start, optionally only those of one customer. */
const startedFor = (since: number, customerId?: string): Started[] =>
  aws
    .callsTo('AWSStepFunctions.StartExecution')
    .slice(since)
    .map((c) => ({ name: String(c.body.name), ...JSON.parse(String(c.body.input)) }) as Started)
    .filter((s) => customerId === undefined || s.customerId === customerId);

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
    // What is left of the SLA when the workflow starts: a moment less than the whole of it.
    expect(input.acceptWithinSeconds).toBeGreaterThan(86_300);
    expect(input.acceptWithinSeconds).toBeLessThanOrEqual(86_400);
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

    const startsBefore = aws.callsTo('AWSStepFunctions.StartExecution').length;

    await publish(await streamEvent(), lambdaContext('publish'));

    const first = startedFor(startsBefore, 'cus-stop').find((s) => s.handoverId.endsWith('-h1'));
    const stops = aws.callsTo('AWSStepFunctions.StopExecution');
    expect(stops).toHaveLength(1);
    expect(stops[0]?.body).toMatchObject({
      executionArn: `arn:aws:states:eu-west-2:123456789012:execution:handover:${first?.name}`,
      cause: 'fraud-suspected now decides',
    });
  });

  it('reports a refused record and every record after it, publishing none of them', async () => {
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
    const first = records.Records.findIndex(isAuditInsert);
    refusePutEventsCall(1);

    const response = (await publish(records, lambdaContext('publish'))) as FailureResponse;

    expect(response.batchItemFailures).toEqual(records.Records.slice(first).map(identifier));
  });

  it('reports a malformed audit item and publishes none of it', async () => {
    await ingest(
      eventFixture('account-in-arrears', { customerId: 'cus-malformed', eventId: 'm-1' }),
      lambdaContext(),
    );
    const records = await streamEvent();
    const audit = records.Records.filter(isAuditInsert);
    const broken = audit.at(-1) as DynamoDBRecord;
    const image = broken.dynamodb?.NewImage as Record<string, { M?: Record<string, unknown> }>;
    delete image.record?.M?.hash;
    const calls = aws.callsTo('AWSEvents.PutEvents').length;

    const response = (await publish(
      { Records: [broken] },
      lambdaContext('publish'),
    )) as FailureResponse;

    expect(response.batchItemFailures).toEqual([identifier(broken)]);
    expect(aws.callsTo('AWSEvents.PutEvents').length).toBe(calls);
  });

  it('publishes nothing after the first failed record, so a case’s changes stay in order', async () => {
    for (const [i, accountId] of ['acc-1', 'acc-2', 'acc-3', 'acc-4'].entries()) {
      await ingest(
        eventFixture('account-in-arrears', {
          customerId: 'cus-order',
          eventId: `o-${i}`,
          accountId,
        }),
        lambdaContext(),
      );
    }
    const records = await streamEvent();
    const audits = records.Records.filter(isAuditInsert);
    const second = records.Records.indexOf(audits[1] as DynamoDBRecord);
    const before = aws.callsTo('AWSEvents.PutEvents').length;
    refusePutEventsCall(2);

    const response = (await publish(records, lambdaContext('publish'))) as FailureResponse;
    const attempted = aws.callsTo('AWSEvents.PutEvents').length - before;
    restorePutEvents();
    const retry = { Records: records.Records.slice(second) };
    const retried = (await publish(retry, lambdaContext('publish'))) as FailureResponse;

    expect(audits).toHaveLength(4);
    expect(attempted).toBe(2);
    expect(response.batchItemFailures).toEqual(records.Records.slice(second).map(identifier));
    expect(retried.batchItemFailures).toEqual([]);
    const published = aws
      .callsTo('AWSEvents.PutEvents')
      .slice(before)
      .filter((_, call) => call !== 1)
      .flatMap((c) => c.body.Entries as Record<string, string>[])
      .filter((e) => e.DetailType === 'Case Changed')
      .map((e) => JSON.parse(e.Detail as string).seq);
    expect(published).toEqual([1, 2, 3, 4]);
  });

  it('names the workflows of customers whose ids share 110 characters apart, and stops the right one', async () => {
    const shared = 'cus-long-'.padEnd(110, 'x');
    for (const customerId of [`${shared}:a`, `${shared}:b`]) {
      await ingest(
        eventFixture('account-in-arrears', {
          customerId,
          eventId: `${customerId}-1`,
          daysPastDue: 5,
          missedPayments: 1,
        }),
        lambdaContext(),
      );
      await ingest(
        eventFixture('vulnerability-disclosed', { customerId, eventId: `${customerId}-2` }),
        lambdaContext(),
      );
    }
    await ingest(
      eventFixture('fraud-suspected', { customerId: `${shared}:a`, eventId: 'long-a-3' }),
      lambdaContext(),
    );
    const startsBefore = aws.callsTo('AWSStepFunctions.StartExecution').length;
    const stopsBefore = aws.callsTo('AWSStepFunctions.StopExecution').length;

    await publish(await streamEvent(), lambdaContext('publish'));

    const names = startedFor(startsBefore).map((s) => s.name);
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
    const withdrawn = startedFor(startsBefore, `${shared}:a`).find((s) =>
      s.handoverId.endsWith('-h1'),
    );
    const stops = aws.callsTo('AWSStepFunctions.StopExecution').slice(stopsBefore);
    expect(stops.map((c) => c.body.executionArn)).toEqual([
      `arn:aws:states:eu-west-2:123456789012:execution:handover:${withdrawn?.name}`,
    ]);
  });
});
