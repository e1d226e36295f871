import { readFileSync } from 'node:fs';
import { createApiGateway } from './apigateway/index.ts';
import { ensureAssembly } from './assembly.ts';
import type { LambdaInvoker, LocalLogger, LocalService, LocalSettings } from './contracts.ts';
import { REPOSITORY_ROOT } from './data-folder.ts';
import { createDeadLetters } from './dead-letters/index.ts';
import { createDynamoDb } from './dynamodb/index.ts';
import { createEdge } from './edge/index.ts';
import { createEventBridge } from './eventbridge/index.ts';
import { createLambda } from './lambda/index.ts';
import { createS3 } from './s3/index.ts';
import { createScheduler } from './scheduler/index.ts';
import { createSecrets } from './secrets/index.ts';
import { createStepFunctions } from './stepfunctions/index.ts';
import { createStreams } from './streams/index.ts';
import {
  checkResourceTypes,
  checkTemplateTypes,
  loadStack,
  resourcesOf,
} from './template/index.ts';

/** How to run the application locally. */
interface RuntimeOptions {
  settings: LocalSettings;
  logger: LocalLogger;
  /** Ports of the HTTP and WebSocket APIs; 0 asks for free ones. Defaults 4567 and 4568. */
  ports?: { http?: number; webSocket?: number };
  /** The whole Baton configuration the functions use (`BATON_CONFIG`), as JSON text. */
  batonConfig?: string;
  /** Synthesize even when `cdk.out` looks up to date. */
  synthesize?: boolean;
  /** WebSocket limits: connection duration and idle timeout, in seconds. */
  webSocketLimits?: { maxConnectionSeconds?: number; idleTimeoutSeconds?: number };
  /** Waits before Lambda's asynchronous retries; Lambda's own one and two minutes by default. */
  asyncRetryDelayMs?: (retry: number) => number;
  /** Where the functions' own output lines go, with the function's name; stderr by default. */
  functionOutput?: (line: string, functionName: string) => void;
  /** Start one environment of every function once the runtime is up; default true. */
  prewarm?: boolean;
}

