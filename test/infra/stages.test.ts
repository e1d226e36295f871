import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from './synthesize.ts';

describe('a stage other than dev', () => {
  let template: Template;

  beforeAll(() => {
    template = synthesize({ stage: 'prod' });
  }, 60_000);

  it('protects the table from deletion and keeps it when the stack goes', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'baton-prod-cases',
        DeletionProtectionEnabled: true,
      }),
    });
  });

  it('keeps its log groups when the stack goes', () => {
    const policies = Object.values(template.findResources('AWS::Logs::LogGroup')).map(
      (group) => group.DeletionPolicy,
    );
    expect(new Set(policies)).toEqual(new Set(['Retain']));
  });

  it('names every named resource after the stage', () => {
    const named = [
      ['AWS::Lambda::Function', 'FunctionName'],
      ['AWS::SQS::Queue', 'QueueName'],
      ['AWS::Events::Rule', 'Name'],
      ['AWS::CloudWatch::Alarm', 'AlarmName'],
      ['AWS::StepFunctions::StateMachine', 'StateMachineName'],
      ['AWS::ApiGatewayV2::Api', 'Name'],
    ] as const;
    for (const [type, property] of named) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.Properties[property], type).toMatch(/^baton-prod-/);
      }
    }
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'baton-prod' });
  });
});
