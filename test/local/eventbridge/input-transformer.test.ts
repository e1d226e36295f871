import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionArn } from './support/doubles.ts';
import { type EventBridgeUnderTest, ruleResource, startEventBridge } from './support/setup.ts';

/**
 * The examples of AWS's "Amazon EventBridge input transformation" page: the EC2 event, the input
 * paths `instance` and `state`, and each documented template with its documented output. One rule
 * per template, each with its own function (the fake Lambda, standing in for the local Lambda).
 */

const paths = { instance: '$.detail.instance-id', state: '$.detail.state' };

const templates: Record<string, { template: string; pathsMap?: Record<string, string> }> = {
  'simple-string': { template: '"instance <instance> is in <state>"' },
  'string-with-escaped-quotes': { template: '"instance \\"<instance>\\" is in <state>"' },
  'simple-json': { template: '{"instance" : <instance>, "state": <state>}' },
  'json-with-strings-and-variables': {
    template:
      '{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \\"<instance>\\" is in <state>"}',
  },
  'json-mixed': {
    template: '{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes"}',
  },
  'reserved-in-json': {
    template:
      '{"instance": <instance>, "ruleArn": <aws.events.rule-arn>, "ruleName": <aws.events.rule-name>, ' +
      '"originalEvent": <aws.events.event.json>, "ingestionTime": <aws.events.event.ingestion-time>}',
  },
  'reserved-in-string': { template: '"<aws.events.rule-name> triggered"' },
  'multi-line-string': { template: '"Instance: <instance>"\n"State: <state>"' },
  'object-inside-string': {
    template: '"Detail <detail> message"',
    pathsMap: { detail: '$.detail' },
  },
  'missing-path': {
    template: '{"instance": <instance>, "owner": <owner>}',
    pathsMap: { ...paths, owner: '$.detail.owner' },
  },
};

const targetOf = (name: string) => functionArn(`transform-${name}`);

const transformerRules = Object.entries(templates).map(([name, { template, pathsMap }]) =>
  ruleResource(name, {
    EventPattern: { source: ['aws.ec2'] },
    Targets: [
      {
        Id: 'Target0',
        Arn: targetOf(name),
        InputTransformer: { InputPathsMap: pathsMap ?? paths, InputTemplate: template },
      },
    ],
  }),
);

const otherRules = [
  ruleResource('input-path', {
    EventPattern: { source: ['aws.ec2'] },
    Targets: [{ Id: 'Target0', Arn: targetOf('input-path'), InputPath: '$.detail' }],
  }),
  ruleResource('constant-input', {
    EventPattern: { source: ['aws.ec2'] },
    Targets: [{ Id: 'Target0', Arn: targetOf('constant-input'), Input: '{"sweep": "now"}' }],
  }),
];

const names = [...Object.keys(templates), 'input-path', 'constant-input'];

describe('Input transformation (documented examples)', () => {
  let bus: EventBridgeUnderTest;
  let eventId: string | undefined;

  beforeAll(async () => {
    bus = await startEventBridge({
      behaviours: Object.fromEntries(names.map((name) => [targetOf(name), () => null])),
      resources: [...transformerRules, ...otherRules],
    });
    const result = await bus.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'baton-dev',
            Source: 'aws.ec2',
            DetailType: 'EC2 Instance State-change Notification',
            Resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111'],
            Detail: JSON.stringify({ 'instance-id': 'i-0123456789', state: 'RUNNING' }),
          },
        ],
      }),
    );
    eventId = result.Entries?.[0]?.EventId;
    await bus.events.idle();
  });
  afterAll(async () => {
    await bus.stop();
  });

  const received = (name: string) => bus.lambda.callsTo(targetOf(name)).map((call) => call.payload);

  it('replaces variables in a simple string', () => {
    expect(received('simple-string')).toEqual(['instance i-0123456789 is in RUNNING']);
  });

  it('keeps escaped quotes around a variable in a string', () => {
    expect(received('string-with-escaped-quotes')).toEqual([
      'instance "i-0123456789" is in RUNNING',
    ]);
  });

  it('quotes string values placed where JSON values go', () => {
    expect(received('simple-json')).toEqual([{ instance: 'i-0123456789', state: 'RUNNING' }]);
  });

  it('places values raw inside JSON strings', () => {
    expect(received('json-with-strings-and-variables')).toEqual([
      {
        instance: 'i-0123456789',
        state: 'RUNNING',
        instanceStatus: 'instance "i-0123456789" is in RUNNING',
      },
    ]);
  });

  it('mixes variables with static JSON', () => {
    expect(received('json-mixed')).toEqual([
      { instance: 'i-0123456789', state: [9, 'RUNNING', true], Transformed: 'Yes' },
    ]);
  });

  it('offers the reserved variables: rule ARN and name, the original event, the ingestion time', () => {
    const [payload] = received('reserved-in-json') as Record<string, unknown>[];

    expect(payload).toMatchObject({
      instance: 'i-0123456789',
      ruleArn: 'arn:aws:events:eu-west-2:000000000000:rule/baton-dev/reserved-in-json',
      ruleName: 'reserved-in-json',
      originalEvent: { id: eventId, source: 'aws.ec2', detail: { state: 'RUNNING' } },
      ingestionTime: '2026-12-03T08:00:00Z',
    });
  });

  it('places a reserved variable in a string', () => {
    expect(received('reserved-in-string')).toEqual(['reserved-in-string triggered']);
  });

  it('joins the quoted lines of a multi-line text template with line breaks', () => {
    expect(received('multi-line-string')).toEqual(['Instance: i-0123456789\nState: RUNNING']);
  });

  it('removes the inner quotes of an object placed inside a string', () => {
    expect(received('object-inside-string')).toEqual([
      'Detail {instance-id:i-0123456789,state:RUNNING} message',
    ]);
  });

  it('gives null for a variable whose path is not in the event (local choice, see the code)', () => {
    expect(received('missing-path')).toEqual([{ instance: 'i-0123456789', owner: null }]);
  });

  it('sends the part of the event an InputPath selects', () => {
    expect(received('input-path')).toEqual([{ 'instance-id': 'i-0123456789', state: 'RUNNING' }]);
  });

  it('sends a constant Input instead of the event', () => {
    expect(received('constant-input')).toEqual([{ sweep: 'now' }]);
  });
});

describe('Input transformation that cannot give JSON', () => {
  it('dead-letters the event without invoking the target', async () => {
    const target = functionArn('broken-template');
    const bus = await startEventBridge({
      behaviours: { [target]: () => null },
      resources: [
        ruleResource('broken', {
          EventPattern: { source: ['aws.ec2'] },
          Targets: [
            {
              Id: 'Target0',
              Arn: target,
              DeadLetterConfig: { Arn: 'arn:aws:sqs:eu-west-2:000000000000:broken-dlq' },
              InputTransformer: { InputPathsMap: paths, InputTemplate: '{"state": "<state>" "x"}' },
            },
          ],
        }),
      ],
    });

    await bus.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'baton-dev',
            Source: 'aws.ec2',
            DetailType: 'x',
            Detail: '{"state":"on"}',
          },
        ],
      }),
    );
    await bus.events.idle();

    expect(bus.lambda.callsTo(target)).toEqual([]);
    expect(bus.deadLetters).toEqual([
      expect.objectContaining({
        source: 'eventbridge:broken',
        errorType: 'InputTransformationError',
        attempts: 0,
      }),
    ]);
    await bus.stop();
  });
});
