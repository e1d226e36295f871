import { EventBridgeDeployError } from './errors.ts';
import type { InputTransformer, RetryPolicy, RuleTarget } from './model.ts';

/** EventBridge's defaults when a target has no retry policy: 185 attempts over 24 hours. */
const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maximumRetryAttempts: 185,
  maximumEventAgeSeconds: 86_400,
};

const LAMBDA_FUNCTION_ARN = /^arn:aws[\w-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;
const SQS_QUEUE_ARN = /^arn:aws[\w-]*:sqs:[^:]*:[^:]*:[^:]+$/;

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

const numberOr = (value: unknown, fallback: number): number => {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : fallback;
};

const serviceOf = (arn: string): string => /^arn:[^:]+:([^:]+):/.exec(arn)?.[1] ?? 'unknown';

const parseTransformer = (value: unknown): InputTransformer | undefined => {
  if (value === undefined) return undefined;
  const transformer = record(value);
  const template = transformer.InputTemplate;
  return {
    pathsMap: Object.fromEntries(
      Object.entries(record(transformer.InputPathsMap)).map(([name, path]) => [name, String(path)]),
    ),
    template: typeof template === 'string' ? template : JSON.stringify(template ?? ''),
  };
};

/**
 * Reads one `Targets` entry of an `AWS::Events::Rule`. Only Lambda functions run locally; any
 * other target type is an error at deploy that names the rule, the target and its service.
 */
const parseTarget = (value: unknown, where: string): RuleTarget => {
  const target = record(value);
  const id = optionalString(target.Id) ?? '(no Id)';
  const arn = optionalString(target.Arn) ?? '';
  if (!LAMBDA_FUNCTION_ARN.test(arn)) {
    throw new EventBridgeDeployError(
      `${where}: target ${id} (${arn || 'no Arn'}) is a ${serviceOf(arn)} target; ` +
        'the local EventBridge delivers only to Lambda functions',
    );
  }
  const retry = record(target.RetryPolicy);
  const deadLetterArn = optionalString(record(target.DeadLetterConfig).Arn);
  if (deadLetterArn !== undefined && !SQS_QUEUE_ARN.test(deadLetterArn)) {
    throw new EventBridgeDeployError(
      `${where}: target ${id} has a dead-letter queue that is not an SQS queue ARN: ${deadLetterArn}`,
    );
  }
  const input =
    target.Input === undefined
      ? undefined
      : typeof target.Input === 'string'
        ? target.Input
        : JSON.stringify(target.Input);
  const inputPath = optionalString(target.InputPath);
  const inputTransformer = parseTransformer(target.InputTransformer);
  if ([input, inputPath, inputTransformer].filter((x) => x !== undefined).length > 1) {
    throw new EventBridgeDeployError(
      `${where}: target ${id} sets more than one of Input, InputPath and InputTransformer`,
    );
  }
  return {
    id,
    arn,
    retryPolicy: {
      maximumRetryAttempts: numberOr(
        retry.MaximumRetryAttempts,
        DEFAULT_RETRY_POLICY.maximumRetryAttempts,
      ),
      maximumEventAgeSeconds: numberOr(
        retry.MaximumEventAgeInSeconds,
        DEFAULT_RETRY_POLICY.maximumEventAgeSeconds,
      ),
    },
    ...(deadLetterArn !== undefined && { deadLetterArn }),
    ...(input !== undefined && { input }),
    ...(inputPath !== undefined && { inputPath }),
    ...(inputTransformer !== undefined && { inputTransformer }),
  };
};

export { DEFAULT_RETRY_POLICY, parseTarget, record };
