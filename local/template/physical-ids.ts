import { createHash } from 'node:crypto';

/** What naming a resource needs: its own resolved properties and where the stack runs. */
interface NamingContext {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  stackName: string;
  region: string;
  accountId: string;
  partition: string;
  urlSuffix: string;
}

/** The values `Ref` and `Fn::GetAtt` give for a resource. */
interface PhysicalIdentity {
  ref: string;
  attributes: Record<string, string>;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED = `${UPPER}abcdefghijklmnopqrstuvwxyz`;

/**
 * Characters drawn from a hash of the stack name, the logical id and a salt.
 *
 * Differs from AWS: CloudFormation draws generated names and ids at random; here they are
 * derived from the stack and logical id, so a restart finds the same tables, files and
 * executions under the same names.
 */
const stableChars = (ctx: NamingContext, alphabet: string, length: number, salt = ''): string => {
  const bytes = createHash('sha256').update(`${ctx.stackName}/${ctx.logicalId}/${salt}`).digest();
  return Array.from(bytes.subarray(0, length), (b) => alphabet[b % alphabet.length]).join('');
};

/** `<stack>-<logicalId>-<SUFFIX>`, the shape CloudFormation gives unnamed resources. */
const generatedName = (ctx: NamingContext, maxLength = 64, lowercase = false): string => {
  const suffix = stableChars(ctx, lowercase ? LOWER : UPPER, 12);
  const base = `${ctx.stackName}-${ctx.logicalId}`.slice(0, maxLength - suffix.length - 1);
  const name = `${base}-${suffix}`;
  return lowercase ? name.toLowerCase() : name;
};

const stableUuid = (ctx: NamingContext): string => {
  const hex = createHash('sha256').update(`${ctx.stackName}/${ctx.logicalId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

const arn = (ctx: NamingContext, service: string, resource: string, region = ctx.region) =>
  `arn:${ctx.partition}:${service}:${region}:${ctx.accountId}:${resource}`;

const named =
  (property: string, maxLength = 64) =>
  (ctx: NamingContext) =>
    text(ctx.properties[property]) ?? generatedName(ctx, maxLength);

/** The last segment of a name-or-ARN (`EventBusName` may be either). */
const lastSegment = (value: string) => value.slice(value.lastIndexOf('/') + 1);

type Identify = (ctx: NamingContext) => PhysicalIdentity;

/** How AWS names each resource type: its `Ref` value and its `Fn::GetAtt` attributes. */
const IDENTITIES: Record<string, Identify> = {
  'AWS::DynamoDB::Table': (ctx) => {
    const name = named('TableName', 255)(ctx);
    const tableArn = arn(ctx, 'dynamodb', `table/${name}`);
    const attributes: Record<string, string> = { Arn: tableArn };
    // Differs from AWS: the stream label is the table's creation time on AWS; here it is fixed,
    // and the stream poller maps the ARN to DynamoDB Local's own stream by the table name.
    if (ctx.properties.StreamSpecification) {
      attributes.StreamArn = `${tableArn}/stream/1970-01-01T00:00:00.000`;
    }
    return { ref: name, attributes };
  },
  'AWS::Lambda::Function': (ctx) => {
    const name = named('FunctionName')(ctx);
    return { ref: name, attributes: { Arn: arn(ctx, 'lambda', `function:${name}`) } };
  },
  'AWS::Lambda::EventSourceMapping': (ctx) => {
    const id = stableUuid(ctx);
    const mappingArn = arn(ctx, 'lambda', `event-source-mapping:${id}`);
    return { ref: id, attributes: { Id: id, EventSourceMappingArn: mappingArn } };
  },
  'AWS::SQS::Queue': (ctx) => {
    const fifo = ctx.properties.FifoQueue === true || ctx.properties.FifoQueue === 'true';
    const name =
      text(ctx.properties.QueueName) ??
      `${generatedName(ctx, fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`;
    const url = `https://sqs.${ctx.region}.${ctx.urlSuffix}/${ctx.accountId}/${name}`;
    return { ref: url, attributes: { Arn: arn(ctx, 'sqs', name), QueueName: name, QueueUrl: url } };
  },
  'AWS::S3::Bucket': (ctx) => {
    const name = text(ctx.properties.BucketName) ?? generatedName(ctx, 63, true);
    return {
      ref: name,
      attributes: {
        Arn: `arn:${ctx.partition}:s3:::${name}`,
        DomainName: `${name}.s3.${ctx.urlSuffix}`,
        RegionalDomainName: `${name}.s3.${ctx.region}.${ctx.urlSuffix}`,
        DualStackDomainName: `${name}.s3.dualstack.${ctx.region}.${ctx.urlSuffix}`,
      },
    };
  },
  'AWS::StepFunctions::StateMachine': (ctx) => {
    const name = named('StateMachineName', 80)(ctx);
    const machineArn = arn(ctx, 'states', `stateMachine:${name}`);
    return { ref: machineArn, attributes: { Arn: machineArn, Name: name } };
  },
  'AWS::Events::EventBus': (ctx) => {
    const name = named('Name', 256)(ctx);
    return { ref: name, attributes: { Arn: arn(ctx, 'events', `event-bus/${name}`), Name: name } };
  },
  'AWS::Events::Rule': (ctx) => {
    const name = named('Name')(ctx);
    const bus = lastSegment(text(ctx.properties.EventBusName) ?? 'default');
    const custom = bus !== 'default';
    // A rule on a custom bus is known to CloudFormation as `<bus>|<rule>`.
    return {
      ref: custom ? `${bus}|${name}` : name,
      attributes: { Arn: arn(ctx, 'events', `rule/${custom ? `${bus}/` : ''}${name}`) },
    };
  },
  'AWS::Events::Archive': (ctx) => {
    const name = named('ArchiveName', 48)(ctx);
    return {
      ref: name,
      attributes: { Arn: arn(ctx, 'events', `archive/${name}`), ArchiveName: name },
    };
  },
  'AWS::Scheduler::Schedule': (ctx) => {
    const name = named('Name')(ctx);
    const group = text(ctx.properties.GroupName) ?? 'default';
    return { ref: name, attributes: { Arn: arn(ctx, 'scheduler', `schedule/${group}/${name}`) } };
  },
  'AWS::SecretsManager::Secret': (ctx) => {
    const name = named('Name', 512)(ctx);
    const secretArn = arn(ctx, 'secretsmanager', `secret:${name}-${stableChars(ctx, MIXED, 6)}`);
    return { ref: secretArn, attributes: { Id: secretArn } };
  },
  'AWS::KMS::Key': (ctx) => {
    const id = stableUuid(ctx);
    return { ref: id, attributes: { Arn: arn(ctx, 'kms', `key/${id}`), KeyId: id } };
  },
  'AWS::KMS::Alias': (ctx) => ({ ref: named('AliasName', 256)(ctx), attributes: {} }),
  'AWS::IAM::Role': (ctx) => {
    const name = named('RoleName')(ctx);
    const path = text(ctx.properties.Path) ?? '/';
    return {
      ref: name,
      attributes: {
        Arn: `arn:${ctx.partition}:iam::${ctx.accountId}:role${path}${name}`,
        RoleId: `AROA${stableChars(ctx, UPPER, 17, 'role-id')}`,
      },
    };
  },
  'AWS::IAM::ManagedPolicy': (ctx) => {
    const name = named('ManagedPolicyName', 128)(ctx);
    const path = text(ctx.properties.Path) ?? '/';
    const policyArn = `arn:${ctx.partition}:iam::${ctx.accountId}:policy${path}${name}`;
    return { ref: policyArn, attributes: { PolicyArn: policyArn } };
  },
  'AWS::Logs::LogGroup': (ctx) => {
    const name = named('LogGroupName', 512)(ctx);
    return { ref: name, attributes: { Arn: arn(ctx, 'logs', `log-group:${name}:*`) } };
  },
  'AWS::CloudWatch::Alarm': (ctx) => {
    const name = named('AlarmName', 255)(ctx);
    return { ref: name, attributes: { Arn: arn(ctx, 'cloudwatch', `alarm:${name}`) } };
  },
  'AWS::SNS::Topic': (ctx) => {
    const name = named('TopicName', 256)(ctx);
    const topicArn = arn(ctx, 'sns', name);
    return { ref: topicArn, attributes: { TopicArn: topicArn, TopicName: name } };
  },
  'AWS::ApiGatewayV2::Api': (ctx) => {
    const id = stableChars(ctx, LOWER, 10);
    const scheme = ctx.properties.ProtocolType === 'WEBSOCKET' ? 'wss' : 'https';
    const endpoint = `${scheme}://${id}.execute-api.${ctx.region}.${ctx.urlSuffix}`;
    return { ref: id, attributes: { ApiId: id, ApiEndpoint: endpoint } };
  },
  'AWS::ApiGatewayV2::Stage': (ctx) => ({ ref: named('StageName', 128)(ctx), attributes: {} }),
  'AWS::ApiGatewayV2::Integration': (ctx) => {
    const id = stableChars(ctx, LOWER, 7);
    return { ref: id, attributes: { IntegrationId: id } };
  },
  'AWS::ApiGatewayV2::Route': (ctx) => {
    const id = stableChars(ctx, LOWER, 7);
    return { ref: id, attributes: { RouteId: id } };
  },
  'AWS::ApiGatewayV2::Authorizer': (ctx) => {
    const id = stableChars(ctx, LOWER, 6);
    return { ref: id, attributes: { AuthorizerId: id } };
  },
  'AWS::ApiGatewayV2::RouteResponse': (ctx) => {
    const id = stableChars(ctx, LOWER, 6);
    return { ref: id, attributes: { RouteResponseId: id } };
  },
};

/**
 * The `Ref` value and attributes AWS would give a resource, in the local region and account.
 * Types without a naming rule (policies, permissions) get a generated physical id as `Ref`
 * and no attributes.
 */
const physicalIdentity = (ctx: NamingContext): PhysicalIdentity =>
  (IDENTITIES[ctx.type] ?? ((c) => ({ ref: generatedName(c), attributes: {} })))(ctx);

export type { NamingContext, PhysicalIdentity };
export { physicalIdentity };
