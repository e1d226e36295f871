import { readFileSync } from 'node:fs';
import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionArn } from './support/doubles.ts';
import { type EventBridgeUnderTest, startEventBridge } from './support/setup.ts';

const INGEST = functionArn('baton-dev-ingest-event');

const arrears = JSON.parse(
  readFileSync(new URL('../../fixtures/events/account-in-arrears.json', import.meta.url), 'utf8'),
);

const billingEntry = (overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  EventBusName: 'baton-dev',
  Source: 'billing',
  DetailType: 'Account In Arrears',
  Detail: JSON.stringify(arrears.detail),
  ...overrides,
});

describe('PutEvents', () => {
  let bus: EventBridgeUnderTest;

  beforeAll(async () => {
    bus = await startEventBridge({ behaviours: { [INGEST]: () => ({ ok: true }) } });
  });
  afterAll(async () => {
    await bus.stop();
  });

  it('accepts a billing event on the Baton bus and answers its event id', async () => {
    // Act
    const result = await bus.client.send(new PutEventsCommand({ Entries: [billingEntry()] }));

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(result.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("delivers the event to the billing rule's function in AWS's envelope", async () => {
    // Prepare
    const before = bus.lambda.callsTo(INGEST).length;

    // Act
    const result = await bus.client.send(
      new PutEventsCommand({
        Entries: [
          billingEntry({
            Resources: ['arn:aws:billing:acc-88'],
            Time: new Date('2026-12-03T08:00:00Z'),
          }),
        ],
      }),
    );
    await bus.events.idle();

    // Assess
    const calls = bus.lambda.callsTo(INGEST);
    expect(calls).toHaveLength(before + 1);
    expect(calls.at(-1)?.payload).toEqual({
      version: '0',
      id: result.Entries?.[0]?.EventId,
      'detail-type': 'Account In Arrears',
      source: 'billing',
      account: '000000000000',
      time: '2026-12-03T08:00:00Z',
      region: 'eu-west-2',
      resources: ['arn:aws:billing:acc-88'],
      detail: arrears.detail,
    });
  });

  it('rejects more than 10 entries with a ValidationException naming the limit', async () => {
    // Prepare
    const entries = Array.from({ length: 11 }, () => billingEntry());

    // Act
    const act = bus.client.send(new PutEventsCommand({ Entries: entries }));

    // Assess
    await expect(act).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10$/,
      ),
    });
  });

  it('answers per-entry errors and still accepts the valid entries of the request', async () => {
    // Act
    const result = await bus.client.send(
      new PutEventsCommand({
        Entries: [
          billingEntry({ Source: undefined }),
          billingEntry({ DetailType: undefined }),
          billingEntry({ Detail: undefined }),
          billingEntry({ Detail: '[1, 2]' }),
          billingEntry({ Detail: '{"not json' }),
          billingEntry({ EventBusName: 'no-such-bus' }),
          billingEntry(),
        ],
      }),
    );

    // Assess
    expect(result.FailedEntryCount).toBe(6);
    expect(result.Entries?.slice(0, 6)).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage:
          'Parameter DetailType is not valid. Reason: DetailType is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      {
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: 'Event bus no-such-bus does not exist.',
      },
    ]);
    expect(result.Entries?.[6]?.EventId).toBeDefined();
  });

  it('accepts an event bus given by its ARN', async () => {
    const result = await bus.client.send(
      new PutEventsCommand({
        Entries: [
          billingEntry({
            EventBusName: 'arn:aws:events:eu-west-2:000000000000:event-bus/baton-dev',
          }),
        ],
      }),
    );

    expect(result.FailedEntryCount).toBe(0);
  });

  it('accepts an entry of 900 KB, under the 1 MB limit of 2026', async () => {
    const detail = JSON.stringify({ ...arrears.detail, padding: 'x'.repeat(900 * 1_024) });

    const result = await bus.client.send(
      new PutEventsCommand({ Entries: [billingEntry({ Detail: detail })] }),
    );

    expect(result.FailedEntryCount).toBe(0);
  });

  it('rejects entries over 1 MB in all with a ValidationException', async () => {
    const detail = JSON.stringify({ padding: 'x'.repeat(600 * 1_024) });

    const act = bus.client.send(
      new PutEventsCommand({
        Entries: [billingEntry({ Detail: detail }), billingEntry({ Detail: detail })],
      }),
    );

    await expect(act).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });

  it('sends an event to the default bus when no bus is named, where no rule matches it', async () => {
    const before = bus.lambda.calls.length;

    const result = await bus.client.send(
      new PutEventsCommand({ Entries: [billingEntry({ EventBusName: undefined })] }),
    );
    await bus.events.idle();

    expect(result.FailedEntryCount).toBe(0);
    expect(bus.lambda.calls).toHaveLength(before);
  });
});

describe('PutEvents with a slow target', () => {
  it('answers before the target has finished: delivery never blocks PutEvents', async () => {
    // Prepare
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const bus = await startEventBridge({ behaviours: { [INGEST]: () => held } });

    // Act
    const result = await bus.client.send(new PutEventsCommand({ Entries: [billingEntry()] }));

    // Assess
    expect(result.FailedEntryCount).toBe(0);
    expect(bus.lambda.callsTo(INGEST)).toHaveLength(1);
    release();
    await bus.events.idle();
    expect(bus.lines).toContainEqual(
      expect.objectContaining({ message: 'event delivered', attempts: 1 }),
    );
    await bus.stop();
  });
});
