import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type CloudFormationTemplate,
  checkResourceTypes,
  checkTemplateTypes,
  INERT_TYPES,
  loadStack,
  resolveTemplate,
  resourcesOf,
  runnableTypes,
  UnsupportedResourcesError,
} from '../../../local/template/index.ts';

const SETTINGS = { region: 'eu-west-2', accountId: '000000000000' };
const stack = loadStack(join(import.meta.dirname, '../../fixtures/local/core'), SETTINGS);
const folders: string[] = [];

/** A cloud assembly folder holding one stack, `demo`, with this template. */
const assemblyWith = (template: CloudFormationTemplate) => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-assembly-'));
  folders.push(dir);
  const artifact = { type: 'aws:cloudformation:stack', properties: { templateFile: 'demo.json' } };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ artifacts: { demo: artifact } }));
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(template));
  return dir;
};

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('the resource type registry', () => {
  it('runs or knowingly ignores every resource of the Baton template', () => {
    // Act
    const check = () => checkResourceTypes(stack.resources);

    // Assess
    expect(check).not.toThrow();
    for (const r of stack.resources) {
      expect(r.type in runnableTypes || INERT_TYPES.has(r.type), r.type).toBe(true);
    }
  });

  it('hands each part the resources it runs', () => {
    // Act
    const count = (part: Parameters<typeof resourcesOf>[1]) =>
      resourcesOf(stack.resources, part).length;

    // Assess
    expect(count('dynamodb')).toBe(1);
    expect(count('lambda')).toBe(16 + 3);
    expect(count('streams')).toBe(2);
    expect(count('eventbridge')).toBe(1 + 3 + 1);
    expect(count('stepfunctions')).toBe(1);
    expect(count('apigateway')).toBe(2 + 2 + 6 + 10 + 1 + 2);
    expect(count('s3')).toBe(2);
    expect(count('scheduler')).toBe(1);
    expect(count('secrets')).toBe(1);
    expect(count('dead-letters')).toBe(9);
  });

  it('names every resource it cannot run, all at once', () => {
    // Arrange
    const { resources } = resolveTemplate(
      {
        Resources: {
          Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
          Domain: { Type: 'AWS::Route53::HostedZone', Properties: { Name: 'x.example' } },
          Bus: { Type: 'AWS::Events::EventBus', Properties: { Name: 'b' } },
        },
      },
      'demo',
      SETTINGS,
    );

    // Act
    let error: unknown;
    try {
      checkResourceTypes(resources);
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(UnsupportedResourcesError);
    expect((error as Error).message).toContain('AWS::ECS::Cluster (Cluster) cannot run locally');
    expect((error as Error).message).toContain(
      'AWS::Route53::HostedZone (Domain) cannot run locally',
    );
    expect((error as UnsupportedResourcesError).resources.map((r) => r.logicalId)).toEqual([
      'Cluster',
      'Domain',
    ]);
  });

  it('names a resource it cannot run that a Fn::GetAtt refers to, before resolving anything', () => {
    // Prepare
    const assembly = assemblyWith({
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Resources: {
        Cluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
        Zone: {
          Type: 'AWS::Route53::HostedZone',
          Condition: 'Never',
          Properties: { Name: 'x.example' },
        },
        Bus: {
          Type: 'AWS::Events::EventBus',
          Properties: { Name: { 'Fn::GetAtt': ['Cluster', 'Arn'] } },
        },
      },
    });

    // Act
    const load = () =>
      loadStack(assembly, SETTINGS, { stackName: 'demo', checkTypes: checkTemplateTypes });

    // Assess
    expect(load).toThrow(UnsupportedResourcesError);
    expect(load).toThrow('AWS::ECS::Cluster (Cluster) cannot run locally');
    expect(load).not.toThrow('(Zone)');
  });

  it('refuses a queue that nothing uses as a dead-letter or on-failure destination', () => {
    // Arrange
    const { resources } = resolveTemplate(
      {
        Resources: {
          Work: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'work' } },
          Dlq: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'dlq' } },
          Rule: {
            Type: 'AWS::Events::Rule',
            Properties: {
              Targets: [
                { Id: 't', Arn: 'x', DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['Dlq', 'Arn'] } } },
              ],
            },
          },
        },
      },
      'demo',
      SETTINGS,
    );

    // Act
    const check = () => checkResourceTypes(resources);

    // Assess
    expect(check).toThrow(
      'AWS::SQS::Queue (Work) cannot run locally: only queues used as dead-letter or on-failure destinations are emulated',
    );
    expect(check).not.toThrow('(Dlq)');
  });
});
