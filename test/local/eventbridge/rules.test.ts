import {
  DescribeEventBusCommand,
  DescribeRuleCommand,
  ListEventBusesCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudFormationTemplate, resolveTemplate } from '../../../local/template/index.ts';
import scheduledRuleTemplate from './support/scheduled-rule.template.json' with { type: 'json' };
import { type EventBridgeUnderTest, startEventBridge } from './support/setup.ts';

describe('Rules and buses from the template', () => {
  let bus: EventBridgeUnderTest;

  beforeAll(async () => {
    bus = await startEventBridge();
  });
  afterAll(async () => {
    await bus.stop();
  });

  it("lists the Baton bus's rules by name", async () => {
    const result = await bus.client.send(new ListRulesCommand({ EventBusName: 'baton-dev' }));

    expect(result.Rules?.map((rule) => rule.Name)).toEqual([
      'baton-dev-billing-to-ingest-event',
      'baton-dev-case-changes-to-broadcast-change',
      'baton-dev-signals-to-ingest-event',
    ]);
    expect(result.NextToken).toBeUndefined();
  });

  it('filters by NamePrefix', async () => {
    const result = await bus.client.send(
      new ListRulesCommand({ EventBusName: 'baton-dev', NamePrefix: 'baton-dev-case' }),
    );

    expect(result.Rules?.map((rule) => rule.Name)).toEqual([
      'baton-dev-case-changes-to-broadcast-change',
    ]);
  });

  it('pages with Limit and NextToken', async () => {
    const first = await bus.client.send(
      new ListRulesCommand({ EventBusName: 'baton-dev', Limit: 2 }),
    );
    const second = await bus.client.send(
      new ListRulesCommand({ EventBusName: 'baton-dev', Limit: 2, NextToken: first.NextToken }),
    );

    expect(first.Rules).toHaveLength(2);
    expect(first.NextToken).toBeDefined();
    expect(second.Rules?.map((rule) => rule.Name)).toEqual(['baton-dev-signals-to-ingest-event']);
    expect(second.NextToken).toBeUndefined();
  });

  it('lists no rules on the default bus', async () => {
    const result = await bus.client.send(new ListRulesCommand({}));

    expect(result.Rules).toEqual([]);
  });

  it('describes a rule with its pattern as JSON text, its state and its bus', async () => {
    const rule = await bus.client.send(
      new DescribeRuleCommand({
        Name: 'baton-dev-case-changes-to-broadcast-change',
        EventBusName: 'baton-dev',
      }),
    );

    expect(rule).toMatchObject({
      Name: 'baton-dev-case-changes-to-broadcast-change',
      Arn: 'arn:aws:events:eu-west-2:000000000000:rule/baton-dev/baton-dev-case-changes-to-broadcast-change',
      State: 'ENABLED',
      EventBusName: 'baton-dev',
    });
    expect(JSON.parse(rule.EventPattern ?? '')).toEqual({
      source: ['baton.cases'],
      'detail-type': ['Case Changed'],
    });
  });

  it('answers ResourceNotFoundException for a rule that is not on the bus', async () => {
    const act = bus.client.send(
      new DescribeRuleCommand({ Name: 'nope', EventBusName: 'baton-dev' }),
    );

    await expect(act).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule nope does not exist on EventBus baton-dev.',
    });
  });

  it("lists a rule's targets with their retry policy and dead-letter queue", async () => {
    const result = await bus.client.send(
      new ListTargetsByRuleCommand({
        Rule: 'baton-dev-case-changes-to-broadcast-change',
        EventBusName: 'baton-dev',
      }),
    );

    expect(result.Targets).toEqual([
      {
        Id: 'Target0',
        Arn: 'arn:aws:lambda:eu-west-2:000000000000:function:baton-dev-broadcast-change',
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: {
          Arn: 'arn:aws:sqs:eu-west-2:000000000000:baton-dev-case-changes-to-broadcast-change-dlq',
        },
      },
    ]);
  });

  it('lists the default bus and the Baton bus', async () => {
    const result = await bus.client.send(new ListEventBusesCommand({}));

    expect(result.EventBuses?.map((b) => [b.Name, b.Arn])).toEqual([
      ['baton-dev', 'arn:aws:events:eu-west-2:000000000000:event-bus/baton-dev'],
      ['default', 'arn:aws:events:eu-west-2:000000000000:event-bus/default'],
    ]);
    expect(result.EventBuses?.[0]?.CreationTime).toBeInstanceOf(Date);
  });

  it('describes a bus, and answers ResourceNotFoundException for one that does not exist', async () => {
    const found = await bus.client.send(new DescribeEventBusCommand({ Name: 'baton-dev' }));
    const missing = bus.client.send(new DescribeEventBusCommand({ Name: 'elsewhere' }));

    expect(found.Arn).toBe('arn:aws:events:eu-west-2:000000000000:event-bus/baton-dev');
    await expect(missing).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus elsewhere does not exist.',
    });
  });
});

describe('Scheduled rules in the template', () => {
  const { resources } = resolveTemplate(scheduledRuleTemplate as CloudFormationTemplate, 'demo', {
    region: 'eu-west-2',
    accountId: '000000000000',
  });

  it('leaves a rule with only a ScheduleExpression to the scheduler and deploys the rest', async () => {
    const bus = await startEventBridge({ resources });
    const result = await bus.client.send(new ListRulesCommand({}));
    await bus.stop();

    expect(result.Rules?.map((rule) => rule.Name)).toEqual(['demo-billing-to-sweep']);
    expect(bus.lines).toContainEqual(
      expect.objectContaining({
        message: 'scheduled rule left to the scheduler',
        rule: 'SweepRule',
      }),
    );
  });
});
