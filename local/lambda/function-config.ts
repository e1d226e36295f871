import type { LocalSettings, TemplateResource } from '../contracts.ts';

/** A function of the template, as the local runtime runs it. */
interface LocalFunction {
  logicalId: string;
  name: string;
  arn: string;
  /** `index.handler`: module `index` in the bundle folder, export `handler`. */
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memoryMb: number;
  /** `ReservedConcurrentExecutions`, when the template sets it. */
  reservedConcurrency?: number;
  /** The resolved `Environment.Variables`. */
  variables: Record<string, string>;
  /** The asset hash of `Code.S3Key` (`<hash>.zip`), naming the bundle folder. */
  assetHash: string;
  logGroup: string;
  logFormat: 'Text' | 'JSON';
  /** `DeadLetterConfig.TargetArn`: where failed asynchronous events go without a destination. */
  deadLetterTarget?: string;
}

const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/**
 * Reads a function resource, or says why the local runtime cannot run it: only zip packages of
 * bundled assets on a Node.js runtime run here.
 */
const readFunction = (
  resource: TemplateResource,
  settings: LocalSettings,
): LocalFunction | { problem: string } => {
  const p = resource.properties;
  const at = `AWS::Lambda::Function ${resource.logicalId}`;
  if (p.PackageType === 'Image') return { problem: `${at}: container images do not run locally` };
  const runtime = text(p.Runtime) ?? '';
  if (!runtime.startsWith('nodejs')) {
    return { problem: `${at}: runtime ${runtime || '(none)'} does not run locally (Node.js only)` };
  }
  const code = (p.Code ?? {}) as Record<string, unknown>;
  const key = text(code.S3Key) ?? '';
  if (!key.endsWith('.zip')) {
    return {
      problem: `${at}: Code has no bundled asset (S3Key '<hash>.zip'); inline code does not run locally`,
    };
  }
  const name = text(p.FunctionName) ?? resource.ref;
  const env = ((p.Environment ?? {}) as { Variables?: Record<string, unknown> }).Variables ?? {};
  const logging = (p.LoggingConfig ?? {}) as Record<string, unknown>;
  const reserved = p.ReservedConcurrentExecutions;
  const deadLetter = text((p.DeadLetterConfig as Record<string, unknown> | undefined)?.TargetArn);
  return {
    logicalId: resource.logicalId,
    name,
    arn:
      resource.attributes.Arn ??
      `arn:aws:lambda:${settings.region}:${settings.accountId}:function:${name}`,
    handler: text(p.Handler) ?? 'index.handler',
    runtime,
    timeoutSeconds: Number(p.Timeout ?? DEFAULT_TIMEOUT_SECONDS),
    memoryMb: Number(p.MemorySize ?? DEFAULT_MEMORY_MB),
    ...(reserved === undefined ? {} : { reservedConcurrency: Number(reserved) }),
    variables: Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, text(v) ?? JSON.stringify(v)]),
    ),
    assetHash: key.slice(0, -'.zip'.length),
    logGroup: text(logging.LogGroup) ?? `/aws/lambda/${name}`,
    logFormat: logging.LogFormat === 'JSON' ? 'JSON' : 'Text',
    ...(deadLetter ? { deadLetterTarget: deadLetter } : {}),
  };
};

/**
 * The variables the function sees: its own, then the caller's (endpoints, fake credentials: they
 * must win so no function reaches real AWS), then those Lambda itself sets per function, which a
 * template cannot override on AWS either. Nothing is inherited from the runtime's own process,
 * so a developer's real AWS profile never leaks into a function.
 *
 * Differs from AWS: `NODE_OPTIONS` reaches `process.env` but its flags are not applied, since
 * every worker thread runs in the runtime's own Node process with its flags.
 */
const functionEnvironment = (
  fn: LocalFunction,
  settings: LocalSettings,
  environment: Record<string, string>,
  codeDir: string,
): Record<string, string> => ({
  PATH: '/usr/local/bin:/usr/bin:/bin',
  LANG: 'en_US.UTF-8',
  // Differs from AWS: TZ is set as on Lambda, but worker threads share the process's time zone.
  TZ: ':UTC',
  ...fn.variables,
  ...environment,
  AWS_REGION: settings.region,
  AWS_DEFAULT_REGION: settings.region,
  AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
  AWS_LAMBDA_FUNCTION_NAME: fn.name,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
  AWS_LAMBDA_LOG_STREAM_NAME: 'local',
  AWS_LAMBDA_LOG_FORMAT: fn.logFormat,
  LAMBDA_TASK_ROOT: codeDir,
  _HANDLER: fn.handler,
});

export type { LocalFunction };
export { functionEnvironment, readFunction };
