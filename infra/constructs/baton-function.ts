import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { type IGrantable, type IPrincipal, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import {
  Architecture,
  Code,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { handlerBundle } from './handler-bundles.ts';
import { acknowledgeDataKeyUse } from './nag.ts';

/** Who invokes a function; asynchronous invokers get a failure destination. */
type Invoker =
  | 'eventbridge-rule'
  | 'scheduler'
  | 'http-api'
  | 'websocket-api'
  | 'step-functions'
  | 'dynamodb-stream';

const SYNCHRONOUS_CALLERS: Partial<Record<Invoker, string>> = {
  'http-api': 'the HTTP API, which returns the error to the client',
  'websocket-api': 'the WebSocket API, which returns the error to the client',
  'step-functions': 'Step Functions, whose Retry and Catch handle the error',
  'dynamodb-stream': 'a stream event source mapping, whose on-failure queue takes the batch',
};

/** Properties of {@link BatonFunction}. */
interface BatonFunctionProps {
  /** The stage; the function is named `baton-<stage>-<handler>`. */
  readonly stage: string;
  /** The handler's file in `functions/`, without `.ts`, e.g. `ingest-event`. */
  readonly handler: string;
  /** Who invokes it; EventBridge and Scheduler invoke asynchronously. */
  readonly invokedBy: Invoker;
  /** The key of the failure queue of an asynchronously invoked function. */
  readonly encryptionKey: IKey;
  /** Memory in MB; CPU, and so cold start time, scale with it. @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /**
   * How long Lambda keeps retrying a failed asynchronous invocation before it dead-letters it.
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
  /** Powertools log level. @default 'INFO' */
  readonly logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Whether the log group outlives the stack. @default true */
  readonly retainLogs?: boolean;
}

/**
 * What a function may do: a grant together with the environment variable that tells the handler
 * where, so neither is ever set without the other.
 */
type Access = (fn: BatonFunction) => void;

/**
 * One Lambda handler from `functions/`, bundled with the local esbuild (no Docker) as an ESM
 * bundle for Node 24 on arm64 (see `handler-bundles.ts`). Names are kept because ASL Retry and
 * Catch match error names.
 */
class BatonFunction extends Construct implements IGrantable {
  readonly function: LambdaFunction;
  readonly handlerName: string;
  readonly grantPrincipal: IPrincipal;
  /** Where failed asynchronous invocations go, after Lambda's own two retries. */
  readonly failures?: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: BatonFunctionProps) {
    super(scope, id);
    const functionName = `baton-${props.stage}-${props.handler}`;
    this.handlerName = props.handler;
    const logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: (props.retainLogs ?? true) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Our own role instead of AWSLambdaBasicExecutionRole: it may write to its log group only.
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    });
    logGroup.grantWrite(role);
    this.grantPrincipal = role;

    const asynchronous = !(props.invokedBy in SYNCHRONOUS_CALLERS);
    if (asynchronous) {
      this.failures = new DeadLetterQueue(this, 'Failures', {
        stage: props.stage,
        purpose: `${props.handler}-failures`,
        encryptionKey: props.encryptionKey,
      });
      acknowledgeDataKeyUse(role);
    }

    // Tests that skip bundling (`aws:cdk:bundling-stacks`) get an empty asset instead.
    const code = Stack.of(this).bundlingRequired
      ? Code.fromAsset(handlerBundle(props.handler))
      : Code.fromInline('export const handler = () => {};');
    this.function = new LambdaFunction(this, 'Function', {
      functionName,
      code,
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        STAGE: props.stage,
        POWERTOOLS_SERVICE_NAME: 'baton',
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        // Stack traces point into functions/, domain/ and schemas/, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      ...(this.failures && {
        onFailure: new SqsDestination(this.failures.queue),
        retryAttempts: 2,
        maxEventAge: props.maxEventAge ?? Duration.hours(6),
      }),
    });
    this.acknowledgeFindings(props.invokedBy, role);
  }

  /** Grants each access and sets its environment variable. */
  allow(...access: Access[]): this {
    for (const grant of access) grant(this);
    return this;
  }

  /** Sets an environment variable the handler reads. */
  setEnvironment(name: string, value: string): void {
    this.function.addEnvironment(name, value);
  }

  private acknowledgeFindings(invokedBy: Invoker, role: Role): void {
    const unscoped =
      invokedBy === 'dynamodb-stream'
        ? "X-Ray PutTraceSegments and PutTelemetryRecords, and the stream mapping's dynamodb:ListStreams,"
        : 'X-Ray PutTraceSegments and PutTelemetryRecords';
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `${unscoped} support no resource-level permissions.`,
    });
    const caller = SYNCHRONOUS_CALLERS[invokedBy];
    const reason = caller
      ? `Invoked synchronously by ${caller}; an asynchronous dead-letter target would never fire.`
      : 'Failed asynchronous invocations go to the on-failure destination, which keeps the error with the event; a dead-letter config would duplicate it.';
    Validations.of(this.function).acknowledge({ id: 'Serverless-LambdaDLQ', reason });
    if (caller) {
      Validations.of(this.function).acknowledge({
        id: 'Serverless-LambdaAsyncFailureDestination',
        reason,
      });
    }
  }
}

export type { Access, BatonFunctionProps, Invoker };
export { BatonFunction };
