import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { functionId, type Json, only, synthesize } from './synthesize.ts';

const ASYNCHRONOUS = ['ingest-event', 'broadcast-change', 'stall-sweep'];

describe('functions, schedule and alarms', () => {
  let template: Template;
  let alarms: Json[];
  let topicId: string;

  beforeAll(() => {
    template = synthesize();
    alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties,
    );
    [topicId] = only(template, 'AWS::SNS::Topic');
  }, 60_000);

  /** The alarms on a metric, with the dimension value they watch. */
  const alarmsOn = (metric: string, dimension: string): Json[] =>
    alarms
      .filter((a) => a.MetricName === metric)
      .map((a) => a.Dimensions.find((d: Json) => d.Name === dimension)?.Value);

  it('alarms when any dead-letter queue holds a message', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(9);
    const watched = alarmsOn('ApproximateNumberOfMessagesVisible', 'QueueName');
    const names = watched.map((value) => value['Fn::GetAtt'][0]);
    expect(names.toSorted()).toEqual(queues.toSorted());
    for (const alarm of alarms.filter((a) => a.Namespace === 'AWS/SQS')) {
      expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    }
  });

  it('alarms on the errors of every function', () => {
    const functions = Object.keys(template.findResources('AWS::Lambda::Function'));
    const watched = alarmsOn('Errors', 'FunctionName').map((value) => value.Ref);
    expect(watched.toSorted()).toEqual(functions.toSorted());
  });

  it('alarms when either stream reader falls behind', () => {
    const watched = alarmsOn('IteratorAge', 'FunctionName').map((value) => value.Ref);
    expect(watched.toSorted()).toEqual(
      [
        functionId(template, 'publish-case-changes'),
        functionId(template, 'export-audit'),
      ].toSorted(),
    );
  });

  it('alarms on failed and timed-out handover executions', () => {
    expect(alarms.filter((a) => a.Namespace === 'AWS/States').map((a) => a.MetricName)).toEqual([
      'ExecutionsFailed',
      'ExecutionsTimedOut',
    ]);
  });

  it('sends every alarm to the alarm topic', () => {
    expect(alarms).toHaveLength(29);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  it('runs every handler on Node 24, arm64, traced, with a log group kept a month', () => {
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    for (const { Properties: fn } of Object.values(
      template.findResources('AWS::Lambda::Function'),
    )) {
      expect(fn).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        Handler: 'index.handler',
      });
      expect(fn.MemorySize).toBeGreaterThan(128);
      expect(fn.Timeout).toBeGreaterThan(3);
      expect(fn.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      const logGroup = logGroups[fn.LoggingConfig.LogGroup.Ref];
      expect(logGroup?.Properties.RetentionInDays).toBe(30);
    }
  });

  it('sends failed asynchronous invocations to a dead-letter queue after two retries', () => {
    const configs = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig'));
    const queues = template.findResources('AWS::SQS::Queue');
    const configured = configs.map((c) => c.Properties.FunctionName.Ref);
    expect(configured.toSorted()).toEqual(
      ASYNCHRONOUS.map((h) => functionId(template, h)).toSorted(),
    );
    for (const { Properties: config } of configs) {
      expect(config.MaximumRetryAttempts).toBe(2);
      const destination = config.DestinationConfig.OnFailure.Destination['Fn::GetAtt'][0];
      expect(queues).toHaveProperty(destination);
    }
  });

  it('sweeps for stalled cases every five minutes, with a dead-letter queue', () => {
    const [, schedule] = only(template, 'AWS::Scheduler::Schedule');
    expect(schedule.Properties).toMatchObject({
      Name: 'baton-dev-stall-sweep',
      ScheduleExpression: 'rate(5 minutes)',
      Target: { Arn: { 'Fn::GetAtt': [functionId(template, 'stall-sweep'), 'Arn'] } },
    });
    expect(schedule.Properties.Target.DeadLetterConfig.Arn).toBeDefined();
  });

  it('encrypts every dead-letter queue with the data key and refuses plain HTTP', () => {
    const [keyId] = only(template, 'AWS::KMS::Key');
    for (const { Properties: queue } of Object.values(template.findResources('AWS::SQS::Queue'))) {
      expect(queue.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(queue.MessageRetentionPeriod).toBe(14 * 24 * 3600);
    }
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    expect(policies).toHaveLength(9);
    for (const { Properties: policy } of policies) {
      expect(JSON.stringify(policy.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });
});
