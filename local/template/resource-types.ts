import type { TemplateResource } from '../contracts.ts';
import { type UnsupportedResource, UnsupportedResourcesError } from './errors.ts';

/** The parts of the local runtime, one folder each under `local/`. */
type LocalPart =
  | 'dynamodb'
  | 'eventbridge'
  | 'lambda'
  | 'streams'
  | 'stepfunctions'
  | 'apigateway'
  | 's3'
  | 'scheduler'
  | 'secrets'
  | 'dead-letters';

/** Each resource type the local runtime runs, and the part that runs it. */
const runnableTypes: Readonly<Record<string, LocalPart>> = {
  'AWS::DynamoDB::Table': 'dynamodb',
  'AWS::Events::EventBus': 'eventbridge',
  'AWS::Events::Rule': 'eventbridge',
  'AWS::Events::Archive': 'eventbridge',
  'AWS::Lambda::Function': 'lambda',
  'AWS::Lambda::EventInvokeConfig': 'lambda',
  'AWS::Lambda::EventSourceMapping': 'streams',
  'AWS::StepFunctions::StateMachine': 'stepfunctions',
  'AWS::ApiGatewayV2::Api': 'apigateway',
  'AWS::ApiGatewayV2::Stage': 'apigateway',
  'AWS::ApiGatewayV2::Integration': 'apigateway',
  'AWS::ApiGatewayV2::Route': 'apigateway',
  'AWS::ApiGatewayV2::RouteResponse': 'apigateway',
  'AWS::ApiGatewayV2::Authorizer': 'apigateway',
  'AWS::S3::Bucket': 's3',
  'AWS::Scheduler::Schedule': 'scheduler',
  'AWS::SecretsManager::Secret': 'secrets',
  // Only as a dead-letter queue: what would land in it lands in the dead-letter store instead.
  'AWS::SQS::Queue': 'dead-letters',
};

/**
 * Types with no local behaviour: access control, encryption keys, logs, metrics and alarms.
 *
 * Differs from AWS: nothing is denied locally (IAM policies, resource policies and Lambda
 * permissions are not enforced), data is not encrypted with the KMS key, log groups keep no
 * logs (each part logs to stderr), alarms never fire and the alarm topic delivers nothing.
 */
const INERT_TYPES: ReadonlySet<string> = new Set([
  'AWS::CDK::Metadata',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Logs::LogGroup',
  'AWS::CloudWatch::Alarm',
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::QueuePolicy',
  'AWS::S3::BucketPolicy',
  'AWS::Lambda::Permission',
  'AWS::Events::EventBusPolicy',
]);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** ARNs a template names as somewhere failures go: dead-letter and on-failure destinations. */
const deadLetterArns = (value: unknown, into = new Set<string>()): Set<string> => {
  if (Array.isArray(value)) {
    for (const v of value) deadLetterArns(v, into);
    return into;
  }
  if (!isObject(value)) return into;
  const dlq = value.DeadLetterConfig;
  if (isObject(dlq) && typeof (dlq.Arn ?? dlq.TargetArn) === 'string') {
    into.add(String(dlq.Arn ?? dlq.TargetArn));
  }
  const onFailure = value.OnFailure;
  if (isObject(onFailure) && typeof onFailure.Destination === 'string') {
    into.add(onFailure.Destination);
  }
  for (const v of Object.values(value)) deadLetterArns(v, into);
  return into;
};

const isUnknownType = (type: string) => !INERT_TYPES.has(type) && !(type in runnableTypes);

/**
 * Throws one error naming every resource whose type the local runtime neither runs nor knowingly
 * ignores. It reads only types and logical ids, so it runs on the template as written, before
 * intrinsics are resolved: a `Fn::GetAtt` on such a resource would otherwise fail first, with
 * an error about a missing attribute instead of one naming the type.
 */
const checkTemplateTypes = (resources: readonly { logicalId: string; type: string }[]): void => {
  const unsupported = resources.filter((r) => isUnknownType(r.type));
  if (unsupported.length) throw new UnsupportedResourcesError(unsupported);
};

/**
 * Throws one error naming every resource the local runtime cannot run: a type that is neither
 * runnable nor inert, or a queue that is not used as a dead-letter queue (nothing reads queues
 * locally, so a queue the app consumes would silently swallow messages).
 */
const checkResourceTypes = (resources: readonly TemplateResource[]): void => {
  const dlqs = deadLetterArns(resources.map((r) => r.properties));
  const unsupported: UnsupportedResource[] = [];
  for (const r of resources) {
    if (INERT_TYPES.has(r.type)) continue;
    if (isUnknownType(r.type)) {
      unsupported.push({ type: r.type, logicalId: r.logicalId });
    } else if (r.type === 'AWS::SQS::Queue' && !dlqs.has(r.attributes.Arn ?? '')) {
      unsupported.push({
        type: r.type,
        logicalId: r.logicalId,
        reason: 'only queues used as dead-letter or on-failure destinations are emulated',
      });
    }
  }
  if (unsupported.length) throw new UnsupportedResourcesError(unsupported);
};

/** The resources a part runs, in the template's dependency order. */
const resourcesOf = <R extends TemplateResource>(resources: readonly R[], part: LocalPart): R[] =>
  resources.filter((r) => runnableTypes[r.type] === part);

export type { LocalPart };
export { checkResourceTypes, checkTemplateTypes, INERT_TYPES, resourcesOf, runnableTypes };
