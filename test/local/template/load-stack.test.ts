import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LoadedStack, loadStack } from '../../../local/template/index.ts';

const ASSEMBLY = join(import.meta.dirname, '../../fixtures/local/core');
const SETTINGS = { region: 'eu-west-2', accountId: '000000000000' };

const byId = (stack: LoadedStack, logicalId: string) => {
  const resource = stack.resources.find((r) => r.logicalId === logicalId);
  if (!resource) throw new Error(`no ${logicalId} in the fixture template`);
  return resource;
};

/** Every `Ref` or `Fn::*` left anywhere in a value, with where it is. */
const intrinsicsLeft = (value: unknown, path: string, found: string[] = []): string[] => {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) intrinsicsLeft(v, `${path}[${i}]`, found);
  } else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'Ref' || key.startsWith('Fn::')) found.push(`${path}.${key}`);
      intrinsicsLeft(v, `${path}.${key}`, found);
    }
  }
  return found;
};

describe('loadStack on the synthesized Baton template', () => {
  const stack = loadStack(ASSEMBLY, SETTINGS);

  it('picks the stack whose template defines the table, from the assembly manifest', () => {
    // Assess
    expect(stack.stackName).toBe('baton-dev');
    expect(stack.templateFile).toBe(join(ASSEMBLY, 'template.json'));
    expect(stack.environment).toEqual({ account: undefined, region: 'us-east-1' });
  });

  it('warns that the assembly was synthesized for another region', () => {
    // Assess
    expect(stack.warnings).toEqual([expect.stringContaining('synthesized for us-east-1')]);
  });

  it('leaves no intrinsic unresolved in any resource or output', () => {
    // Act
    const left = [
      ...stack.resources.flatMap((r) => intrinsicsLeft(r.properties, r.logicalId)),
      ...intrinsicsLeft(stack.outputs, 'Outputs'),
    ];

    // Assess
    expect(left).toEqual([]);
    expect(stack.resources).toHaveLength(177);
  });

  it('names the table and its ARNs as DynamoDB does', () => {
    // Act
    const table = byId(stack, 'CasesTable7FA77C7D');

    // Assess
    expect(table.ref).toBe('baton-dev-cases');
    expect(table.attributes.Arn).toBe(
      'arn:aws:dynamodb:eu-west-2:000000000000:table/baton-dev-cases',
    );
    expect(table.attributes.StreamArn).toMatch(
      /^arn:aws:dynamodb:eu-west-2:000000000000:table\/baton-dev-cases\/stream\/\d{4}-\d\d-\d\dT[\d:.]+$/,
    );
  });

  it('names functions, queues, buckets, the bus, rules and the state machine as AWS does', () => {
    // Assess
    const fn = byId(stack, 'ingesteventFunction37920877');
    expect(fn.ref).toBe('baton-dev-ingest-event');
    expect(fn.attributes.Arn).toBe(
      'arn:aws:lambda:eu-west-2:000000000000:function:baton-dev-ingest-event',
    );
    const queue = byId(stack, 'RoutingbillingdlqQueueE8EA466D');
    expect(queue.ref).toBe(
      'https://sqs.eu-west-2.amazonaws.com/000000000000/baton-dev-billing-to-ingest-event-dlq',
    );
    expect(queue.attributes).toMatchObject({
      Arn: 'arn:aws:sqs:eu-west-2:000000000000:baton-dev-billing-to-ingest-event-dlq',
      QueueName: 'baton-dev-billing-to-ingest-event-dlq',
    });
    const bucket = byId(stack, 'AuditBucket7486E833');
    expect(bucket.ref).toBe('baton-dev-audit-000000000000-eu-west-2');
    expect(bucket.attributes).toMatchObject({
      Arn: 'arn:aws:s3:::baton-dev-audit-000000000000-eu-west-2',
      DomainName: 'baton-dev-audit-000000000000-eu-west-2.s3.amazonaws.com',
    });
    const bus = byId(stack, 'EventsBus45DE4339');
    expect(bus.ref).toBe('baton-dev');
    expect(bus.attributes.Arn).toBe('arn:aws:events:eu-west-2:000000000000:event-bus/baton-dev');
    const rule = byId(stack, 'Routingbilling97A3F2BC');
    expect(rule.ref).toBe('baton-dev|baton-dev-billing-to-ingest-event');
    expect(rule.attributes.Arn).toBe(
      'arn:aws:events:eu-west-2:000000000000:rule/baton-dev/baton-dev-billing-to-ingest-event',
    );
    const machine = byId(stack, 'HandoverStateMachine060B735E');
    expect(machine.ref).toBe(
      'arn:aws:states:eu-west-2:000000000000:stateMachine:baton-dev-handover',
    );
    expect(machine.attributes.Name).toBe('baton-dev-handover');
  });

  it('names APIs, stages, the secret, the key and roles as AWS does', () => {
    // Assess
    const ws = byId(stack, 'WebSocketApi273F6915');
    expect(ws.ref).toMatch(/^[a-z0-9]{10}$/);
    expect(ws.attributes.ApiEndpoint).toBe(`wss://${ws.ref}.execute-api.eu-west-2.amazonaws.com`);
    const http = byId(stack, 'HttpApi4E1D4184');
    expect(http.attributes.ApiEndpoint).toBe(
      `https://${http.ref}.execute-api.eu-west-2.amazonaws.com`,
    );
    expect(byId(stack, 'WebSocketStageE8999091').ref).toBe('dev');
    expect(byId(stack, 'HttpApiDefaultStage1235CC70').ref).toBe('$default');
    expect(byId(stack, 'TokenSigningKeyBF1D9E0A').ref).toMatch(
      /^arn:aws:secretsmanager:eu-west-2:000000000000:secret:baton-dev\/token-signing-key-[A-Za-z0-9]{6}$/,
    );
    const key = byId(stack, 'DataKey2A0DE9E6');
    expect(key.ref).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(key.attributes.Arn).toBe(`arn:aws:kms:eu-west-2:000000000000:key/${key.ref}`);
    const role = byId(stack, 'ingesteventRole49E4D90C');
    expect(role.ref).toMatch(/^baton-dev-ingesteventRole49E4D90C-[A-Z0-9]{12}$/);
    expect(role.attributes.Arn).toBe(`arn:aws:iam::000000000000:role/${role.ref}`);
  });

  it('resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and Fn::Split where they are used', () => {
    // Act
    const fn = byId(stack, 'httpcommandsFunction249C93D2').properties;
    const mapping = byId(
      stack,
      'publishcasechangesFunctionDynamoDBEventSourcebatondevCasesTable5543700121AD8AE2',
    ).properties;
    const policy = JSON.stringify(byId(stack, 'publishcasechangesRoleDefaultPolicyE5BDA9A7'));
    const archive = byId(stack, 'EventsInboundArchiveF559A6BE').properties;

    // Assess
    expect(fn.Environment).toEqual({
      Variables: expect.objectContaining({
        TABLE_NAME: 'baton-dev-cases',
        HANDOVER_STATE_MACHINE_ARN:
          'arn:aws:states:eu-west-2:000000000000:stateMachine:baton-dev-handover',
        TOKEN_SECRET_ARN: byId(stack, 'TokenSigningKeyBF1D9E0A').ref,
      }),
    });
    expect(fn.Code).toEqual({
      S3Bucket: 'cdk-hnb659fds-assets-000000000000-us-east-1',
      S3Key: expect.stringMatching(/^[0-9a-f]{64}\.zip$/),
    });
    expect(mapping.EventSourceArn).toBe(byId(stack, 'CasesTable7FA77C7D').attributes.StreamArn);
    expect(policy).toContain(
      '"arn:aws:states:us-east-1:000000000000:execution:baton-dev-handover:*"',
    );
    expect(archive.SourceArn).toBe('arn:aws:events:eu-west-2:000000000000:event-bus/baton-dev');
  });

  it('resolves the outputs', () => {
    // Assess
    expect(stack.outputs).toEqual({
      EventBusName: 'baton-dev',
      HttpApiUrl: byId(stack, 'HttpApi4E1D4184').attributes.ApiEndpoint,
      WebSocketUrl: `wss://${byId(stack, 'WebSocketApi273F6915').ref}.execute-api.us-east-1.amazonaws.com/dev`,
      AuditBucketName: 'baton-dev-audit-000000000000-eu-west-2',
      AlarmTopicArn: 'arn:aws:sns:eu-west-2:000000000000:baton-dev-alarms',
    });
  });

  it('orders every resource after what it depends on, DependsOn included', () => {
    // Act
    const position = new Map(stack.resources.map((r, i) => [r.logicalId, i]));

    // Assess
    for (const r of stack.resources) {
      for (const d of r.dependsOn)
        expect(position.get(d)).toBeLessThan(position.get(r.logicalId) ?? 0);
    }
    expect(byId(stack, 'handoverwaitFunction791BDD65').dependsOn).toEqual(
      expect.arrayContaining(['handoverwaitRoleDefaultPolicy1314F3E9', 'handoverwaitRole83400FF0']),
    );
  });

  it('gives the same names on every load, so kept data is found again', () => {
    // Act
    const again = loadStack(ASSEMBLY, SETTINGS);

    // Assess
    expect(again.resources.map((r) => r.ref)).toEqual(stack.resources.map((r) => r.ref));
  });

  it('uses the region and account it is given', () => {
    // Act
    const other = loadStack(ASSEMBLY, { region: 'us-east-1', accountId: '123456789012' });

    // Assess
    expect(other.warnings).toEqual([]);
    expect(other.resources.find((r) => r.logicalId === 'CasesTable7FA77C7D')?.attributes.Arn).toBe(
      'arn:aws:dynamodb:us-east-1:123456789012:table/baton-dev-cases',
    );
  });

  it('finds an asset by the S3 key the template names, and refuses one not in the assembly', () => {
    // Act
    const key = byId(stack, 'HandoverStateMachine060B735E').properties.DefinitionS3Location as {
      Key: string;
    };

    // Assess
    expect(stack.assetDir(key.Key)).toBe(join(ASSEMBLY, `asset.${key.Key}`));
    expect(() => stack.assetDir('0'.repeat(64))).toThrow(/asset 0+ is not in the cloud assembly/);
  });

  it('refuses a folder that holds no cloud assembly', () => {
    // Act
    const load = () => loadStack(join(ASSEMBLY, '..'), SETTINGS);

    // Assess
    expect(load).toThrow(/no cloud assembly at .* \(no manifest\.json\): synthesize first/);
  });
});