/** The running application: where to reach it, and how to stop it. */
interface Runtime {
  edgeUrl: string;
  httpUrl: string | undefined;
  webSocketUrl: string | undefined;
  stackName: string;
  /** The stack's outputs, resolved as CloudFormation would (`EventBusName`, ...). */
  outputs: Record<string, string>;
  /** Settles once every function has a warm environment (at once when prewarming is off). */
  warm: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the synthesized application on this machine: loads the stack template from the cloud
 * assembly, refuses resource types it cannot run, and starts each local service in order, the
 * edge port first so every function's endpoint is known; stops them in reverse.
 *
 * @example const runtime = await startRuntime({ settings, logger }); await runtime.stop();
 */
const startRuntime = async (options: RuntimeOptions): Promise<Runtime> => {
  const { settings, logger } = options;
  const assembly = await ensureAssembly(REPOSITORY_ROOT, logger, settings, {
    force: options.synthesize ?? false,
  });
  // Types first, on the template as written: a Fn::GetAtt on a resource of a type with no local
  // part would otherwise fail to resolve before the type is named.
  const stack = loadStack(assembly, settings, { checkTypes: checkTemplateTypes });
  for (const warning of stack.warnings) logger.warn(warning);
  const resources = stack.resources;
  checkResourceTypes(resources);
  const log = (name: string) => logger.child(name);

  const started: LocalService[] = [];
  const start = async (service: LocalService) => {
    await service.start();
    started.push(service);
  };
  const stop = async () => {
    for (const service of started.reverse()) {
      try {
        await service.stop();
      } catch (error) {
        logger.warn('service did not stop cleanly', {
          service: service.name,
          error: (error as Error).message,
        });
      }
    }
  };

  try {
    const edge = createEdge({ port: settings.edgePort, host: '127.0.0.1', logger: log('edge') });
    await start(edge);
    const deadLetters = createDeadLetters({
      settings,
      logger: log('dead-letters'),
      queues: resourcesOf(resources, 'dead-letters'),
    });
    await start(deadLetters.service);
    const dynamo = createDynamoDb({
      settings,
      logger: log('dynamodb'),
      tables: resourcesOf(resources, 'dynamodb'),
    });
    edge.addRoute(dynamo.route);
    await start(dynamo.service);
    const secrets = createSecrets({
      settings,
      logger: log('secrets'),
      secrets: resourcesOf(resources, 'secrets'),
    });
    edge.addRoute(secrets.route);
    await start(secrets.service);
    const s3 = createS3({ settings, logger: log('s3'), buckets: resourcesOf(resources, 's3') });
    edge.addRoute(s3.route);
    await start(s3.service);

    // The API Gateway needs the Lambda invoker and the functions need its callback URL: the
    // invoker is handed over lazily, once the functions exist.
    let invoker: LambdaInvoker | undefined;
    const lazyInvoker: LambdaInvoker = {
      invoke: (id, payload) => (invoker as LambdaInvoker).invoke(id, payload),
      has: (id) => invoker?.has(id) ?? false,
    };
    const apis = createApiGateway({
      settings,
      logger: log('apigateway'),
      lambda: lazyInvoker,
      resources: resources.filter((r) => r.type.startsWith('AWS::ApiGatewayV2::')),
      ports: options.ports,
      edgeUrl: edge.url,
      limits: {
        ...(options.webSocketLimits?.maxConnectionSeconds
          ? { connectionDurationMs: options.webSocketLimits.maxConnectionSeconds * 1_000 }
          : {}),
        ...(options.webSocketLimits?.idleTimeoutSeconds
          ? { idleTimeoutMs: options.webSocketLimits.idleTimeoutSeconds * 1_000 }
          : {}),
      },
    });
    edge.addRoute(apis.route);

    const lambda = createLambda({
      settings,
      logger: log('lambda'),
      deadLetters: deadLetters.store,
      functions: resources.filter((r) => r.type === 'AWS::Lambda::Function'),
      invokeConfigs: resources.filter((r) => r.type === 'AWS::Lambda::EventInvokeConfig'),
      assetDir: stack.assetDir,
      environment: {
        AWS_ENDPOINT_URL: edge.url,
        AWS_ACCESS_KEY_ID: 'batonlocal',
        AWS_SECRET_ACCESS_KEY: 'batonlocal',
        AWS_REGION: settings.region,
        AWS_DEFAULT_REGION: settings.region,
        ...(apis.callbackUrl ? { WEBSOCKET_CALLBACK_URL: apis.callbackUrl } : {}),
        ...(options.batonConfig ? { BATON_CONFIG: options.batonConfig } : {}),
      },
      ...(options.asyncRetryDelayMs ? { asyncRetryDelayMs: options.asyncRetryDelayMs } : {}),
      ...(options.functionOutput ? { output: options.functionOutput } : {}),
    });
    invoker = lambda.invoker;
    edge.addRoute(lambda.route);
    await start(lambda.service);

    const stepFunctions = createStepFunctions({
      settings,
      logger: log('stepfunctions'),
      lambda: lambda.invoker,
    });
    edge.addRoute(stepFunctions.route);
    await stepFunctions.deploy(
      resources.filter((r) => r.type === 'AWS::StepFunctions::StateMachine'),
      (key) => readFileSync(stack.assetDir(key), 'utf8'),
    );
    await start(stepFunctions.service);

    // EventBridge hands events to Lambda asynchronously, as on AWS: a target is delivered once
    // Lambda accepts the event, and the function's own errors follow its asynchronous invoke
    // configuration (retries, then its on-failure destination).
    const events = createEventBridge({
      settings,
      logger: log('eventbridge'),
      lambda: {
        invoke: async (id, payload) => lambda.invokeAsync(id, payload),
        has: (id) => lambda.invoker.has(id),
      },
      deadLetters: deadLetters.store,
    });
    events.deploy(resources);
    edge.addRoute(events.route);
    await start(events.service);

    await start(apis.service);
    await start(
      createStreams({
        settings,
        logger: log('streams'),
        lambda: lambda.invoker,
        deadLetters: deadLetters.store,
        mappings: resources.filter((r) => r.type === 'AWS::Lambda::EventSourceMapping'),
        tables: resourcesOf(resources, 'dynamodb'),
        endpoint: edge.url,
      }).service,
    );
    await start(
      createScheduler({
        logger: log('scheduler'),
        lambda: { invokeAsync: (id, payload) => lambda.invokeAsync(id, payload) },
        schedules: resources.filter(
          (r) =>
            r.type === 'AWS::Scheduler::Schedule' ||
            (r.type === 'AWS::Events::Rule' && r.properties.ScheduleExpression !== undefined),
        ),
        deadLetters: deadLetters.store,
      }).service,
    );
    // Last, so the asynchronous events an earlier run left queued find every service up; first
    // to stop, so no retry starts against a service already stopped.
    await start(lambda.asyncEvents);

    const began = performance.now();
    const warm =
      (options.prewarm ?? true)
        ? lambda.prewarm().then(() => {
            const seconds = Number(((performance.now() - began) / 1_000).toFixed(1));
            logger.info('functions warm', { seconds });
          })
        : Promise.resolve();
    return {
      edgeUrl: edge.url,
      httpUrl: apis.httpUrl,
      webSocketUrl: apis.webSocketUrl,
      stackName: stack.stackName,
      outputs: stack.outputs,
      warm,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

export type { Runtime, RuntimeOptions };
export { startRuntime };
