import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BILLING_DETAIL_TYPES, inboundEventSchemas } from '#schemas/inbound-events.ts';
import { functionId, only, type Resource, synthesize } from './synthesize.ts';

const SIGNAL_DETAIL_TYPES = [
  'Breathing Space Started',
  'Breathing Space Ended',
  'Vulnerability Disclosed',
  'Complaint Received',
  'Complaint Resolved',
  'Fraud Suspected',
  'Fraud Cleared',
  'Debt Adviser Registered',
];

describe('event bus and rules', () => {
  let template: Template;
  let rules: Resource[];

  beforeAll(() => {
    template = synthesize({
      billingSources: 'billing,ledger',
      producerAccountIds: '111111111111,222222222222',
      producerOrganizationId: 'o-abcdefghij',
    });
    rules = Object.values(template.findResources('AWS::Events::Rule')) as Resource[];
  }, 60_000);

  const ruleTo = (handler: string, source: string): Resource => {
    const target = functionId(template, handler);
    const rule = rules.find(
      (r) =>
        r.Properties.Targets[0].Arn['Fn::GetAtt'][0] === target &&
        r.Properties.EventPattern.source.includes(source),
    );
    if (!rule) throw new Error(`no rule from ${source} to ${handler}`);
    return rule;
  };

  it('names the custom bus after the stage', () => {
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'baton-dev' });
  });

  it('routes every billing detail-type from the configured billing sources to ingest', () => {
    const { EventPattern } = ruleTo('ingest-event', 'billing').Properties;
    expect(EventPattern).toEqual({
      source: ['billing', 'ledger'],
      'detail-type': [
        'Account In Arrears',
        'Payment Received',
        'Payment Missed',
        'Account Settled',
      ],
    });
    expect(EventPattern['detail-type']).toEqual(BILLING_DETAIL_TYPES);
  });

  it('routes every signal detail-type from the default signal sources to ingest', () => {
    const { EventPattern } = ruleTo('ingest-event', 'crm').Properties;
    expect(EventPattern.source).toEqual(['crm', 'insolvency-service', 'complaints', 'fraud']);
    expect(EventPattern['detail-type']).toEqual(SIGNAL_DETAIL_TYPES);
  });

  it('routes each inbound detail-type by exactly one rule', () => {
    const routed = rules
      .filter((r) => !r.Properties.EventPattern.source.includes('baton.cases'))
      .flatMap((r) => r.Properties.EventPattern['detail-type'] ?? []);
    expect(routed.toSorted()).toEqual(Object.keys(inboundEventSchemas).toSorted());
  });

  it("sends Baton's own Case Changed events, and only those, to broadcast", () => {
    const { EventPattern } = ruleTo('broadcast-change', 'baton.cases').Properties;
    expect(EventPattern).toEqual({ source: ['baton.cases'], 'detail-type': ['Case Changed'] });
  });

  it('gives every rule target an SQS dead-letter queue and an explicit retry policy', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    const targets = rules.flatMap((r) => r.Properties.Targets);
    expect(targets).toHaveLength(3);
    for (const target of targets) {
      expect(queues).toHaveProperty(target.DeadLetterConfig.Arn['Fn::GetAtt'][0]);
      expect(target.RetryPolicy.MaximumRetryAttempts).toBeGreaterThan(0);
      expect(target.RetryPolicy.MaximumEventAgeInSeconds).toBeGreaterThan(0);
    }
  });

  it('keeps retrying inbound events for the full day EventBridge allows', () => {
    const { RetryPolicy } = ruleTo('ingest-event', 'billing').Properties.Targets[0];
    expect(RetryPolicy).toEqual({ MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 });
  });

  it('archives inbound events, encrypted, for replay into ingest', () => {
    const [, archive] = only(template, 'AWS::Events::Archive');
    expect(archive.Properties.EventPattern.source).toEqual([
      'billing',
      'ledger',
      'crm',
      'insolvency-service',
      'complaints',
      'fraud',
    ]);
    expect(archive.Properties.KmsKeyIdentifier).toBeDefined();
    expect(archive.Properties.RetentionDays).toBe(365);
  });

  it('lets the named producer accounts and organisation put only inbound events', () => {
    const policies = Object.values(template.findResources('AWS::Events::EventBusPolicy'));
    const statements = policies.map((p) => p.Properties.Statement);
    expect(statements).toHaveLength(2);
    const accounts = statements.find((s) => s.Sid.endsWith('ProducerAccountsPutEvents'));
    expect(JSON.stringify(accounts.Principal)).toContain('111111111111');
    expect(JSON.stringify(accounts.Principal)).toContain('222222222222');
    const organisation = statements.find((s) => s.Sid.endsWith('ProducerOrganisationPutEvents'));
    expect(organisation.Condition.StringEquals['aws:PrincipalOrgID']).toBe('o-abcdefghij');
    for (const statement of statements) {
      expect(statement.Action).toBe('events:PutEvents');
      expect(statement.Condition.StringEquals['events:source']).not.toContain('baton.cases');
      expect(statement.Condition.StringEquals['events:detail-type']).toHaveLength(12);
    }
  });
});
