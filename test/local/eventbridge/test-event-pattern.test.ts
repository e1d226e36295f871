import { readFileSync } from 'node:fs';
import { TestEventPatternCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventBridgeUnderTest, startEventBridge } from './support/setup.ts';

const arrears = readFileSync(
  new URL('../../fixtures/events/account-in-arrears.json', import.meta.url),
  'utf8',
);

/** The billing rule's pattern, as the synthesized template declares it. */
const billingPattern = JSON.stringify({
  source: ['billing'],
  'detail-type': ['Account In Arrears', 'Payment Received', 'Payment Missed', 'Account Settled'],
});

describe('TestEventPattern', () => {
  let bus: EventBridgeUnderTest;

  beforeAll(async () => {
    bus = await startEventBridge();
  });
  afterAll(async () => {
    await bus.stop();
  });

  it("answers true for a billing event and the billing rule's pattern", async () => {
    const result = await bus.client.send(
      new TestEventPatternCommand({ EventPattern: billingPattern, Event: arrears }),
    );

    expect(result.Result).toBe(true);
  });

  it('answers false for an event from another source', async () => {
    const event = JSON.stringify({ ...JSON.parse(arrears), source: 'crm' });

    const result = await bus.client.send(
      new TestEventPatternCommand({ EventPattern: billingPattern, Event: event }),
    );

    expect(result.Result).toBe(false);
  });

  it('matches with the content filters, here numeric on daysPastDue', async () => {
    const pattern = JSON.stringify({ detail: { daysPastDue: [{ numeric: ['>=', 30, '<', 60] }] } });

    const result = await bus.client.send(
      new TestEventPatternCommand({ EventPattern: pattern, Event: arrears }),
    );

    expect(result.Result).toBe(true);
  });

  it("rejects an invalid pattern with InvalidEventPatternException and AWS's message", async () => {
    const act = bus.client.send(
      new TestEventPatternCommand({ EventPattern: '{"source": []}', Event: arrears }),
    );

    await expect(act).rejects.toMatchObject({
      name: 'InvalidEventPatternException',
      message: 'Event pattern is not valid. Reason: Empty arrays are not allowed',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('rejects an event without the envelope fields with a ValidationException', async () => {
    const act = bus.client.send(
      new TestEventPatternCommand({ EventPattern: billingPattern, Event: '{"source": "billing"}' }),
    );

    await expect(act).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter Event is not valid.',
    });
  });
});
